/** A restricted PDS record never brings an address, contact or GP into the app, even if PDS sent one. */
import { describe, expect, it } from 'vitest';
import { PdsPatient, tracedFields } from '../../main/identity/pds';
import { PDS_PATIENTS } from '../../main/sandbox/pds/patients';

const normal = PdsPatient.parse(PDS_PATIENTS.find((p) => p.id === '9000000009'));

describe('the traced fields of a PDS record', () => {
  it('drops the location of a record marked restricted (meta.security R), whatever PDS included', () => {
    const leaky = PdsPatient.parse({ ...normal, meta: { security: [{ code: 'R', display: 'restricted', system: 'https://www.hl7.org/fhir/valueset-security-labels.html' }] } });
    const fields = tracedFields(leaky, undefined, '2026-06-09');
    expect(fields).toMatchObject({ nhsNumber: '9000000009', restricted: true });
    expect(fields?.address).toBeUndefined();
    expect(fields?.gp).toBeUndefined();
    expect(JSON.stringify(fields)).not.toContain('Trevelyan');
  });

  it('keeps them for an unrestricted record, and refuses one without a usable NHS number or date of birth', () => {
    expect(tracedFields(normal, undefined, '2026-06-09')?.address?.postcode).toBe('LS1 6AE');
    expect(tracedFields(PdsPatient.parse({ ...normal, id: '9000000001' }), undefined, '2026-06-09')).toBeUndefined();
    const { birthDate: _b, ...noBirth } = normal;
    expect(tracedFields(PdsPatient.parse(noBirth), undefined, '2026-06-09')).toBeUndefined();
  });
});
