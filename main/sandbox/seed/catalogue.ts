/**
 * The seed: Provider systems and DoS services shaped like the NHS, each chosen to exercise one
 * behaviour a Consumer must handle (see the comment on each service). Ids, ASIDs and ODS codes
 * are fictional but have the real formats: numeric DoS ids, 12-digit ASIDs, ODS codes.
 */
import type { Diary, Person, ProviderSystem, SeedService } from './types';
import { faultServicesOn } from './fault-services';

export const PROVIDER_SYSTEMS: ProviderSystem[] = [
  { key: 'riverside', name: 'Riverside Urgent Care Booking', asid: '918999198001', partyKey: 'RVS01-0000801', sds: 'ok' },
  { key: 'hub', name: 'Northgate GP Hub Appointments', asid: '918999198002', partyKey: 'NGH02-0000802', sds: 'ok' },
  { key: 'ooh', name: 'County Out of Hours Scheduler', asid: '918999198003', partyKey: 'COH03-0000803', sds: 'ok' },
  // The broken SDS records a Consumer must survive: each fails endpoint discovery differently.
  { key: 'miu', name: 'Westbury MIU Booking', asid: '918999198004', partyKey: 'WMI04-0000804', sds: 'mhs-missing' },
  { key: 'dental', name: 'Dental Triage Diary', asid: '918999198005', partyKey: 'DTD05-0000805', sds: 'invalid-endpoint' },
  { key: 'practice', name: 'Elm Tree Surgery (GP Connect)', asid: '918999198006', partyKey: 'ETS06-0000806', sds: 'gp-connect-only' },
];

const person = (id: string, prefix: string, given: string, family: string, gender: Person['gender'], sdsUserId: string): Person => ({
  id,
  prefix,
  given,
  family,
  gender,
  sdsUserId,
});

const GP = { code: 'R0260', display: 'General Medical Practitioner' };
const NURSE = { code: 'R0690', display: 'Practice Nurse' };
const ANP = { code: 'R1977', display: 'Advanced Nurse Practitioner' };
const ED_DOCTOR = { code: 'R0030', display: 'Consultant' };

const WEEKDAYS = [1, 2, 3, 4, 5];
const WEEKEND = [0, 6];
const EVERY_DAY = [0, 1, 2, 3, 4, 5, 6];
const inPerson = (): 'In-person' => 'In-person';
const unstated = (): undefined => undefined;

const RIVERSIDE_TRUST: SeedService['organization'] = {
  id: 'org-rvs',
  name: 'Riverside Community Health NHS Trust',
  odsCode: 'RX9',
  headOffice: { line: ['Trust Headquarters', '1 Civic Square'], city: 'Leeds', district: 'West Yorkshire', postalCode: 'LS1 3AD' },
};
const NORTHGATE_PCN: SeedService['organization'] = {
  id: 'org-ngh',
  name: 'Northgate Primary Care Network',
  odsCode: 'U12345',
  headOffice: { line: ['PCN Office', '3 Market Street'], city: 'Wakefield', district: 'West Yorkshire', postalCode: 'WF1 1DH' },
};
const COUNTY_URGENT_CARE: SeedService['organization'] = {
  id: 'org-coh',
  name: 'County Urgent Care CIC',
  odsCode: 'NQT',
  headOffice: { line: ['Unit 4, Pennine Business Park'], city: 'Huddersfield', district: 'West Yorkshire', postalCode: 'HD2 1GQ' },
};

const utcDiary: Diary = {
  scheduleId: 'sch-rvs-utc-1',
  practitioner: person('prac-rvs-okafor', 'Dr', 'Amara', 'Okafor', 'female', '687227875014'),
  role: ANP,
  // Slots every 15 minutes round the clock from the next quarter hour: there are ALWAYS slots
  // both inside and outside any assessment deadline of 30 minutes or more. Tests rely on this.
  hours: 'utc-24x7',
  slotMinutes: 15,
  // Every third slot does not say how it is delivered: the Consumer must show "not supplied".
  channel: (i) => (i % 3 === 2 ? undefined : 'In-person'),
};

const riversideUtc: SeedService = {
  // Urgent treatment centre, open 24/7, full includes.
  id: '2000012345',
  name: 'Riverside Urgent Treatment Centre',
  phone: '0113 496 0100',
  typeName: 'Urgent Treatment Centre',
  provider: 'riverside',
  requireBooking: 'absent',
  acceptsItk: true,
  includeMode: 'all',
  organization: RIVERSIDE_TRUST,
  location: {
    id: 'loc-rvs-utc',
    name: 'Riverside UTC, Riverside Community Hospital',
    odsSiteCode: 'RX9UC',
    address: { line: ['Riverside Community Hospital', '14 Wharf Road'], city: 'Leeds', district: 'West Yorkshire', postalCode: 'LS10 1AB' },
  },
  diaries: [utcDiary],
  rankWeight: { default: 1, 'primary-care': 2, emergency: 2, 'dental-pharmacy': 4 },
};

export const SEED_SERVICES: SeedService[] = [
  riversideUtc,
  {
    // GP extended-access hub: a GP diary and a nurse diary at one site, both in one reply;
    // its Provider also returns resources nobody asked for.
    id: '2000023456',
    name: 'Northgate Extended Access Hub',
    phone: '0306 999 0210',
    typeName: 'GP Extended Access',
    provider: 'hub',
    requireBooking: 'false',
    acceptsItk: true,
    includeMode: 'extra',
    organization: NORTHGATE_PCN,
    location: {
      id: 'loc-ngh-hub',
      name: 'Northgate Health Centre',
      odsSiteCode: 'B86042',
      address: { line: ['Northgate Health Centre', '60 Northgate'], city: 'Wakefield', district: 'West Yorkshire', postalCode: 'WF1 3BJ' },
    },
    diaries: [
      {
        scheduleId: 'sch-ngh-gp',
        practitioner: person('prac-ngh-shah', 'Dr', 'Rohan', 'Shah', 'male', '555254241101'),
        role: GP,
        hours: [
          { days: WEEKDAYS, from: '18:30', to: '21:00' },
          { days: WEEKEND, from: '09:00', to: '13:00' },
        ],
        slotMinutes: 10,
        channel: inPerson,
      },
      {
        scheduleId: 'sch-ngh-nurse',
        practitioner: person('prac-ngh-brennan', 'Ms', 'Siobhan', 'Brennan', 'female', '555254241102'),
        role: NURSE,
        hours: [
          { days: WEEKDAYS, from: '18:30', to: '20:00' },
          { days: [6], from: '09:00', to: '12:00' },
        ],
        slotMinutes: 15,
        channel: unstated,
      },
    ],
    rankWeight: { default: 2, 'primary-care': 1, emergency: 5, 'dental-pharmacy': 5 },
  },
  {
    // Out-of-hours GP: telephone and video consultations only.
    id: '2000034567',
    name: 'County GP Out of Hours Service',
    phone: '0306 999 0340',
    typeName: 'GP Out of Hours',
    provider: 'ooh',
    requireBooking: 'absent',
    acceptsItk: true,
    includeMode: 'all',
    organization: COUNTY_URGENT_CARE,
    location: {
      id: 'loc-coh-hub',
      name: 'County OOH Clinical Hub',
      address: { line: ['Clinical Hub', 'Halifax Road Primary Care Centre', '2 Halifax Road'], city: 'Dewsbury', district: 'West Yorkshire', postalCode: 'WF13 4HS' },
    },
    diaries: [
      {
        scheduleId: 'sch-coh-clinician',
        practitioner: person('prac-coh-nowak', 'Dr', 'Piotr', 'Nowak', 'male', '555254241201'),
        role: GP,
        hours: [
          { days: EVERY_DAY, from: '00:00', to: '08:00' },
          { days: EVERY_DAY, from: '18:30', to: '24:00' },
          { days: WEEKEND, from: '08:00', to: '18:30' },
        ],
        slotMinutes: 20,
        channel: (i) => (i % 2 === 0 ? 'Telephone' : 'Video'),
      },
    ],
    rankWeight: { default: 3, 'primary-care': 3, emergency: 6, 'dental-pharmacy': 6 },
  },
  {
    // Emergency department "book to attend": its Provider ignores _include entirely.
    id: '2000045678',
    name: 'Riverside Emergency Department (Book to Attend)',
    phone: '0113 496 0450',
    typeName: 'Emergency Department',
    provider: 'riverside',
    requireBooking: 'false',
    acceptsItk: true,
    includeMode: 'none',
    organization: RIVERSIDE_TRUST,
    location: {
      id: 'loc-rvs-ed',
      name: 'Riverside General Hospital Emergency Department',
      odsSiteCode: 'RX9ED',
      address: { line: ['Riverside General Hospital', 'Beckett Street'], city: 'Leeds', district: 'West Yorkshire', postalCode: 'LS9 7TF' },
    },
    diaries: [
      {
        scheduleId: 'sch-rvs-ed',
        role: ED_DOCTOR,
        hours: [{ days: EVERY_DAY, from: '08:00', to: '22:00' }],
        slotMinutes: 30,
        channel: unstated,
      },
    ],
    rankWeight: { default: 5, 'primary-care': 6, emergency: 1, 'dental-pharmacy': 7 },
  },
  {
    // Booking only (DoS REQUIRESAPPOINTMENT=Y): no referral until a booking is made.
    id: '2000056789',
    name: 'Northgate Same Day Emergency Care (booking only)',
    phone: '0306 999 0560',
    typeName: 'Same Day Emergency Care',
    provider: 'hub',
    requireBooking: 'true',
    acceptsItk: true,
    includeMode: 'all',
    organization: NORTHGATE_PCN,
    location: {
      id: 'loc-ngh-sdec',
      name: 'Pinderfields SDEC Unit',
      address: { line: ['Pinderfields Hospital', 'Aberford Road'], city: 'Wakefield', district: 'West Yorkshire', postalCode: 'WF1 4DG' },
    },
    diaries: [{ scheduleId: 'sch-ngh-sdec', hours: [{ days: EVERY_DAY, from: '08:00', to: '20:00' }], slotMinutes: 30, channel: inPerson }],
    rankWeight: { default: 4, 'primary-care': 4, emergency: 3, 'dental-pharmacy': 8 },
  },
  {
    // No booking endpoint at all: referral only, over ITK.
    id: '2000067890',
    name: 'Kirkgate Community Pharmacy Consultation Service',
    phone: '0113 496 0670',
    typeName: 'Community Pharmacy',
    requireBooking: 'absent',
    acceptsItk: true,
    includeMode: 'all',
    organization: {
      id: 'org-kpc',
      name: 'Kirkgate Pharmacy Ltd',
      odsCode: 'FQ123',
      headOffice: { line: ['12 Kirkgate'], city: 'Wakefield', district: 'West Yorkshire', postalCode: 'WF1 1HX' },
    },
    location: {
      id: 'loc-kpc',
      name: 'Kirkgate Pharmacy',
      address: { line: ['12 Kirkgate'], city: 'Wakefield', district: 'West Yorkshire', postalCode: 'WF1 1HX' },
    },
    diaries: [],
    rankWeight: { default: 6, 'primary-care': 5, emergency: 8, 'dental-pharmacy': 1 },
  },
  {
    // SDS knows the AS but has no MHS record for the interaction.
    id: '2000078901',
    name: 'Westbury Minor Injuries Unit',
    phone: '0113 496 0780',
    typeName: 'Minor Injuries Unit',
    provider: 'miu',
    requireBooking: 'absent',
    acceptsItk: true,
    includeMode: 'all',
    organization: { id: 'org-wmi', name: 'Westbury Community Services', odsCode: 'RY6', headOffice: { line: ['Westbury House'], city: 'Bradford', postalCode: 'BD1 4AS' } },
    location: { id: 'loc-wmi', name: 'Westbury MIU', address: { line: ['Westbury Health Park', 'Otley Road'], city: 'Bradford', postalCode: 'BD3 0DQ' } },
    diaries: [{ scheduleId: 'sch-wmi', hours: [{ days: EVERY_DAY, from: '08:00', to: '20:00' }], slotMinutes: 20, channel: inPerson }],
    rankWeight: { default: 7, 'primary-care': 7, emergency: 4, 'dental-pharmacy': 9 },
  },
  {
    // SDS's endpoint for this ASID is not a URL.
    id: '2000089012',
    name: 'West Yorkshire Urgent Dental Care',
    phone: '0113 496 0890',
    typeName: 'Dental',
    provider: 'dental',
    requireBooking: 'absent',
    acceptsItk: true,
    includeMode: 'all',
    organization: { id: 'org-dtd', name: 'Urgent Dental Care Partnership', odsCode: 'V12345', headOffice: { line: ['1 Park Row'], city: 'Leeds', postalCode: 'LS1 5HN' } },
    location: { id: 'loc-dtd', name: 'Park Row Dental Hub', address: { line: ['1 Park Row'], city: 'Leeds', postalCode: 'LS1 5HN' } },
    diaries: [{ scheduleId: 'sch-dtd', hours: [{ days: EVERY_DAY, from: '09:00', to: '17:00' }], slotMinutes: 20, channel: inPerson }],
    rankWeight: { default: 9, 'primary-care': 9, emergency: 9, 'dental-pharmacy': 2 },
  },
  {
    // The ASID's SDS record lists GP Connect interactions only.
    id: '2000090123',
    name: 'Elm Tree Surgery (registered practice)',
    phone: '0306 999 0901',
    typeName: 'GP Practice',
    provider: 'practice',
    requireBooking: 'absent',
    acceptsItk: true,
    includeMode: 'all',
    organization: { id: 'org-ets', name: 'Elm Tree Surgery', odsCode: 'B82005', headOffice: { line: ['Elm Tree Surgery', '8 Elm Grove'], city: 'Harrogate', postalCode: 'HG1 2JP' } },
    location: { id: 'loc-ets', name: 'Elm Tree Surgery', address: { line: ['8 Elm Grove'], city: 'Harrogate', postalCode: 'HG1 2JP' } },
    diaries: [{ scheduleId: 'sch-ets', hours: [{ days: WEEKDAYS, from: '08:00', to: '18:00' }], slotMinutes: 10, channel: inPerson }],
    rankWeight: { default: 8, 'primary-care': 8, emergency: 10, 'dental-pharmacy': 10 },
  },
  {
    // Bookable, but every diary is full: 200 with an empty Bundle and an OperationOutcome saying why.
    id: '2000001234',
    name: 'County Urgent Eye Service',
    phone: '0306 999 0123',
    typeName: 'Urgent Eye Care',
    provider: 'ooh',
    requireBooking: 'absent',
    acceptsItk: true,
    includeMode: 'all',
    organization: COUNTY_URGENT_CARE,
    location: { id: 'loc-coh-eye', name: 'Eye Clinic, Dewsbury Hospital', address: { line: ['Dewsbury and District Hospital', 'Halifax Road'], city: 'Dewsbury', postalCode: 'WF13 4HS' } },
    diaries: [{ scheduleId: 'sch-coh-eye', practitioner: person('prac-coh-adeyemi', 'Mr', 'Tunde', 'Adeyemi', 'male', '555254241301'), role: { code: 'R0140', display: 'Optometrist' }, hours: [], slotMinutes: 15, channel: inPerson }],
    noSlotsReason: 'All appointments in the next 7 days are booked; the service releases new appointments at 07:00.',
    rankWeight: { default: 10, 'primary-care': 10, emergency: 7, 'dental-pharmacy': 3 },
  },
  // Named fault services last: "Sandbox — booking answer lost" and the rest (seed/fault-services.ts).
  ...faultServicesOn(riversideUtc),
];

export const UTC_SERVICE_ID = '2000012345';
export const HUB_SERVICE_ID = '2000023456';
export const OOH_SERVICE_ID = '2000034567';
export const ED_SERVICE_ID = '2000045678';
export const BOOKING_ONLY_SERVICE_ID = '2000056789';
export const REFERRAL_ONLY_SERVICE_ID = '2000067890';
export const NO_SLOTS_SERVICE_ID = '2000001234';

export function seedService(id: string): SeedService | undefined {
  return SEED_SERVICES.find((s) => s.id === id);
}

export function providerSystem(key: string): ProviderSystem | undefined {
  return PROVIDER_SYSTEMS.find((p) => p.key === key);
}
