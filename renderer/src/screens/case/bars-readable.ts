import { formatDate, formatDateTime } from '../../format/time';
import type { ReadableCda } from './cda-readable';

/**
 * A BaRS referral message (FHIR R4 Bundle, as sent) read the way the Care Connect CDA is: who
 * it is about, who made it, for which service, and the sections a clinician looks for (reason
 * and disposition, a safeguarding concern, notes, call-back numbers, consent). Undefined for anything else.
 */
type Json = Record<string, unknown>;
const obj = (v: unknown): Json | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : undefined);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const codings = (concept: unknown): Json[] => arr(obj(concept)?.coding).map(obj).filter((c): c is Json => c !== undefined);

const VERIFIED = 'number-present-and-verified';
const FLAG_CATEGORIES = 'https://fhir.nhs.uk/CodeSystem/flag-categories-bars';
const PATHWAYS = { sd: 'https://fhir.nhs.uk/CodeSystem/pathways-sd-codes', dx: 'https://fhir.nhs.uk/CodeSystem/pathways-dx-codes', sg: 'https://fhir.nhs.uk/CodeSystem/pathways-sg-codes' };

function humanName(name: unknown): string {
  const n = obj(arr(name)[0]) ?? obj(name);
  if (n === undefined) return '';
  if (str(n.text) !== '') return str(n.text);
  return [...arr(n.prefix), ...arr(n.given), n.family].map(str).filter((s) => s !== '').join(' ');
}

/** "Mother (next of kin)", "the patient" — whose number each contact is. */
function contactLabel(contact: Json): string {
  const relationship = obj(arr(contact.relationship)[0]);
  if (codings(relationship).some((c) => c.code === 'ONESELF')) return 'The patient';
  const who = humanName(contact.name);
  const how = str(relationship?.text) || str(codings(relationship)[0]?.display);
  return [who, how === '' ? '' : `(${how})`].filter((s) => s !== '').join(' ') || 'Another contact';
}

function contactLines(patient: Json | undefined): string[] {
  const rankOf = (c: Json): number => Number(arr(c.extension).map(obj).find((x) => str(x?.url).endsWith('ContactRank'))?.valuePositiveInt ?? 99);
  return arr(patient?.contact)
    .map(obj)
    .filter((c): c is Json => c !== undefined)
    .sort((a, b) => rankOf(a) - rankOf(b))
    .map((c) => {
      const numbers = arr(c.telecom).map(obj).map((t) => str(t?.value)).filter((v) => v !== '');
      return `${rankOf(c) === 1 ? 'Call first: ' : ''}${contactLabel(c)}: ${numbers.join(', ')}`;
    });
}

/** Safeguarding Flags (flag-categories-bars SG) as the clinician who recorded them wrote them: code.text, else the code's display. */
function safeguardingLines(resources: Json[]): string[] {
  return resources
    .filter((r) => r.resourceType === 'Flag' && arr(r.category).some((c) => codings(c).some((x) => x.system === FLAG_CATEGORIES && x.code === 'SG')))
    .map((f) => {
      const words = str(obj(f.code)?.text) || str(codings(f.code)[0]?.display) || 'Safeguarding concern (no details given)';
      const since = str(obj(f.period)?.start);
      return since === '' ? words : `${words} (recorded ${formatDateTime(since)})`;
    });
}

export function readBarsReferral(text: string): ReadableCda | undefined {
  let bundle: Json | undefined;
  try {
    bundle = obj(JSON.parse(text));
  } catch {
    return undefined;
  }
  if (bundle?.resourceType !== 'Bundle' || bundle.type !== 'message') return undefined;
  const entries = arr(bundle.entry).map(obj);
  const resources = entries.map((e) => obj(e?.resource)).filter((r): r is Json => r !== undefined);
  const byRef = (reference: unknown): Json | undefined => obj(entries.find((e) => e?.fullUrl === obj(reference)?.reference)?.resource);
  const first = (type: string): Json | undefined => resources.find((r) => r.resourceType === type);
  const request = first('ServiceRequest');
  if (request === undefined) return undefined;
  const patient = first('Patient');
  const nhs = arr(patient?.identifier).map(obj).find((i) => i?.system === 'https://fhir.nhs.uk/Id/nhs-number');
  const address = obj(arr(patient?.address)[0]);
  const practitioner = first('Practitioner');
  const role = first('PractitionerRole');
  const roleText = str(obj(arr(role?.code)[0])?.text) || str(codings(arr(role?.code)[0])[0]?.display);
  const service = first('HealthcareService');
  // The clinician's organisation (PractitionerRole.organization), not the receiver's.
  const sender = byRef(role?.organization);
  const outcomes = arr(obj(arr(first('CarePlan')?.activity)[0])?.outcomeCodeableConcept).map(obj);
  const coded = (system: string, label: string): string[] =>
    outcomes.flatMap((o) => codings(o).filter((c) => c.system === system)).map((c) => `${label}: ${str(c.code)}${str(c.display) === '' ? '' : ` ${str(c.display)}`}`);
  const narrative = outcomes.filter((o) => codings(o).length === 0).map((o) => str(o?.text)).filter((t) => t !== '');
  const consent = first('Consent');
  const linked = arr(request.supportingInfo).map((s) => str(obj(s)?.reference)).filter((r) => r.startsWith('Appointment/'));
  const born = str(patient?.birthDate);
  const written = str(request.authoredOn);
  const author = [humanName(practitioner?.name), roleText].filter((s) => s !== '').join(', ');
  const serviceId = str(service?.id);
  const safeguarding = safeguardingLines(resources);
  return {
    title: 'BaRS referral',
    ...(written !== '' ? { written: formatDateTime(written) } : {}),
    patient: {
      name: humanName(patient?.name),
      ...(born !== '' ? { born: formatDate(born) } : {}),
      ...(typeof nhs?.value === 'string' ? { nhsNumber: nhs.value } : {}),
      nhsNumberVerified: arr(nhs?.extension).some((x) => codings(obj(x)?.valueCodeableConcept).some((c) => c.code === VERIFIED)),
      address: [...arr(address?.line).map(str), str(address?.city), str(address?.postalCode)].filter((l) => l !== ''),
    },
    ...(author !== '' ? { author: str(sender?.name) === '' ? author : `${author}, ${str(sender?.name)}` } : {}),
    ...(service !== undefined ? { recipient: `${str(service.name) || 'The receiving service'}${serviceId === '' ? '' : ` (DoS ${serviceId})`}` } : {}),
    sections: [
      { title: 'Reason for referral', paragraphs: [], items: [...coded(PATHWAYS.dx, 'Disposition'), ...coded(PATHWAYS.sg, 'Symptom group'), ...coded(PATHWAYS.sd, 'Symptom discriminator')] },
      // Straight after the reason, and only when there is one: a concern is never buried below the notes.
      ...(safeguarding.length > 0 ? [{ title: 'Safeguarding concern', paragraphs: safeguarding, items: [] }] : []),
      { title: 'Clinical narrative and notes', paragraphs: narrative.flatMap((t) => t.split('\n')).filter((p) => p.trim() !== ''), items: [] },
      { title: 'Call-back numbers', paragraphs: [], items: contactLines(patient) },
      {
        title: 'Consent',
        paragraphs: consent === undefined ? ['No consent recorded'] : [[...codings(arr(consent.category)[0]), ...codings(consent.policyRule)].map((c) => str(c.display) || str(c.code)).filter((s) => s !== '').join(', ')],
        items: [],
      },
      ...(linked.length > 0 ? [{ title: 'Linked booking', paragraphs: linked.map((l) => `Appointment ${l.slice('Appointment/'.length)} at the receiving service`), items: [] }] : []),
    ],
  };
}
