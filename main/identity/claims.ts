import { z } from 'zod';

/**
 * What CIS2 Authentication says about the signed-in user, read from the ID token and the
 * UserInfo endpoint (CIS2 puts the RBAC claims of the `nationalrbacaccess` scope in UserInfo,
 * and the assurance level and selected role in the ID token). Unknown claims are ignored.
 */
const NrbacRole = z.looseObject({
  /** The role profile id: SDS's person role id, what the JWT's requesting_practitioner names. */
  person_roleid: z.string().min(1),
  org_code: z.string().optional(),
  role_name: z.string().optional(),
  role_code: z.string().optional(),
  activity_codes: z.array(z.string()).optional(),
});

const ProfessionalMembership = z.looseObject({
  professional_register: z.string().optional(),
  registration_number: z.string().optional(),
});

export const Cis2Claims = z.looseObject({
  sub: z.string().min(1),
  nhsid_useruid: z.string().min(1).optional(),
  uid: z.string().min(1).optional(),
  name: z.string().optional(),
  given_name: z.string().optional(),
  family_name: z.string().optional(),
  title: z.string().optional(),
  nhsid_nrbac_roles: z.array(NrbacRole).optional(),
  selected_roleid: z.string().optional(),
  authentication_assurance_level: z.union([z.string(), z.number()]).optional(),
  acr: z.string().optional(),
  nhsid_professional_memberships: z.array(ProfessionalMembership).optional(),
});
export type Cis2Claims = z.infer<typeof Cis2Claims>;

/** One national RBAC role the user holds, in CIS2's words. */
export interface RbacRole {
  personRoleId: string;
  roleCode?: string;
  roleName?: string;
  orgCode?: string;
  activityCodes: string[];
}

/** The person behind a CIS2 session, as the rest of the app names them. */
export interface Cis2Identity {
  /** The user's UUID (nhsid_useruid): the SDS user id. */
  uid: string;
  displayName: string;
  title?: string;
  roles: RbacRole[];
  /** The role the user chose at sign-in (selected_roleid); absent with none chosen and more than one held. */
  selectedRole?: RbacRole;
  /** CIS2's authentication assurance level, e.g. "3" for a smartcard. */
  assuranceLevel: string;
  /** A professional registration (GMC, NMC, HCPC …) where CIS2 gives one. */
  registration?: { register: string; number: string };
}

/** Reads a CIS2 identity from the merged ID token and UserInfo claims; a message when something required is missing. */
export function identityFrom(raw: unknown): { ok: true; identity: Cis2Identity } | { ok: false; reason: string } {
  const parsed = Cis2Claims.safeParse(raw);
  if (!parsed.success) return { ok: false, reason: `the claims are not CIS2's: ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}` };
  const c = parsed.data;
  const uid = c.nhsid_useruid ?? c.uid;
  if (uid === undefined) return { ok: false, reason: 'no nhsid_useruid claim' };
  const displayName = c.name ?? [c.given_name, c.family_name].filter((s) => s !== undefined && s !== '').join(' ');
  if (displayName === '') return { ok: false, reason: 'no name claim' };
  const roles: RbacRole[] = (c.nhsid_nrbac_roles ?? []).map((r) => ({
    personRoleId: r.person_roleid,
    activityCodes: r.activity_codes ?? [],
    ...(r.role_code !== undefined ? { roleCode: r.role_code } : {}),
    ...(r.role_name !== undefined ? { roleName: r.role_name } : {}),
    ...(r.org_code !== undefined ? { orgCode: r.org_code } : {}),
  }));
  const selectedRole = c.selected_roleid !== undefined ? roles.find((r) => r.personRoleId === c.selected_roleid) : roles.length === 1 ? roles[0] : undefined;
  const level = assuranceLevelOf(c);
  const membership = (c.nhsid_professional_memberships ?? []).find((m) => m.professional_register !== undefined && m.registration_number !== undefined);
  return {
    ok: true,
    identity: {
      uid,
      displayName,
      roles,
      assuranceLevel: level,
      ...(c.title !== undefined && c.title !== '' ? { title: c.title } : {}),
      ...(selectedRole !== undefined ? { selectedRole } : {}),
      ...(membership?.professional_register !== undefined && membership.registration_number !== undefined
        ? { registration: { register: membership.professional_register, number: membership.registration_number } }
        : {}),
    },
  };
}

/** CIS2 gives the level as `authentication_assurance_level`; `acr` (AAL3_ANY, AAL1_USERPASS …) says the same where that is missing. */
function assuranceLevelOf(c: Cis2Claims): string {
  if (c.authentication_assurance_level !== undefined) return String(c.authentication_assurance_level);
  const fromAcr = /^AAL(\d)/.exec(c.acr ?? '');
  return fromAcr?.[1] ?? '0';
}
