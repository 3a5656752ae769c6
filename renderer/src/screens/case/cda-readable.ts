import { formatDate, formatDateTime } from '../../format/time';

/** The parts of an NHS 111 CDA report a person reads, pulled out of the XML as sent. */
export interface ReadableCda {
  title: string;
  written?: string;
  patient: { name: string; born?: string; nhsNumber?: string; nhsNumberVerified: boolean; address: string[] };
  author?: string;
  recipient?: string;
  sections: { title: string; paragraphs: string[]; items: string[] }[];
}

const NHS_VERIFIED = '2.16.840.1.113883.2.1.4.1';
const NHS_UNVERIFIED = '2.16.840.1.113883.2.1.3.2.4.18.23';

/** Elements by local name whatever their namespace (CDA and the NPfIT extensions). */
const all = (root: Element | Document, name: string): Element[] => [...root.getElementsByTagNameNS('*', name)];
const first = (root: Element | Document | undefined, name: string): Element | undefined => (root === undefined ? undefined : all(root, name)[0]);
const words = (e: Element | undefined): string => (e?.textContent ?? '').replace(/\s+/g, ' ').trim();
const childrenNamed = (e: Element | undefined, name: string): Element[] => (e === undefined ? [] : [...e.children].filter((c) => c.localName === name));

/** An HL7 TS (20260610100000+0000) as a UK date and time; a date alone (19610412) as a UK date. */
function hl7(value: string | null | undefined): string | undefined {
  if (value === null || value === undefined) return undefined;
  const m = /^(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2})(\d{2})?)?([+-]\d{2})?(\d{2})?/.exec(value);
  if (m === null) return value;
  const [, y, mo, d, h, mi, s, oh, om] = m;
  if (h === undefined) return formatDate(`${y}-${mo}-${d}`);
  const offset = oh !== undefined ? `${oh}:${om ?? '00'}` : 'Z';
  return formatDateTime(`${y}-${mo}-${d}T${h}:${mi}:${s ?? '00'}${offset === '+00:00' ? 'Z' : offset}`);
}

/** A CDA name: prefix, any unstructured text (the author's name is written so), given and family. */
function personName(n: Element | undefined): string {
  if (n === undefined) return '';
  const loose = [...n.childNodes].filter((c) => c.nodeType === Node.TEXT_NODE).map((c) => (c.textContent ?? '').trim());
  const parts = [...childrenNamed(n, 'prefix').map(words), ...loose, ...childrenNamed(n, 'given').map(words), ...childrenNamed(n, 'family').map(words)];
  return parts.filter((s) => s !== '').join(' ');
}

/** Reads the CDA text; undefined when it is not XML a browser can parse (the raw text is still shown). */
export function readCda(xml: string): ReadableCda | undefined {
  const doc = new DOMParser().parseFromString(xml, 'application/xml');
  if (doc.getElementsByTagName('parsererror').length > 0) return undefined;
  const cd = first(doc, 'ClinicalDocument');
  if (cd === undefined) return undefined;
  const role = first(first(cd, 'recordTarget'), 'patientRole');
  const ids = childrenNamed(role, 'id');
  const nhs = ids.find((i) => i.getAttribute('root') === NHS_VERIFIED) ?? ids.find((i) => i.getAttribute('root') === NHS_UNVERIFIED);
  const addr = childrenNamed(role, 'addr')[0];
  const patientEl = first(role, 'patient');
  const author = first(first(cd, 'author'), 'assignedAuthor');
  const authorOrg = words(first(first(author, 'representedOrganization'), 'name'));
  const sections = all(cd, 'section').map((s) => {
    const text = childrenNamed(s, 'text')[0];
    return {
      title: words(childrenNamed(s, 'title')[0]),
      paragraphs: all(text ?? s, 'paragraph').map(words),
      items: all(text ?? s, 'item').map(words),
    };
  });
  const born = hl7(first(patientEl, 'birthTime')?.getAttribute('value'));
  const written = hl7(childrenNamed(cd, 'effectiveTime')[0]?.getAttribute('value'));
  const nhsNumber = nhs?.getAttribute('extension') ?? undefined;
  const authorName = personName(first(first(author, 'assignedPerson'), 'name'));
  const recipient = words(first(first(first(cd, 'informationRecipient'), 'receivedOrganization'), 'name'));
  return {
    title: words(childrenNamed(cd, 'title')[0]) || 'Clinical document',
    ...(written !== undefined ? { written } : {}),
    patient: {
      name: personName(first(patientEl, 'name')),
      ...(born !== undefined ? { born } : {}),
      ...(nhsNumber !== undefined ? { nhsNumber } : {}),
      nhsNumberVerified: nhs?.getAttribute('root') === NHS_VERIFIED,
      address: [...childrenNamed(addr, 'streetAddressLine').map(words), words(childrenNamed(addr, 'postalCode')[0])].filter((l) => l !== ''),
    },
    ...(authorName !== '' ? { author: authorOrg !== '' ? `${authorName}, ${authorOrg}` : authorName } : {}),
    ...(recipient !== '' ? { recipient } : {}),
    sections,
  };
}
