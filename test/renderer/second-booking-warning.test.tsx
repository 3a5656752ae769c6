import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { ExistingAnswer, ExistingCase } from '../../preload/contract';
import { SecondBookingWarning } from '../../renderer/src/screens/new-case/SecondBookingWarning';

const base: Omit<ExistingCase, 'caseId' | 'caseReference' | 'madeBy' | 'onThisDesk'> = {
  patientName: 'Amelia MENSAH',
  birthDate: '1980-08-08',
  nhsNumber: '4010001542',
  startedAt: '2026-06-10T09:00:00.000Z',
  why: 'live-booking',
  text: 'Booked: Riverside UTC, 14:30 today',
};

const warning = (answer: ExistingAnswer): string =>
  renderToStaticMarkup(<SecondBookingWarning answer={answer} onOpen={() => undefined} onContinue={() => undefined} onCancel={() => undefined} busy={false} />);

describe('the second-booking warning says who made the other booking', () => {
  it('another desk’s: the desk and the user by the name and role their CIS2 session gave, or their labelled id for an older case', () => {
    const html = warning({
      organisation: 'searched',
      matches: [
        { ...base, caseId: '11111111-1111-4111-8111-111111111111', caseReference: 'K7Q-2MX', onThisDesk: false, madeBy: { workstation: 'DESK-A', userId: '555123456789', userName: 'Dr Alex Morgan', userRole: 'Clinical Practitioner Access Role' } },
        { ...base, caseId: '22222222-2222-4222-8222-222222222222', caseReference: 'P3V-9KD', onThisDesk: false, madeBy: { workstation: 'DESK-C', userId: '555123456790' } },
      ],
    });
    expect(html).toContain(' on DESK-A by Dr Alex Morgan (Clinical Practitioner Access Role).');
    expect(html).toContain(' on DESK-C by user 555123456790.');
  });
});
