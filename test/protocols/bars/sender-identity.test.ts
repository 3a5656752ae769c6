import { describe, expect, it } from 'vitest';
import { barsSenderIdentity } from '../../../main/app/booking-protocols';
import { contextHeaders } from '../../../main/protocols/bars';

const practitionerOf = (headers: Record<string, string>): unknown => {
  const header = headers['NHSD-Requesting-Practitioner'];
  return header === undefined ? undefined : JSON.parse(Buffer.from(header, 'base64').toString('utf8'));
};

/** Issue 19, item 2: BaRS names the signed-in user's role on every call, not whoever was there at start-up. */
describe('the BaRS requesting practitioner', () => {
  it('follows the CIS2 session: nobody before sign-in, then each signed-in user’s role profile', () => {
    // The profile CIS2 sign-in rewrites in place (main/app/identity-binding.ts).
    const profile = { sdsRoleProfileId: 'UNK' };
    const identity = barsSenderIdentity({ odsCode: 'X99999', name: 'Sandbox 111' }, { name: 'Booking Workstation', version: '0.1.0' }, profile);
    expect(practitionerOf(contextHeaders(identity))).toBeUndefined();

    Object.assign(profile, { sdsRoleProfileId: '555254242106' });
    expect(practitionerOf(contextHeaders(identity))).toEqual({
      resourceType: 'PractitionerRole',
      identifier: [{ system: 'https://fhir.nhs.uk/Id/sds-role-profile-id', value: '555254242106' }],
    });

    Object.assign(profile, { sdsRoleProfileId: '555254242107' });
    expect(practitionerOf(contextHeaders(identity))).toMatchObject({ identifier: [{ value: '555254242107' }] });

    Object.assign(profile, { sdsRoleProfileId: 'UNK' });
    expect(practitionerOf(contextHeaders(identity))).toBeUndefined();
  });
});
