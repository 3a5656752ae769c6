/** The DoS bookability rules (digest §1.1, §8) over the workflow's own DosService port type: pure, protocol-neutral. */
import type { DosEndpoint, DosService } from './ports';

export type Bookability =
  | { kind: 'not-bookable'; detail: string }
  | { kind: 'misconfigured'; detail: string }
  | { kind: 'bookable'; asid: string; endpoint: DosEndpoint };

/** Spine ASIDs are 12 digits. */
const ASID = /^\d{12}$/;

/** Is this the standard's booking endpoint: transport http, format FHIR, interaction Scheduling (digest §1.1)? */
export function isSchedulingEndpoint(e: DosEndpoint): boolean {
  return e.transport.trim().toLowerCase() === 'http' && e.format.trim().toLowerCase() === 'fhir' && e.interaction.trim().toLowerCase() === 'scheduling';
}

/** The ASID in a Scheduling endpoint's address: `ASID:123456789012` or a bare ASID. */
export function asidFromAddress(address: string): string | undefined {
  const value = address.trim().replace(/^asid\s*:\s*/i, '');
  return ASID.test(value) ? value : undefined;
}

/** Decides bookability (digest §1.1): none → referral only; several → configuration error; one → its ASID. */
export function bookabilityOf(service: DosService): Bookability {
  const scheduling = service.endpoints.filter(isSchedulingEndpoint);
  if (scheduling.length === 0) return { kind: 'not-bookable', detail: `DoS service ${service.id} has no Scheduling endpoint` };
  if (scheduling.length > 1) {
    return { kind: 'misconfigured', detail: `DoS service ${service.id} has ${scheduling.length} Scheduling endpoints; the standard allows one` };
  }
  const endpoint = scheduling[0] as DosEndpoint;
  const asid = asidFromAddress(endpoint.address);
  if (asid === undefined) {
    return { kind: 'misconfigured', detail: `DoS service ${service.id} Scheduling endpoint address is not an ASID: ${JSON.stringify(endpoint.address.slice(0, 40))}` };
  }
  return { kind: 'bookable', asid, endpoint };
}

/** The ITK endpoint for the CDA referral (digest §8): transport itk, format CDA, Primary first, then by order. */
export function itkEndpointOf(service: DosService): DosEndpoint | undefined {
  const itk = service.endpoints.filter((e) => e.transport.trim().toLowerCase() === 'itk' && e.format.trim().toLowerCase() === 'cda');
  const rank = (e: DosEndpoint): number => (/^primary$/i.test(e.businessScenario ?? '') ? 0 : 1);
  return [...itk].sort((a, b) => rank(a) - rank(b) || (a.order ?? Number.MAX_SAFE_INTEGER) - (b.order ?? Number.MAX_SAFE_INTEGER))[0];
}
