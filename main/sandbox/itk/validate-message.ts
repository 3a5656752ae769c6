import { XMLParser, XMLValidator } from 'fast-xml-parser';

/** A message the receiver refuses, with the ITK error code it answers in the fault. */
export class ItkInvalid extends Error {
  override readonly name = 'ItkInvalid';
  constructor(
    readonly errorCode: string,
    message: string,
  ) {
    super(message);
  }
}

/** What the receiver takes from a valid message. */
export interface ItkReceived {
  messageId: string;
  action: string;
  to: string;
  from: string;
  service: string;
  trackingId: string;
  interaction?: string;
  /** ClinicalDocument/id/@root. */
  documentId: string;
  messageType?: string;
  /** The href in the "Booked Appointment Information" section, when the document carries one. */
  appointmentUrl?: string;
}

type Node = Record<string, unknown>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', parseTagValue: false, parseAttributeValue: false, processEntities: true, htmlEntities: false });

/** A child element by local name, whatever prefix the sender used. */
function el(node: unknown, name: string): unknown {
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return undefined;
  const key = Object.keys(node).find((k) => k === name || k.endsWith(`:${name}`));
  return key === undefined ? undefined : (node as Node)[key];
}

const list = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

function str(v: unknown): string | undefined {
  if (typeof v === 'string') return v.trim();
  if (v !== null && typeof v === 'object' && typeof (v as Node)['#text'] === 'string') return ((v as Node)['#text'] as string).trim();
  return undefined;
}

function required(v: unknown, what: string): string {
  const s = str(v);
  if (s === undefined || s === '') throw new ItkInvalid('1000', `${what} is missing`);
  return s;
}

const attr = (node: unknown, name: string): string | undefined => (node !== null && typeof node === 'object' ? str((node as Node)[`@${name}`]) : undefined);

/** Finds the href of a linkHtml anywhere under the "Booked Appointment Information" section. */
function bookedUrl(clinicalDocument: unknown): string | undefined {
  const components = list(el(el(el(clinicalDocument, 'component'), 'structuredBody'), 'component'));
  for (const c of components) {
    const section = el(c, 'section');
    if (str(el(section, 'title')) !== 'Booked Appointment Information') continue;
    const found = findHref(el(section, 'text'));
    if (found !== undefined) return found;
  }
  return undefined;
}

function findHref(node: unknown): string | undefined {
  if (node === null || typeof node !== 'object') return undefined;
  for (const [k, v] of Object.entries(node as Node)) {
    if (k === 'linkHtml' || k.endsWith(':linkHtml')) {
      const href = list(v).map((x) => attr(x, 'href')).find((h) => h !== undefined);
      if (href !== undefined) return href;
    }
    for (const item of list(v)) {
      const inner = findHref(item);
      if (inner !== undefined) return inner;
    }
  }
  return undefined;
}

/**
 * Checks what an ITK endpoint checks before it acknowledges: well-formed XML, the SOAP and
 * WS-Addressing headers, the distribution envelope (manifest matches payloads) and a CDA
 * document with an id.
 */
export function validateItkMessage(body: string): ItkReceived {
  if (body.trim() === '') throw new ItkInvalid('1000', 'the message is empty');
  // fast-xml-validator (the successor) is not a dependency we may add.
  // eslint-disable-next-line @typescript-eslint/no-deprecated
  const wellFormed = XMLValidator.validate(body);
  if (wellFormed !== true) throw new ItkInvalid('1000', `the message is not well-formed XML: ${wellFormed.err.msg} (line ${wellFormed.err.line})`);
  const envelope = el(parser.parse(body) as unknown, 'Envelope');
  if (envelope === undefined) throw new ItkInvalid('1000', 'no SOAP Envelope');
  const header = el(envelope, 'Header');
  const messageId = required(el(header, 'MessageID'), 'wsa:MessageID');
  const action = required(el(header, 'Action'), 'wsa:Action');
  const to = required(el(header, 'To'), 'wsa:To');
  const from = required(el(el(header, 'From'), 'Address'), 'wsa:From/wsa:Address');
  const de = el(el(envelope, 'Body'), 'DistributionEnvelope');
  if (de === undefined) throw new ItkInvalid('1000', 'no itk:DistributionEnvelope in the SOAP Body');
  const itkHeader = el(de, 'header');
  const service = attr(itkHeader, 'service');
  const trackingId = attr(itkHeader, 'trackingid');
  if (service === undefined || trackingId === undefined) throw new ItkInvalid('1000', 'itk:header needs service and trackingid');
  if (service !== action) throw new ItkInvalid('1000', `wsa:Action ${action} does not match the ITK service ${service}`);
  if (list(el(el(itkHeader, 'addresslist'), 'address')).length === 0) throw new ItkInvalid('1000', 'itk:addresslist has no address');
  if (attr(el(itkHeader, 'senderAddress'), 'uri') === undefined) throw new ItkInvalid('1000', 'itk:senderAddress is missing');
  const items = list(el(el(itkHeader, 'manifest'), 'manifestitem'));
  const payloads = list(el(el(de, 'payloads'), 'payload'));
  if (items.length === 0 || items.length !== payloads.length) throw new ItkInvalid('1000', `the manifest lists ${items.length} items but there are ${payloads.length} payloads`);
  const ids = new Set(items.map((i) => attr(i, 'id')));
  if (!payloads.every((p) => ids.has(attr(p, 'id')))) throw new ItkInvalid('1000', 'a payload id is not in the manifest');
  const interaction = list(el(el(itkHeader, 'handlingSpecification'), 'spec')).find((s) => attr(s, 'key') === 'urn:nhs-itk:ns:201005:interaction');
  const cda = el(payloads[0], 'ClinicalDocument');
  if (cda === undefined) throw new ItkInvalid('2000', 'the payload is not a CDA ClinicalDocument');
  const documentId = attr(el(cda, 'id'), 'root');
  if (documentId === undefined || !UUID.test(documentId)) throw new ItkInvalid('2000', 'ClinicalDocument/id/@root is missing or not a UUID');
  const messageType = attr(el(cda, 'messageType'), 'extension');
  const appointmentUrl = bookedUrl(cda);
  const interactionValue = attr(interaction, 'value');
  return {
    messageId,
    action,
    to,
    from,
    service,
    trackingId,
    documentId,
    ...(interactionValue !== undefined ? { interaction: interactionValue } : {}),
    ...(messageType !== undefined ? { messageType } : {}),
    ...(appointmentUrl !== undefined ? { appointmentUrl } : {}),
  };
}
