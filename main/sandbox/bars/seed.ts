/**
 * The sandbox's BaRS receivers: DoS services that speak the Booking and Referral Standard (R4)
 * instead of Care Connect, each chosen to exercise one behaviour a BaRS sender must handle.
 */
import type { Address, Diary, Person, SeedService } from '../seed/types';

/** How the sandbox's DoS describes a BaRS service: with a BaRS endpoint, or silently (the app must probe). */
export type BarsListing = 'endpoint' | 'silent';

export interface BarsService extends SeedService {
  listing: BarsListing;
  /** The use cases the receiver's MessageDefinitions declare (digest §0). */
  useCases: readonly string[];
}

const HOURS_0800_2200 = [{ days: [0, 1, 2, 3, 4, 5, 6], from: '08:00', to: '22:00' }];

/** A named doctor's diary open round the clock, so a test always finds a slot inside and outside any deadline. */
function roundTheClock(scheduleId: string, practitioner: Person, role: Diary['role'], slotMinutes: number, channel: Diary['channel']): Diary {
  return { scheduleId, practitioner, role, hours: 'utc-24x7', slotMinutes, channel };
}

const edTriage = roundTheClock(
  'sch-hbr-ed-1',
  { id: 'prac-hbr-mensah', prefix: 'Dr', given: 'Kofi', family: 'Mensah', gender: 'male', sdsUserId: '687227875101' },
  { code: 'R0030', display: 'Consultant' },
  20,
  // Every fourth slot does not say how it is delivered: never defaulted.
  (i) => (i % 4 === 3 ? undefined : 'In-person'),
);

const edCallback: Diary = {
  scheduleId: 'sch-hbr-ed-2',
  role: { code: 'R1977', display: 'Advanced Nurse Practitioner' },
  hours: HOURS_0800_2200,
  slotMinutes: 30,
  channel: () => 'Telephone',
};

const sdecDiary = roundTheClock(
  'sch-efd-sdec-1',
  { id: 'prac-efd-walsh', prefix: 'Dr', given: 'Niamh', family: 'Walsh', gender: 'female', sdsUserId: '687227875102' },
  { code: 'R0260', display: 'General Medical Practitioner' },
  30,
  () => 'In-person',
);

/** What differs between the sandbox's BaRS receivers; the rest is what every one of them shares. */
interface Receiver {
  id: string;
  name: string;
  /** The line a clinician rings to check a booking (Ofcom's drama range: never a real service). */
  phone?: string;
  typeName: string;
  includeMode: BarsService['includeMode'];
  listing: BarsListing;
  useCases: readonly string[];
  /** The trust or company behind the service, and where its head office is. */
  provider: { id: string; name: string; odsCode: string; headOffice: Address };
  site: BarsService['location'];
  diaries: Diary[];
  noSlotsReason?: string;
  rankWeight: BarsService['rankWeight'];
}

/**
 * One BaRS receiver. The referral goes through the same API, so none has an ITK address, and
 * none sets DoS `requirebooking`.
 */
function receiver(r: Receiver): BarsService {
  const { provider, site, ...rest } = r;
  return { ...rest, requireBooking: 'absent', acceptsItk: false, organization: provider, location: site };
}

export const BARS_SERVICES: BarsService[] = [
  // Emergency department on BaRS: two diaries (one with a named doctor, one nurse call-back
  // line), full includes, listed in DoS with a BaRS endpoint.
  receiver({
    id: '2000071001',
    name: 'Harbourside Emergency Department',
    phone: '0306 999 0711',
    typeName: 'Emergency Department',
    includeMode: 'all',
    listing: 'endpoint',
    useCases: ['a1t1', 'a1t3'],
    provider: { id: 'org-hbr', name: 'Harbourside Hospitals NHS Foundation Trust', odsCode: 'RH8', headOffice: { line: ['Trust Offices', '2 Quay Street'], city: 'Hull', postalCode: 'HU1 1AA' } },
    site: {
      id: 'loc-hbr-ed',
      name: 'Harbourside General Hospital Emergency Department',
      odsSiteCode: 'RH8ED',
      address: { line: ['Harbourside General Hospital', 'Anlaby Road'], city: 'Hull', district: 'East Riding of Yorkshire', postalCode: 'HU3 2JZ' },
    },
    diaries: [edTriage, edCallback],
    rankWeight: { default: 3, 'primary-care': 5, emergency: 1, 'dental-pharmacy': 9 },
  }),
  // Same-day emergency care whose DoS entry names no booking endpoint: the app finds out by
  // probing the BaRS proxy. It takes only the SDEC use cases.
  receiver({
    id: '2000071002',
    name: 'Eastfield Same Day Emergency Care',
    phone: '0306 999 0722',
    typeName: 'Same Day Emergency Care',
    includeMode: 'all',
    listing: 'silent',
    useCases: ['a1t7', 'a1t8'],
    provider: { id: 'org-efd', name: 'Eastfield Acute NHS Trust', odsCode: 'RE4', headOffice: { line: ['Eastfield House'], city: 'York', postalCode: 'YO10 5DD' } },
    site: { id: 'loc-efd-sdec', name: 'Eastfield SDEC Unit', address: { line: ['Eastfield Hospital', 'Wigginton Road'], city: 'York', postalCode: 'YO31 8HE' } },
    diaries: [sdecDiary],
    rankWeight: { default: 6, 'primary-care': 7, emergency: 3, 'dental-pharmacy': 9 },
  }),
  // A UTC on BaRS with nothing free: the receiver says so in the searchset.
  receiver({
    id: '2000071003',
    name: 'Kingsway Urgent Treatment Centre',
    phone: '0306 999 0733',
    typeName: 'Urgent Treatment Centre',
    includeMode: 'extra',
    listing: 'endpoint',
    useCases: ['a1t2', 'a1t4'],
    provider: { id: 'org-kwy', name: 'Kingsway Community Care CIC', odsCode: 'NK7', headOffice: { line: ['Kingsway Centre'], city: 'Wakefield', postalCode: 'WF1 2AB' } },
    site: { id: 'loc-kwy-utc', name: 'Kingsway UTC', address: { line: ['Kingsway Centre', '40 Kingsway'], city: 'Wakefield', postalCode: 'WF1 3CD' } },
    diaries: [],
    noSlotsReason: 'No appointments are free at Kingsway UTC in the period asked for; please refer instead.',
    rankWeight: { default: 7, 'primary-care': 8, emergency: 4, 'dental-pharmacy': 9 },
  }),
];

export function barsService(id: string): BarsService | undefined {
  return BARS_SERVICES.find((s) => s.id === id);
}
