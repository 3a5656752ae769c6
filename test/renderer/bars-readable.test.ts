/** A BaRS referral is shown as people read it: patient, service, reason and disposition, clinician, notes, call-back numbers, consent. */
import { describe, expect, it } from 'vitest';
import { referralMessage } from '../../main/protocols/bars';
import { readBarsReferral } from '../../renderer/src/screens/case/bars-readable';
import { facts, sender } from '../protocols/bars/harness';

const message = JSON.stringify(referralMessage({
  requestId: '77777777-2222-4333-8444-555555555555',
  created: new Date('2026-01-15T09:30:00Z'),
  dosServiceId: '2000071001',
  useCase: 'a1t1',
  version: '1.0.0',
  facts: { ...facts, notes: 'Fell at 14:00.\nPain 7/10.' },
  sender,
  appointmentId: 'APT-1',
}));

describe('readBarsReferral', () => {
  it('reads the referral message the app sent', () => {
    const r = readBarsReferral(message);
    expect(r).toMatchObject({
      title: 'BaRS referral',
      patient: { name: 'Ada Lovelace', nhsNumber: '9434765919', nhsNumberVerified: true, address: ['1 High Street', 'LS1 1AA'] },
      author: 'Dr Grace Hopper, Clinical Advisor, Yorkshire 111',
      recipient: 'Harbourside Emergency Department (DoS 2000071001)',
    });
    expect(r?.written).toMatch(/15 January 2026.*09:30|15 Jan 2026.*09:30/);
    const section = (title: string): { paragraphs: string[]; items: string[] } | undefined => r?.sections.find((s) => s.title === title);
    expect(section('Reason for referral')?.items).toEqual(['Disposition: DX02 Attend Emergency Treatment Centre within 1 hour']);
    expect(section('Clinical narrative and notes')?.paragraphs).toEqual(['ASSESSMENT OUTCOME: Dx02 Attend Emergency Treatment Centre within 1 hour', 'NOTES:', 'Fell at 14:00.', 'Pain 7/10.']);
    expect(section('Call-back numbers')?.items).toEqual(['Call first: The patient: 07700 900123', 'Anne Lovelace (Mother): 07700 900456']);
    expect(section('Consent')?.paragraphs).toEqual(['Direct Care, implied consent']);
    expect(section('Linked booking')?.paragraphs).toEqual(['Appointment APT-1 at the receiving service']);
  });

  it('shows a safeguarding Flag in its own section after the reason, in the clinician\'s words; no such section without one', () => {
    const withConcern = readBarsReferral(JSON.stringify(referralMessage({
      requestId: '77777777-2222-4333-8444-555555555556',
      created: new Date('2026-01-15T09:30:00Z'),
      dosServiceId: '2000071001',
      useCase: 'a1t1',
      version: '1.0.0',
      facts: { ...facts, safeguarding: { about: 'child', detail: 'Brother (4) left alone at night.', recordedAt: '2026-01-15T09:20:00Z' } },
      sender,
    })));
    const titles = withConcern?.sections.map((s) => s.title) ?? [];
    expect(titles.indexOf('Safeguarding concern')).toBe(titles.indexOf('Reason for referral') + 1);
    // When it was recorded, in UK time (January: GMT).
    expect(withConcern?.sections.find((s) => s.title === 'Safeguarding concern')?.paragraphs).toEqual(['Safeguarding concern about a child: Brother (4) left alone at night. (recorded Thu, 15 Jan 2026, 09:20)']);
    expect(readBarsReferral(message)?.sections.map((s) => s.title)).not.toContain('Safeguarding concern');
  });

  it('is nothing for a CDA, broken JSON, or a message that is not a referral', () => {
    expect(readBarsReferral('<ClinicalDocument/>')).toBeUndefined();
    expect(readBarsReferral('{"resourceType":')).toBeUndefined();
    expect(readBarsReferral(JSON.stringify({ resourceType: 'Bundle', type: 'message', entry: [] }))).toBeUndefined();
  });
});
