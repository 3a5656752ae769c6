import type { Logger } from 'pino';
import { ServiceOffer } from '../../preload/contract';

/**
 * Directory records are typed by hand across the country, so one odd record must cost only its
 * odd field, never the list: a field the contract would refuse is dropped (or, for a name,
 * shortened) here, and the record is left out only when it has no usable id.
 */

/** Controls and line breaks become spaces; invisible format characters (direction overrides, zero-width) can make a name read as another service's, so they go. */
const CONTROLS = /[\p{Cc}\u2028\u2029]+/gu;
const INVISIBLE = /\p{Cf}+/gu;

/** The longest each display field may be; longer is a data-entry slip, not something to show. */
const MAX_CHARS: Partial<Record<keyof ServiceOffer, number>> = { name: 200, kind: 100, address: 300, odsCode: 20 };
/** A shortened name still says which service; a shortened phone number or code would be a wrong one. */
const TRIMMED: ReadonlySet<keyof ServiceOffer> = new Set(['name', 'address']);
const MAX_ID_CHARS = 64;
const TEXT_FIELDS = ['name', 'kind', 'address', 'odsCode', 'via', 'openingStatus', 'phone'] as const;
const OPTIONAL_FIELDS = ['kind', 'address', 'odsCode', 'via', 'distanceMiles', 'openingStatus', 'phone'] as const;

function cleanText(value: string): string {
  return value.replace(INVISIBLE, '').replace(CONTROLS, ' ').replace(/\s+/g, ' ').trim();
}

/**
 * The offer with every field the contract (or a screen) cannot take left out, and one log line
 * naming them; undefined when the record cannot be offered at all.
 */
export function offerWithinContract(offer: ServiceOffer, logger: Logger): ServiceOffer | undefined {
  // case:chooseService takes ids of up to 64 characters: a longer one could be shown but never chosen.
  if (offer.serviceId.length < 1 || offer.serviceId.length > MAX_ID_CHARS) {
    logger.warn({ dosServiceId: offer.serviceId.slice(0, MAX_ID_CHARS), rank: offer.rank }, 'directory record left out: its service id is not usable');
    return undefined;
  }
  const dropped: string[] = [];
  const out: Record<string, unknown> = { ...offer };
  for (const field of TEXT_FIELDS) {
    const raw: unknown = out[field];
    if (raw === undefined) continue;
    if (typeof raw !== 'string') {
      out[field] = undefined;
      dropped.push(field);
      continue;
    }
    let value = cleanText(raw);
    const max = MAX_CHARS[field];
    if (max !== undefined && value.length > max) {
      if (TRIMMED.has(field)) value = `${value.slice(0, max - 1).trimEnd()}…`;
      else value = '';
      dropped.push(field);
    }
    if (value === '') {
      out[field] = undefined;
      if (!dropped.includes(field)) dropped.push(field);
    } else out[field] = value;
  }
  for (const field of OPTIONAL_FIELDS) {
    if (out[field] === undefined) continue;
    if (!ServiceOffer.shape[field].safeParse(out[field]).success) {
      out[field] = undefined;
      if (!dropped.includes(field)) dropped.push(field);
    }
  }
  if (out.name === undefined) out.name = offer.serviceId;
  const checked = ServiceOffer.safeParse(Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined)));
  if (!checked.success) {
    logger.warn({ dosServiceId: offer.serviceId, problems: checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) }, 'directory record left out: it cannot be shown');
    return undefined;
  }
  if (dropped.length > 0) logger.warn({ dosServiceId: offer.serviceId, fields: dropped }, 'directory record: odd fields left out or shortened');
  return checked.data;
}
