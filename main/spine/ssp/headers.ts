import { randomUUID } from 'node:crypto';

export interface SspHeaderInput {
  ourAsid: string;
  providerAsid: string;
  interactionId: string;
  jwt: string;
  /** Reused on a retry of the same request, so the Provider can deduplicate. */
  requestId: string;
  hasBody: boolean;
  ifMatch?: string;
}

export const FHIR_JSON = 'application/fhir+json';

/** The headers every Provider call carries through the SSP (digest §1.3). */
export function sspHeaders(input: SspHeaderInput): Record<string, string> {
  const headers: Record<string, string> = {
    'Ssp-TraceID': randomUUID(),
    'Ssp-From': input.ourAsid,
    'Ssp-To': input.providerAsid,
    'Ssp-InteractionID': input.interactionId,
    Authorization: `Bearer ${input.jwt}`,
    Accept: FHIR_JSON,
    'Accept-Encoding': 'gzip',
    'X-Request-ID': input.requestId,
  };
  if (input.hasBody) headers['Content-Type'] = `${FHIR_JSON};charset=utf-8`;
  if (input.ifMatch !== undefined) headers['If-Match'] = input.ifMatch;
  return headers;
}
