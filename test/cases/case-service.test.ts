import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Patient, StartCase } from '../../preload/contract';
import { AuditStore } from '../../main/audit';
import { CaseStore } from '../../main/cases';
import { DEFAULT_SETTINGS } from '../../main/config';
import { closeDatabase, openDatabase } from '../../main/db/database';
import { CaseService } from '../../main/workflow/case-service';
import { childWithParentContact, patientWithNhsNumber } from '../support/patients';

const NOW = new Date('2026-11-24T14:00:00Z');

function service(path = ':memory:') {
  const db = openDatabase(path);
  const audit = new AuditStore(db, { userId: 'u', workstation: 'w' }, () => NOW);
  return { db, audit, cases: new CaseService(new CaseStore(db), audit, DEFAULT_SETTINGS, () => NOW) };
}

describe('a case', () => {
  it('sets the deadline from the disposition timeframe, counted from the start of the case', () => {
    const { cases } = service();
    const c = cases.start(StartCase.parse({ patient: patientWithNhsNumber(), dispositionCode: 'Dx05', startedAt: '2026-11-24T13:30:00Z' }));
    expect(c.outcome).toMatchObject({ dispositionCode: 'Dx05', timeframeMinutes: 120, deadline: '2026-11-24T15:30:00.000Z', deadlineSetByHand: false });
  });

  it('takes a deadline a clinician set by hand, with the reason and who decided, and audits both', () => {
    const { cases, audit } = service();
    const byHand = { deadline: '2026-11-24T18:00:00Z', deadlineReason: 'Patient needs a carer present, who arrives at 17:00', deadlineDecidedBy: 'Dr Priya Nair, GP' };
    const c = cases.start(StartCase.parse({ patient: patientWithNhsNumber(), dispositionCode: 'Dx05', startedAt: '2026-11-24T13:30:00Z', ...byHand }));
    expect(c.outcome).toMatchObject({ deadline: '2026-11-24T18:00:00.000Z', deadlineSetByHand: true, deadlineReason: byHand.deadlineReason, deadlineDecidedBy: byHand.deadlineDecidedBy });
    const opened = audit.eventsForCase(c.id).find((e) => e.type === 'case.opened');
    expect(opened?.detail).toMatchObject({ deadlineSetByHand: true, deadlineReason: byHand.deadlineReason, deadlineDecidedBy: byHand.deadlineDecidedBy, timeframeDeadline: '2026-11-24T15:30:00.000Z' });
  });

  it('refuses a deadline set by hand without a meaningful reason or without who decided', () => {
    const start = (extra: object) => StartCase.safeParse({ patient: patientWithNhsNumber(), dispositionCode: 'Dx05', deadline: '2026-11-24T18:00:00Z', ...extra });
    const paths = (extra: object) => {
      const r = start(extra);
      return r.success ? [] : r.error.issues.map((i) => i.path.join('.'));
    };
    expect(paths({})).toEqual(['deadlineReason', 'deadlineDecidedBy']);
    expect(paths({ deadlineReason: 'clinical', deadlineDecidedBy: 'Dr Nair' })).toEqual(['deadlineReason']);
    expect(paths({ deadlineReason: 'aaaaaaaaaaaaaaaaaaaaaaaaa', deadlineDecidedBy: 'Dr Nair' })).toEqual(['deadlineReason']);
    expect(paths({ deadlineReason: 'Carer can only bring the patient after work', deadlineDecidedBy: '' })).toEqual(['deadlineDecidedBy']);
    expect(paths({ deadlineReason: 'Carer can only bring the patient after work', deadlineDecidedBy: 'Dr Nair, GP' })).toEqual([]);
  });

  it('refuses an assessment outcome the settings do not list', () => {
    const { cases } = service();
    expect(() => cases.start(StartCase.parse({ patient: patientWithNhsNumber(), dispositionCode: 'Dx99' }))).toThrow('does not support booking');
  });

  it('comes back intact after the app restarts mid-case', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'bw-case-')), 'w.sqlite');
    const first = service(path);
    const opened = first.cases.start(StartCase.parse({ patient: childWithParentContact(), dispositionCode: 'Dx06', registeredPractice: { odsCode: 'B82005' } }));
    closeDatabase(first.db);
    const again = service(path);
    expect(again.cases.get(opened.id)).toEqual(opened);
    expect(again.cases.list().cases[0]).toMatchObject({ id: opened.id, status: 'open', patientName: 'Leo HART' });
    expect(again.audit.eventsForCase(opened.id).map((e) => e.type)).toEqual(['case.opened']);
  });

  it('blocks the referral until a service is chosen', () => {
    const { cases } = service();
    const c = cases.start(StartCase.parse({ patient: patientWithNhsNumber(), dispositionCode: 'Dx05' }));
    expect(c.referralAllowed).toBe(false);
    expect(c.referralBlockedReason).toBe('Choose a service first.');
  });
});

describe('patient capture rules', () => {
  it('accepts a patient without an NHS number', () => {
    expect(Patient.safeParse(childWithParentContact()).success).toBe(true);
  });

  it.each([
    ['an NHS number with a wrong check digit', { nhsNumber: '9434765918' }, 'nhsNumber', 'check digit'],
    ['a bad postcode', { address: { lines: ['1 High St'], postcode: 'NOT A PC' } }, 'address.postcode', 'not a valid UK postcode'],
    ['no contact at all', { telecom: [] }, 'telecom', 'at least one way to contact'],
    [
      'two primary contacts',
      { telecom: [{ system: 'phone', value: '1', use: 'home', rank: 1 }, { system: 'phone', value: '2', use: 'mobile', rank: 1 }] },
      'telecom',
      'only one number can be the primary contact',
    ],
    ['no primary contact', { telecom: [{ system: 'phone', value: '1', use: 'home', rank: 2 }] }, 'telecom', 'must be chosen as the primary contact'],
    ['a date of birth in the future', { birthDate: '2999-01-01' }, 'birthDate', 'cannot be in the future'],
  ] as const)('rejects %s', (_name, overrides, path, message) => {
    const result = Patient.safeParse(patientWithNhsNumber(overrides as never));
    expect(result.success).toBe(false);
    const issue = result.error?.issues.find((i) => i.path.join('.') === path);
    expect(issue?.message).toContain(message);
  });

  it('counts a third party contact as the single primary across all numbers', () => {
    const p = childWithParentContact();
    const twice = { ...p, telecom: [{ system: 'phone', value: '0', use: 'home', rank: 1 }] };
    expect(Patient.safeParse(twice).success).toBe(false);
  });
});
