import { describe, expect, it } from 'vitest';
import { Approval, reasonProblem, registrationProblem, samePerson } from '../../preload/contract';

describe('a professional registration number is checked against its register’s format', () => {
  it('GMC: exactly 7 digits', () => {
    expect(registrationProblem('GMC', '1234567')).toBeUndefined();
    expect(registrationProblem('GMC', ' 123 4567 ')).toBeUndefined();
    expect(registrationProblem('GMC', '123456')).toBe('A GMC number is 7 digits, for example 1234567');
    expect(registrationProblem('GMC', '12345678')).toContain('7 digits');
    expect(registrationProblem('GMC', '12A4567')).toContain('7 digits');
    expect(registrationProblem('GMC', '')).toBe('Enter the approver’s GMC number');
  });

  it('NMC: 2 digits, a letter, 4 digits and a letter', () => {
    expect(registrationProblem('NMC', '12A3456E')).toBeUndefined();
    expect(registrationProblem('NMC', '12a3456e')).toBeUndefined();
    expect(registrationProblem('NMC', '1234567')).toContain('2 digits, a letter, 4 digits and a letter');
    expect(registrationProblem('NMC', '12A34567')).toContain('for example 12A3456E');
  });

  it('HCPC: a profession’s prefix and digits; an unknown prefix is named', () => {
    expect(registrationProblem('HCPC', 'PA123456')).toBeUndefined();
    expect(registrationProblem('HCPC', 'PH12345')).toBeUndefined();
    expect(registrationProblem('HCPC', 'ODP12345')).toBeUndefined();
    expect(registrationProblem('HCPC', '123456')).toContain('prefix');
    expect(registrationProblem('HCPC', 'XX123456')).toBe('XX is not an HCPC profession prefix (for example PA for a paramedic, PH for a physiotherapist)');
  });
});

describe('the reason for approving must say something', () => {
  it('is at least 20 characters and says so with the count', () => {
    expect(reasonProblem('')).toBe('Enter why booking after the deadline is clinically acceptable');
    expect(reasonProblem('Stable, see later')).toBe('Give the clinical reason in at least 20 characters (17 so far)');
    expect(reasonProblem('Stable and safety-netted; earliest suitable appointment.')).toBeUndefined();
  });

  it('is not one character or one word repeated', () => {
    expect(reasonProblem('aaaaaaaaaaaaaaaaaaaaaaaa')).toContain('in words');
    expect(reasonProblem('.......................')).toContain('in words');
    expect(reasonProblem('ok ok ok ok ok ok ok ok ok')).toContain('in words');
    expect(reasonProblem('asdfasdfasdfasdfasdfasdf')).toContain('in words');
  });
});

describe('the Approval contract', () => {
  const good = { approverName: 'Dr Priya Nair', approverRole: 'GP', registrationBody: 'GMC', registrationNumber: '7 654 321', reason: 'Stable, safety-netted; earliest suitable appointment.' };

  it('accepts a complete approval and stores the number as the register prints it', () => {
    expect(Approval.parse(good).registrationNumber).toBe('7654321');
  });

  it('names each failing part', () => {
    const r = Approval.safeParse({ ...good, registrationBody: 'NMC', reason: 'ok' });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path.join('.'))).toEqual(['registrationNumber', 'reason']);
    expect(Approval.safeParse({ ...good, registrationBody: undefined }).success).toBe(false);
  });
});

describe('the same person, whatever the title, case or spacing', () => {
  it('matches names without titles', () => {
    expect(samePerson('Dr Alex Morgan', 'alex  MORGAN')).toBe(true);
    expect(samePerson('Alex Morgan', 'Alexandra Morgan')).toBe(false);
    expect(samePerson('', '')).toBe(false);
  });
});
