import { describe, expect, it } from 'vitest';
import { barsSenderIdentity } from '../../../main/app/booking-protocols';
import { bindIdentity } from '../../../main/app/identity-binding';
import type { UserProfile } from '../../../main/config';
import type { Cis2Identity } from '../../../main/identity/claims';
import type { IdentityService } from '../../../main/identity/identity-service';
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

/** A CIS2 session as identity-binding sees it: who signs in next is told to its listener. */
function fakeSession(): { identity: IdentityService; signIn: (who: Cis2Identity | undefined) => void } {
  let listener: ((who: Cis2Identity | undefined) => void) | undefined;
  const identity = { session: { onChange: (l: typeof listener) => (listener = l) }, mayApprove: () => true, mayBook: () => true } as unknown as IdentityService;
  return { identity, signIn: (who) => listener?.(who) };
}

const clinician = (roleCode: string | undefined): Cis2Identity => ({
  uid: '555123456789',
  displayName: 'Alex Morgan',
  assuranceLevel: '3',
  roles: [],
  selectedRole: { personRoleId: '555987654321', ...(roleCode !== undefined ? { roleCode } : {}), roleName: 'Clinical Practitioner Access Role', activityCodes: [] },
});

/**
 * BaRS API spec, NHSD-Requesting-Practitioner (NHSDigital/booking-and-referral-fhir-api,
 * specification/booking-and-referral-1.6.0.yaml): a PractitionerRole with the SDS role profile id
 * and the role's code, included whenever it is known. CIS2 knows the national RBAC job role.
 */
describe('the BaRS requesting practitioner’s role', () => {
  it('carries the job role selected at CIS2 sign-in (the R code of nhsid_nrbac_roles), under the SDS job role code system, never as SNOMED', () => {
    const profile: UserProfile = { displayName: 'Not signed in', sdsUserId: 'UNK', sdsRoleProfileId: 'UNK', localUserId: 'signed-out', clinician: false };
    const session = fakeSession();
    bindIdentity(session.identity, { profile, user: { ...profile, mayBook: false }, audit: { userId: 'signed-out', workstation: 'desk' } });
    const identity = barsSenderIdentity({ odsCode: 'X99999', name: 'Sandbox 111' }, { name: 'Booking Workstation', version: '0.1.0' }, profile);

    // CIS2 gives the role code as the RBAC hierarchy: staff group, job group, job role.
    session.signIn(clinician('S8000:G8000:R8000'));
    expect(practitionerOf(contextHeaders(identity))).toEqual({
      resourceType: 'PractitionerRole',
      identifier: [{ system: 'https://fhir.nhs.uk/Id/sds-role-profile-id', value: '555987654321' }],
      code: [{ coding: [{ system: 'https://fhir.hl7.org.uk/CodeSystem/UKCore-SDSJobRoleName', code: 'R8000', display: 'Clinical Practitioner Access Role' }] }],
    });

    // The job role alone, as some CIS2 environments give it.
    session.signIn({ ...clinician('R8008'), selectedRole: { personRoleId: '555987654322', roleCode: 'R8008', roleName: 'Admin/Clinical Support Access Role', activityCodes: [] } });
    expect(practitionerOf(contextHeaders(identity))).toMatchObject({ identifier: [{ value: '555987654322' }], code: [{ coding: [{ code: 'R8008', display: 'Admin/Clinical Support Access Role' }] }] });

    // A role with no job role code (or one that is not an R code) names the role profile only: no code is guessed.
    session.signIn(clinician(undefined));
    expect(practitionerOf(contextHeaders(identity))).toEqual({ resourceType: 'PractitionerRole', identifier: [{ system: 'https://fhir.nhs.uk/Id/sds-role-profile-id', value: '555987654321' }] });
    session.signIn(clinician('not-a-role'));
    expect(practitionerOf(contextHeaders(identity))).not.toHaveProperty('code');

    // Signed out: nobody, and no role.
    session.signIn(undefined);
    expect(practitionerOf(contextHeaders(identity))).toBeUndefined();
    expect(profile.roleCode).toBeUndefined();
  });

  it('a typed role (a desk without CIS2) never becomes a code', () => {
    const identity = barsSenderIdentity({ odsCode: 'X99999', name: 'Sandbox 111' }, { name: 'Booking Workstation', version: '0.1.0' }, { sdsRoleProfileId: '222222222222', role: 'Typed role' });
    expect(practitionerOf(contextHeaders(identity))).not.toHaveProperty('code');
  });
});
