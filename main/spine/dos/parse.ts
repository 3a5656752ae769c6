import { XMLParser } from 'fast-xml-parser';
import type { DosEndpoint, DosService, RequireBookingAttribute } from '../../workflow/ports';
import { openingSessionsOf } from './opening-times';
import { isNode, list, text, type Node } from './xml-node';

/** A DoS answer that could not be used: a SOAP fault or an unreadable body. */
export class DosResponseError extends Error {
  override readonly name = 'DosResponseError';
  constructor(
    readonly kind: 'fault' | 'malformed',
    message: string,
    readonly faultCode?: string,
  ) {
    super(message);
  }
}

const LISTS = new Set(['ServiceCareSummaryDestination', 'ServiceDetails', 'Endpoint', 'endpoint', 'ServiceAttribute', 'attribute', 'service', 'ServiceCareItemRotaSession', 'openTimeSpecified']);

// parseTagValue off: ASIDs, ids and ODS codes stay strings (a 12-digit ASID is not a number).
const parser = new XMLParser({
  removeNSPrefix: true,
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
  isArray: (name) => LISTS.has(name),
});

/** The SOAP Body, or a DosResponseError for a fault or a body that is not a SOAP envelope. */
export function soapBody(xml: string): Node {
  let doc: unknown;
  try {
    doc = parser.parse(xml);
  } catch (error) {
    throw new DosResponseError('malformed', `not XML: ${(error as Error).message.slice(0, 120)}`);
  }
  const envelope = isNode(doc) ? doc.Envelope : undefined;
  const body = isNode(envelope) ? envelope.Body : undefined;
  if (!isNode(body)) throw new DosResponseError('malformed', 'not a SOAP envelope');
  const fault = body.Fault;
  if (isNode(fault)) {
    // SOAP 1.1 (faultcode/faultstring) and SOAP 1.2 (Code/Value, Reason/Text) both occur.
    const code = text(fault.faultcode) ?? text(isNode(fault.Code) ? fault.Code.Value : undefined);
    const reason = text(fault.faultstring) ?? text(isNode(fault.Reason) ? fault.Reason.Text : undefined) ?? 'no reason given';
    throw new DosResponseError('fault', `SOAP fault ${code ?? ''}: ${reason}`.replace('  ', ' '), code);
  }
  return body;
}

/** Endpoint from the older `|`-delimited string: address|interaction|format|scenario|transport|compression. */
export function parseDelimitedEndpoint(raw: string): DosEndpoint | undefined {
  const parts = raw.split('|').map((p) => p.trim());
  if (parts.length < 4) return undefined;
  const [address = '', interaction = '', format = '', businessScenario] = parts;
  const compression = parts.length >= 5 ? parts[parts.length - 1] : undefined;
  const middle = parts.slice(4, -1).filter((p) => p !== '');
  const order = middle.find((p) => /^\d+$/.test(p));
  const declared = middle.find((p) => !/^\d+$/.test(p));
  // Older records omit the transport; FHIR endpoints are only ever http and CDA ones itk.
  const transport = declared ?? (/^fhir$/i.test(format) ? 'http' : /^cda$/i.test(format) ? 'itk' : '');
  return {
    address,
    interaction,
    format,
    transport,
    ...(businessScenario ? { businessScenario } : {}),
    ...(compression ? { compression } : {}),
    ...(order === undefined ? {} : { order: Number(order) }),
  };
}

function endpointOf(node: Node | string): DosEndpoint | undefined {
  if (typeof node === 'string') return parseDelimitedEndpoint(node);
  const structured = text(node.transport) !== undefined || text(node.address) !== undefined;
  if (!structured) {
    const raw = text(node);
    return raw === undefined ? undefined : parseDelimitedEndpoint(raw);
  }
  const order = text(node.endpointOrder) ?? text(node.order);
  const optional = (key: string, value: string | undefined): Record<string, string> => (value === undefined ? {} : { [key]: value });
  return {
    transport: text(node.transport) ?? '',
    format: text(node.format) ?? '',
    interaction: text(node.interaction) ?? '',
    address: text(node.address) ?? '',
    ...(order !== undefined && /^\d+$/.test(order) ? { order: Number(order) } : {}),
    ...optional('businessScenario', text(node.businessScenario)),
    ...optional('compression', text(node.compression)),
    ...optional('comment', text(node.comment)),
  };
}

function endpointsOf(service: Node): DosEndpoint[] {
  const container = service.serviceEndpoints ?? service.endpoints;
  const raw: unknown[] = [];
  if (typeof container === 'string') raw.push(...container.split(/\r?\n/));
  else if (isNode(container)) {
    for (const value of [container.Endpoint, container.endpoint]) {
      if (Array.isArray(value)) raw.push(...(value as unknown[]));
    }
  }
  return raw
    .map((item) => (typeof item === 'string' ? parseDelimitedEndpoint(item) : isNode(item) ? endpointOf(item) : undefined))
    .filter((e): e is DosEndpoint => e !== undefined);
}

/**
 * The booking-only flag's names: `REQUIRESAPPOINTMENT` is the assurance script's (C2–C4); the
 * older `REQUIREAPPOINTMENT` and `requirebooking` are still read, since DoS records carry all three.
 */
const BOOKING_ONLY_ATTRIBUTES = new Set(['requiresappointment', 'requireappointment', 'requirebooking']);

/** The values that mean "yes": the script's scenario writes `=Y`, its detail "true". */
const YES = new Set(['true', 'y', 'yes']);

export interface DosServiceAttribute {
  name: string;
  value?: string;
}

/**
 * Absent, false or true (digest §8, C2–C4): only present and yes means booking only; any other
 * value (N, false, blank, nonsense) is not booking only, so a referral is never blocked by a typo.
 */
export function requireBookingFrom(attributes: readonly DosServiceAttribute[]): RequireBookingAttribute {
  const found = attributes.filter((a) => BOOKING_ONLY_ATTRIBUTES.has(a.name.trim().toLowerCase()));
  if (found.length === 0) return 'absent';
  return found.some((a) => YES.has(a.value?.trim().toLowerCase() ?? '')) ? 'true' : 'false';
}

function requireBookingOf(service: Node): RequireBookingAttribute {
  const nodes = isNode(service.attributes) ? [...list(service.attributes.ServiceAttribute), ...list(service.attributes.attribute)] : [];
  return requireBookingFrom(
    nodes.flatMap((a) => {
      const name = text(a.name);
      const value = text(a.value);
      return name === undefined ? [] : [{ name, ...(value === undefined ? {} : { value }) }];
    }),
  );
}

function serviceOf(node: Node, rank: number): DosService | undefined {
  const id = text(node.id);
  if (id === undefined) return undefined;
  const type = isNode(node.serviceType) ? node.serviceType : undefined;
  const optional = (key: string, value: string | undefined): Record<string, string> => (value === undefined ? {} : { [key]: value });
  const openingSessions = openingSessionsOf(node);
  return {
    id,
    name: text(node.publicName) ?? text(node.name) ?? id,
    rank,
    requireBooking: requireBookingOf(node),
    endpoints: endpointsOf(node),
    ...optional('typeName', type === undefined ? undefined : text(type.name)),
    ...optional('odsCode', text(node.odsCode)),
    ...optional('address', text(node.address)),
    ...optional('postcode', text(node.postcode)),
    ...distanceOf(node),
    ...(text(node.openAllHours)?.toLowerCase() === 'true' ? { openingStatus: 'Open 24 hours', openAllHours: true } : {}),
    ...(openingSessions.length > 0 ? { openingSessions } : {}),
    ...phoneOf(node),
  };
}

/** A UK phone number as a person dials it: 10 or 11 digits after an optional +44, spaces and brackets allowed. */
const PHONE = /^\(?(\+44\s?|0)[\d\s()-]{9,16}$/;

/**
 * The line a clinician calls about a booking: `nonPublicTelephoneNo` (for professionals) before
 * `contactDetails` (the public number). DoS text is untrusted, so anything that is not plainly a
 * phone number (a name, a note, an email) is left out rather than shown as one.
 */
function phoneOf(node: Node): { phone?: string } {
  for (const raw of [text(node.nonPublicTelephoneNo), text(node.contactDetails)]) {
    const candidate = raw?.replace(/\s+/g, ' ');
    if (candidate === undefined || !PHONE.test(candidate)) continue;
    const digits = candidate.replace(/\D/g, '').replace(/^44/, '0');
    if (digits.length === 10 || digits.length === 11) return { phone: candidate };
  }
  return {};
}

/** `distance` is miles from the search postcode; anything that is not a plain number is left out. */
function distanceOf(node: Node): { distanceMiles?: number } {
  const raw = text(node.distance);
  if (raw === undefined || !/^\d+(\.\d+)?$/.test(raw)) return {};
  return { distanceMiles: Number(raw) };
}

function find(node: unknown, name: string): unknown {
  if (!isNode(node)) return undefined;
  if (name in node) return node[name];
  for (const value of Object.values(node)) {
    const found = find(value, name);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** The ranked services of a CheckCapacitySummary response, in the order DoS sent them. */
export function parseCheckCapacitySummary(xml: string): DosService[] {
  const body = soapBody(xml);
  const response = body.CheckCapacitySummaryResponse;
  if (response === undefined) throw new DosResponseError('malformed', 'no CheckCapacitySummaryResponse in the SOAP body');
  return list(find(response, 'ServiceCareSummaryDestination'))
    .map((node, i) => serviceOf(node, i + 1))
    .filter((s): s is DosService => s !== undefined);
}

/** The one service of a ServiceDetailsById response, or undefined when DoS returned none. */
export function parseServiceDetailsById(xml: string): DosService | undefined {
  const body = soapBody(xml);
  const response = body.ServiceDetailsByIdResponse;
  if (response === undefined) throw new DosResponseError('malformed', 'no ServiceDetailsByIdResponse in the SOAP body');
  const node = list(find(response, 'ServiceDetails'))[0] ?? list(find(response, 'service'))[0];
  return node === undefined ? undefined : serviceOf(node, 1);
}
