import { describe, expect, it } from 'vitest';
import { madeByName } from '../../renderer/src/format/made-by';

describe('who made a booking, as Find and the second-booking warning say it', () => {
  it('the name and role the CIS2 session gave', () => {
    expect(madeByName({ userId: '555123456789', userName: 'Dr Asha Patel', userRole: 'Clinician' })).toBe('Dr Asha Patel (Clinician)');
    expect(madeByName({ userId: '555123456789', userName: 'Dr Asha Patel' })).toBe('Dr Asha Patel');
  });

  it('a booking recorded before names were kept: the CIS2 user id, plainly labelled, never blank', () => {
    expect(madeByName({ userId: '555123456789' })).toBe('user 555123456789');
    expect(madeByName({ userId: '555123456789', userName: '', userRole: 'Clinician' })).toBe('user 555123456789');
  });
});
