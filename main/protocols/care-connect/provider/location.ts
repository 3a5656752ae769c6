/** Id, version and absolute URL of a stored Appointment, from `Location` (digest §1.5, §8). */
export interface AppointmentLocation {
  id: string;
  version: string | undefined;
  url: string;
}

/** Reads `[base]/Appointment/<id>/_history/<v>`; a relative value is made absolute against the service root. */
export function parseAppointmentLocation(location: string, serviceRoot: string): AppointmentLocation | undefined {
  let url: URL;
  try {
    url = new URL(location, `${serviceRoot.replace(/\/+$/, '')}/`);
  } catch {
    return undefined;
  }
  const match = /\/Appointment\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/([A-Za-z0-9\-.]{1,64}))?\/?$/.exec(url.pathname);
  if (match?.[1] === undefined) return undefined;
  return { id: match[1], version: match[2], url: url.toString() };
}

/** The version from an ETag `W/"3"`, or undefined. */
export function versionFromEtag(etag: string | undefined): string | undefined {
  return etag === undefined ? undefined : /^(?:W\/)?"([^"]+)"$/.exec(etag.trim())?.[1];
}
