import { generateKeyPair, jwtVerify, decodeProtectedHeader } from 'jose';
import { describe, expect, it } from 'vitest';
import { JwtFactory, ODS_SYSTEM, SDS_ROLE_SYSTEM, SDS_USER_SYSTEM, type JwtSystem, type JwtUser } from '../../main/spine/jwt';

const system: JwtSystem = {
  issuer: 'https://booking-workstation.example.nhs.uk',
  device: { system: 'https://booking-workstation.example.nhs.uk/device', value: 'WS-042', model: 'Booking Workstation', version: '0.1.0' },
  organisation: { name: 'NHS 111 North', odsCode: 'NHS111N' },
  localUserSystem: 'https://booking-workstation.example.nhs.uk/user',
};
const user: JwtUser = { id: 'u-7', displayName: 'Dr Jane Smith', sdsUserId: '123456789012', sdsRoleProfileId: '987654321', localUserId: 'jsmith' };
const NOW = Date.UTC(2026, 0, 5, 10, 0, 0);
const AUD = 'https://provider.example.nhs.uk/fhir';

function decode(token: string): { header: Record<string, unknown>; claims: Record<string, unknown> } {
  const [h, p] = token.split('.');
  return {
    header: JSON.parse(Buffer.from(h ?? '', 'base64url').toString()) as Record<string, unknown>,
    claims: JSON.parse(Buffer.from(p ?? '', 'base64url').toString()) as Record<string, unknown>,
  };
}

describe('JwtFactory, unsigned (digest §2)', () => {
  const factory = new JwtFactory({ system, user: () => user, now: () => NOW });

  it('has header alg none, typ JWT and an empty signature', async () => {
    const token = await factory.create(AUD, 'slot-search');
    expect(token.endsWith('.')).toBe(true);
    expect(token.split('.')).toHaveLength(3);
    expect(decode(token).header).toEqual({ alg: 'none', typ: 'JWT' });
  });

  it('carries every claim of the standard', async () => {
    const { claims } = decode(await factory.create(AUD, 'slot-search'));
    expect(claims.iss).toBe(system.issuer);
    expect(claims.sub).toBe('u-7');
    expect(claims.aud).toBe(AUD);
    expect(claims.iat).toBe(NOW / 1000);
    expect(claims.exp).toBe(NOW / 1000 + 300);
    expect(claims.reason_for_request).toBe('directcare');
    expect(claims.requested_scope).toBe('organization/slot.read');
    expect(claims.requesting_device).toEqual({
      resourceType: 'Device',
      identifier: [{ system: system.device.system, value: 'WS-042' }],
      model: 'Booking Workstation',
      version: '0.1.0',
    });
    expect(claims.requesting_organization).toEqual({
      resourceType: 'Organization',
      name: 'NHS 111 North',
      identifier: [{ system: ODS_SYSTEM, value: 'NHS111N' }],
    });
    const practitioner = claims.requesting_practitioner as { id: string; name: unknown; identifier: unknown };
    expect(practitioner.id).toBe(claims.sub);
    expect(practitioner.name).toEqual([{ text: 'Dr Jane Smith' }]);
    expect(practitioner.identifier).toEqual([
      { system: SDS_USER_SYSTEM, value: '123456789012' },
      { system: SDS_ROLE_SYSTEM, value: '987654321' },
      { system: system.localUserSystem, value: 'jsmith' },
    ]);
  });

  it.each([
    ['metadata', 'organization/slot.read'],
    ['slot-search', 'organization/slot.read'],
    ['book', 'patient/appointment.write'],
    ['cancel', 'patient/appointment.write'],
    ['read-appointment', 'patient/appointment.read'],
  ] as const)('scope for %s is %s', async (op, scope) => {
    expect(decode(await factory.create(AUD, op)).claims.requested_scope).toBe(scope);
  });

  it('writes UNK identifiers for a user without a smartcard', async () => {
    const f = new JwtFactory({ system, user: () => ({ ...user, sdsUserId: 'UNK', sdsRoleProfileId: 'UNK' }) });
    const ids = (decode(await f.create(AUD, 'book')).claims.requesting_practitioner as { identifier: { value: string }[] }).identifier;
    expect(ids.slice(0, 2).map((i) => i.value)).toEqual(['UNK', 'UNK']);
  });

  it('makes a new token per request, reading the current user each time', async () => {
    let current = user;
    const f = new JwtFactory({ system, user: () => current });
    const first = decode(await f.create(AUD, 'book')).claims.sub;
    current = { ...user, id: 'u-8' };
    expect(decode(await f.create(AUD, 'book')).claims.sub).not.toBe(first);
  });
});

describe('JwtFactory, signed mode', () => {
  it('signs with the configured key and algorithm', async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    const f = new JwtFactory({ system, user: () => user, signing: { key: privateKey, alg: 'ES256' } });
    const token = await f.create(AUD, 'book');
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'ES256', typ: 'JWT' });
    const { payload } = await jwtVerify(token, publicKey, { audience: AUD, issuer: system.issuer });
    expect(payload.requested_scope).toBe('patient/appointment.write');
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(300);
  });
});
