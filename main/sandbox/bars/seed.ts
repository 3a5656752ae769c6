/**
 * The sandbox's BaRS receivers: DoS services that speak the Booking and Referral Standard (R4)
 * instead of Care Connect, each chosen to exercise one behaviour a BaRS sender must handle.
 */
import type { Diary, SeedService } from '../seed/types';

/** How the sandbox's DoS describes a BaRS service: with a BaRS endpoint, or silently (the app must probe). */
export type BarsListing = 'endpoint' | 'silent';

export interface BarsService extends SeedService {
  listing: BarsListing;
  /** The use cases the receiver's MessageDefinitions declare (digest §0). */
  useCases: readonly string[];
}

const HOURS_0800_2200 = [{ days: [0, 1, 2, 3, 4, 5, 6], from: '08:00', to: '22:00' }];

const edTriage: Diary = {
  scheduleId: 'sch-hbr-ed-1',
  practitioner: { id: 'prac-hbr-mensah', prefix: 'Dr', given: 'Kofi', family: 'Mensah', gender: 'male', sdsUserId: '687227875101' },
  role: { code: 'R0030', display: 'Consultant' },
  // Round the clock so a test always finds a slot inside and outside any deadline.
  hours: 'utc-24x7',
  slotMinutes: 20,
  // Every fourth slot does not say how it is delivered: never defaulted.
  channel: (i) => (i % 4 === 3 ? undefined : 'In-person'),
};

const edCallback: Diary = {
  scheduleId: 'sch-hbr-ed-2',
  role: { code: 'R1977', display: 'Advanced Nurse Practitioner' },
  hours: HOURS_0800_2200,
  slotMinutes: 30,
  channel: () => 'Telephone',
};

const sdecDiary: Diary = {
  scheduleId: 'sch-efd-sdec-1',
  practitioner: { id: 'prac-efd-walsh', prefix: 'Dr', given: 'Niamh', family: 'Walsh', gender: 'female', sdsUserId: '687227875102' },
  role: { code: 'R0260', display: 'General Medical Practitioner' },
  hours: 'utc-24x7',
  slotMinutes: 30,
  channel: () => 'In-person',
};

export const BARS_SERVICES: BarsService[] = [
  {
    // Emergency department on BaRS: two diaries (one with a named doctor, one nurse call-back
    // line), full includes, listed in DoS with a BaRS endpoint.
    id: '2000071001',
    name: 'Harbourside Emergency Department',
    phone: '0306 999 0711',
    typeName: 'Emergency Department',
    requireBooking: 'absent',
    acceptsItk: false,
    includeMode: 'all',
    listing: 'endpoint',
    useCases: ['a1t1', 'a1t3'],
    organization: {
      id: 'org-hbr',
      name: 'Harbourside Hospitals NHS Foundation Trust',
      odsCode: 'RH8',
      headOffice: { line: ['Trust Offices', '2 Quay Street'], city: 'Hull', postalCode: 'HU1 1AA' },
    },
    location: {
      id: 'loc-hbr-ed',
      name: 'Harbourside General Hospital Emergency Department',
      odsSiteCode: 'RH8ED',
      address: { line: ['Harbourside General Hospital', 'Anlaby Road'], city: 'Hull', district: 'East Riding of Yorkshire', postalCode: 'HU3 2JZ' },
    },
    diaries: [edTriage, edCallback],
    rankWeight: { default: 3, 'primary-care': 5, emergency: 1, 'dental-pharmacy': 9 },
  },
  {
    // Same-day emergency care whose DoS entry names no booking endpoint: the app finds out by
    // probing the BaRS proxy. It takes only the SDEC use cases.
    id: '2000071002',
    name: 'Eastfield Same Day Emergency Care',
    phone: '0306 999 0722',
    typeName: 'Same Day Emergency Care',
    requireBooking: 'absent',
    acceptsItk: false,
    includeMode: 'all',
    listing: 'silent',
    useCases: ['a1t7', 'a1t8'],
    organization: {
      id: 'org-efd',
      name: 'Eastfield Acute NHS Trust',
      odsCode: 'RE4',
      headOffice: { line: ['Eastfield House'], city: 'York', postalCode: 'YO10 5DD' },
    },
    location: {
      id: 'loc-efd-sdec',
      name: 'Eastfield SDEC Unit',
      address: { line: ['Eastfield Hospital', 'Wigginton Road'], city: 'York', postalCode: 'YO31 8HE' },
    },
    diaries: [sdecDiary],
    rankWeight: { default: 6, 'primary-care': 7, emergency: 3, 'dental-pharmacy': 9 },
  },
  {
    // A UTC on BaRS with nothing free: the receiver says so in the searchset.
    id: '2000071003',
    name: 'Kingsway Urgent Treatment Centre',
    phone: '0306 999 0733',
    typeName: 'Urgent Treatment Centre',
    requireBooking: 'absent',
    acceptsItk: false,
    includeMode: 'extra',
    listing: 'endpoint',
    useCases: ['a1t2', 'a1t4'],
    organization: {
      id: 'org-kwy',
      name: 'Kingsway Community Care CIC',
      odsCode: 'NK7',
      headOffice: { line: ['Kingsway Centre'], city: 'Wakefield', postalCode: 'WF1 2AB' },
    },
    location: {
      id: 'loc-kwy-utc',
      name: 'Kingsway UTC',
      address: { line: ['Kingsway Centre', '40 Kingsway'], city: 'Wakefield', postalCode: 'WF1 3CD' },
    },
    diaries: [],
    noSlotsReason: 'No appointments are free at Kingsway UTC in the period asked for; please refer instead.',
    rankWeight: { default: 7, 'primary-care': 8, emergency: 4, 'dental-pharmacy': 9 },
  },
];

export function barsService(id: string): BarsService | undefined {
  return BARS_SERVICES.find((s) => s.id === id);
}
