import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../main/log/logger';
import { PatientTraceService } from '../../main/workflow/patient-trace';
import { memoryAudit } from '../integration/pds/support';
import { testClock } from '../support/clock';
import { patientWithNhsNumber } from '../support/patients';

/**
 * Issue 19, item 5: only a PDS trace verifies an NHS number. In live mode a typed "verified" tick
 * never reaches a booking (it would send "number present and verified" for a number nobody traced).
 */
describe('an NHS number verified by typing alone', () => {
  const service = (typedVerification: boolean) => new PatientTraceService(undefined, memoryAudit(), silentLogger(), testClock(), typedVerification);
  const typed = { ...patientWithNhsNumber(), nhsNumberVerified: true };

  it('is not verified in live mode: the case starts "not traced", not verified', () => {
    expect(service(false).apply(typed, undefined)).toMatchObject({ nhsNumberVerified: false, trace: { state: 'not-traced' } });
  });

  it('cannot be made verified later by editing the patient', () => {
    const started = service(false).apply({ ...typed, nhsNumberVerified: false }, undefined);
    expect(service(false).keep(started, typed)).toMatchObject({ nhsNumberVerified: false });
  });

  it('stands only in the sandbox, whose test fixtures tick it', () => {
    expect(service(true).apply(typed, undefined)).toMatchObject({ nhsNumberVerified: true, trace: { state: 'not-traced' } });
  });
});
