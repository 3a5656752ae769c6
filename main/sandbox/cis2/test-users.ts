/**
 * The CIS2 stand-in's test users: one of each kind the app must tell apart. Their SDS ids are
 * the sandbox's (555…), never real people's. The first is the default (one click at sign-in).
 */
export interface Cis2TestUser {
  key: string;
  uid: string;
  title?: string;
  givenName: string;
  familyName: string;
  /** What the sign-in page's button says about them. */
  summary: string;
  assuranceLevel: '1' | '3';
  roles: { personRoleId: string; roleCode: string; roleName: string; orgCode: string; activityCodes: string[] }[];
  registration?: { register: string; number: string };
}

const ORG = 'X99999';

export const CIS2_TEST_USERS: readonly Cis2TestUser[] = [
  {
    key: 'clinician',
    uid: '555123456789',
    title: 'Dr',
    givenName: 'Alex',
    familyName: 'Morgan',
    summary: 'clinician, may approve late bookings (smartcard)',
    assuranceLevel: '3',
    roles: [{ personRoleId: '555987654321', roleCode: 'R8000', roleName: 'Clinical Practitioner Access Role', orgCode: ORG, activityCodes: ['B0370', 'B0264'] }],
    registration: { register: 'GMC', number: '1234567' },
  },
  {
    key: 'call-handler',
    uid: '555123456790',
    givenName: 'Sam',
    familyName: 'Taylor',
    summary: 'call handler, may book but not approve (smartcard)',
    assuranceLevel: '3',
    roles: [{ personRoleId: '555987654322', roleCode: 'R8008', roleName: 'Admin/Clinical Support Access Role', orgCode: ORG, activityCodes: ['B0264'] }],
  },
  {
    key: 'second-clinician',
    uid: '555123456792',
    title: 'Dr',
    givenName: 'Priya',
    familyName: 'Nair',
    summary: 'clinician, may approve late bookings (smartcard)',
    assuranceLevel: '3',
    roles: [{ personRoleId: '555987654324', roleCode: 'R8000', roleName: 'Clinical Practitioner Access Role', orgCode: ORG, activityCodes: ['B0370', 'B0264'] }],
    registration: { register: 'GMC', number: '7654321' },
  },
  {
    key: 'low-assurance',
    uid: '555123456791',
    givenName: 'Jo',
    familyName: 'Bloggs',
    summary: 'clinician signed in with a password only (below smartcard level)',
    assuranceLevel: '1',
    roles: [{ personRoleId: '555987654323', roleCode: 'R8000', roleName: 'Clinical Practitioner Access Role', orgCode: ORG, activityCodes: ['B0370', 'B0264'] }],
  },
];

export function testUser(key: string): Cis2TestUser | undefined {
  return CIS2_TEST_USERS.find((u) => u.key === key || u.uid === key);
}

export function fullName(user: Cis2TestUser): string {
  return `${user.givenName} ${user.familyName}`;
}

/** CIS2's claims for a test user, by scope (CIS2 returns the RBAC claims from UserInfo). */
export function claimsOf(user: Cis2TestUser, selectedRoleId?: string): Record<string, unknown> {
  const role = user.roles.find((r) => r.personRoleId === selectedRoleId) ?? user.roles[0];
  return {
    sub: user.uid,
    nhsid_useruid: user.uid,
    uid: user.uid,
    name: fullName(user),
    given_name: user.givenName,
    family_name: user.familyName,
    ...(user.title !== undefined ? { title: user.title } : {}),
    authentication_assurance_level: user.assuranceLevel,
    ...(role !== undefined ? { selected_roleid: role.personRoleId } : {}),
    nhsid_nrbac_roles: user.roles.map((r) => ({
      person_orgid: `${r.personRoleId}0`,
      person_roleid: r.personRoleId,
      org_code: r.orgCode,
      role_name: r.roleName,
      role_code: r.roleCode,
      activity_codes: r.activityCodes,
    })),
    nhsid_user_orgs: [{ org_code: ORG, org_name: 'Sandbox NHS 111 Service' }],
    nhsid_professional_memberships:
      user.registration === undefined ? [] : [{ professional_register: user.registration.register, registration_number: user.registration.number }],
  };
}

export function acrOf(user: Cis2TestUser): string {
  return user.assuranceLevel === '3' ? 'AAL3_ANY' : 'AAL1_USERPASS';
}
