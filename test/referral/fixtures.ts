import type { Booking, ChosenService, Patient } from '../../preload/contract';
import type { CdaInput } from '../../main/referral';

export const PATIENT: Patient = {
  title: 'Ms',
  given: 'Jane',
  family: 'Smith',
  birthDate: '1984-03-12',
  gender: 'female',
  address: { lines: ['12 Acacia Avenue'], city: 'Leeds', postcode: 'LS6 2AB' },
  nhsNumber: '9434765919',
  nhsNumberVerified: true,
  telecom: [{ system: 'phone', value: '07700 900123', use: 'mobile', rank: 1 }],
  contacts: [
    {
      relationship: 'N',
      relationshipText: 'Husband',
      name: { given: 'John', family: 'Smith' },
      telecom: [{ system: 'phone', value: '07700 900456', use: 'home', rank: 2 }],
    },
  ],
};

export const OUTCOME = {
  dispositionCode: 'Dx05',
  dispositionText: 'Contact a primary care service within 2 hours',
  timeframeMinutes: 120,
  deadline: '2026-06-10T11:00:00.000Z',
  deadlineSetByHand: false,
};

export const DOCUMENT_ID = '6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
export const APPOINTMENT_URL = 'https://provider.example.nhs.uk/fhir/STU3/Appointment/abc-123';

export function cdaInput(overrides: Partial<CdaInput> = {}): CdaInput {
  return {
    documentId: DOCUMENT_ID,
    caseId: '0b6b6a58-1111-4222-8333-944445555666',
    caseStartedAt: '2026-06-10T09:00:00.000Z',
    createdAt: new Date('2026-06-10T09:30:00.000Z'),
    patient: PATIENT,
    outcome: OUTCOME,
    registeredPractice: { odsCode: 'B82002', name: 'Hambleton Surgery' },
    author: { displayName: 'Hannah Clarke', title: 'Ms', sdsUserId: '687227875014', sdsRoleProfileId: 'UNK' },
    organisation: { odsCode: 'X99999', name: 'Sandbox NHS 111 Service' },
    recipient: { serviceId: '2000012345', name: 'Riverside Urgent Treatment Centre', odsCode: 'RX8AA' },
    ...overrides,
  };
}

export const SLOT: Booking['slot'] = {
  slotId: 'slot-1',
  start: '2026-06-10T10:00:00.000Z',
  end: '2026-06-10T10:15:00.000Z',
  durationMinutes: 15,
  deliveryChannel: 'In-person',
  location: { name: 'Riverside UTC' },
  outsideTimeframe: false,
};

export function booking(overrides: Partial<Booking> = {}): Booking & { appointmentUrl: string } {
  return {
    id: 'a1b2c3d4-0000-4000-8000-000000000001',
    caseId: '0b6b6a58-1111-4222-8333-944445555666',
    serviceId: '2000012345',
    serviceName: 'Riverside Urgent Treatment Centre',
    asid: '918999198993',
    slot: SLOT,
    status: 'booked',
    requestId: 'a1b2c3d4-0000-4000-8000-000000000002',
    documentId: DOCUMENT_ID,
    appointmentId: 'abc-123',
    outsideTimeframe: false,
    createdAt: '2026-06-10T09:20:00.000Z',
    bookedAt: '2026-06-10T09:21:00.000Z',
    slotText: 'Wed 10 Jun 2026, 11:00–11:15',
    statusText: 'Booked',
    statusSince: '2026-06-10T09:21:00.000Z',
    live: true,
    reference: '2M4-K7Q/1',
    timeframe: { deadline: '2026-06-10T11:20:00.000Z', minutesAfterDeadline: -80, outside: false, text: 'Within the timeframe' },
    ...overrides,
    appointmentUrl: overrides.appointmentUrl ?? APPOINTMENT_URL,
  };
}

export function chosenService(overrides: Partial<ChosenService> = {}): ChosenService {
  return {
    serviceId: '2000012345',
    name: 'Riverside Urgent Treatment Centre',
    rank: 1,
    bookingOnly: false,
    booking: { status: 'bookable', asid: '918999198993' },
    referralAvailable: true,
    chosenAt: '2026-06-10T09:10:00.000Z',
    ...overrides,
  };
}
