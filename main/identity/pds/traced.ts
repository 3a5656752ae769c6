/** A PDS Patient as the trace shows and keeps it: restricted records lose every location field here too. */
import type { TracedPatient } from '../../../preload/contract';
import { isValidNhsNumber } from '../../../preload/contract';
import { ODS_SYSTEM, type PdsPatient } from './fhir';

export type TracedFields = Omit<TracedPatient, 'traceId'>;

/** meta.security: U is unrestricted; R (restricted) and V (very restricted) hide location. */
export function isRestricted(p: PdsPatient): boolean {
  return (p.meta?.security ?? []).some((s) => s.code !== undefined && s.code !== 'U');
}

/** The name in use today: the usual name whose period has not ended, else the first usual, else the first. */
function currentName(p: PdsPatient, today: string): PdsPatient['name'][number] {
  const usual = p.name.filter((n) => n.use === undefined || n.use === 'usual');
  return usual.find((n) => n.period?.end === undefined || n.period.end >= today) ?? usual[0] ?? p.name[0] ?? {};
}

/**
 * The fields the clinician confirms; undefined when the record lacks what a booking needs (a valid
 * NHS number, a family name and a date of birth) and so cannot be used.
 */
export function tracedFields(p: PdsPatient, asked: string | undefined, today: string): TracedFields | undefined {
  if (!isValidNhsNumber(p.id) || p.birthDate === undefined) return undefined;
  const name = currentName(p, today);
  const family = name.family?.trim() ?? '';
  const given = (name.given ?? []).join(' ').trim();
  if (family === '') return undefined;
  const restricted = isRestricted(p);
  const home = (p.address ?? []).find((a) => a.use === 'home') ?? p.address?.[0];
  const gp = (p.generalPractitioner ?? []).map((g) => g.identifier).find((i) => i !== undefined && (i.system === undefined || i.system === ODS_SYSTEM));
  return {
    nhsNumber: p.id,
    ...(name.prefix?.[0] !== undefined ? { title: name.prefix[0] } : {}),
    given: given === '' ? '(no given name on PDS)' : given,
    family,
    birthDate: p.birthDate,
    gender: p.gender ?? 'unknown',
    // A restricted record's location fields are dropped even if PDS sent them: the case never holds them.
    ...(!restricted && home?.postalCode !== undefined
      ? {
          address: {
            lines: (home.line ?? []).filter((l) => l.trim() !== ''),
            ...(home.city !== undefined ? { city: home.city } : {}),
            ...(home.district !== undefined ? { district: home.district } : {}),
            postcode: home.postalCode,
          },
        }
      : {}),
    ...(!restricted && gp !== undefined ? { gp: { odsCode: gp.value } } : {}),
    restricted,
    ...(p.deceasedDateTime !== undefined && /^\d{4}-\d{2}-\d{2}/.test(p.deceasedDateTime) ? { deceasedOn: p.deceasedDateTime.slice(0, 10) } : {}),
    ...(asked !== undefined && asked !== p.id ? { supersededNhsNumber: asked } : {}),
  };
}
