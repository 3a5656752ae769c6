import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type SandboxHandle } from '../../main/sandbox';
import { UTC, call, claims, jwt, providerRoot, slotQuery, SCOPE } from './fixtures';

let sandbox: SandboxHandle;
let root: string;

beforeAll(async () => {
  sandbox = await startSandbox();
  root = providerRoot(sandbox, 'riverside');
});
afterAll(() => sandbox.close());

const now = (): number => Math.floor(Date.now() / 1000);
const search = (token: string | null) => call(root, slotQuery(UTC, 2, ''), { token });

describe('JWT validation', () => {
  it('accepts the real-shaped token, and one without requesting_practitioner', async () => {
    expect((await search(jwt(claims(root, SCOPE.slot)))).status).toBe(200);
    expect((await search(jwt(claims(root, SCOPE.slot, { requesting_practitioner: undefined })))).status).toBe(200);
  });

  it('403 without an Authorization header', async () => {
    const res = await search(null);
    expect(res.status).toBe(403);
    expect(res.json).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ details: { coding: [{ code: 'ACCESS_DENIED' }] } }] });
  });

  it('400 for a token that cannot be decoded', async () => {
    expect((await search('not-a-jwt')).status).toBe(400);
    expect((await search('abc.def.')).status).toBe(400);
  });

  const practitioner = claims('x', SCOPE.slot).requesting_practitioner as Record<string, unknown>;
  it.each<[string, () => string]>([
    ['alg other than none', () => jwt(claims(root, SCOPE.slot), { alg: 'HS256', typ: 'JWT' })],
    ['typ other than JWT', () => jwt(claims(root, SCOPE.slot), { alg: 'none', typ: 'JOSE' })],
    ['a signature', () => `${jwt(claims(root, SCOPE.slot))}c2ln`],
    ['no iss', () => jwt(claims(root, SCOPE.slot, { iss: undefined }))],
    ['no sub', () => jwt(claims(root, SCOPE.slot, { sub: undefined }))],
    ['aud of another Provider', () => jwt(claims(providerRoot(sandbox, 'hub'), SCOPE.slot))],
    ['iat as a string', () => jwt(claims(root, SCOPE.slot, { iat: String(now()) }))],
    ['a lifetime over 300 s', () => jwt(claims(root, SCOPE.slot, { iat: now(), exp: now() + 301 }))],
    ['an expired token', () => jwt(claims(root, SCOPE.slot, { iat: now() - 600, exp: now() - 300 }))],
    ['iat in the future', () => jwt(claims(root, SCOPE.slot, { iat: now() + 600, exp: now() + 900 }))],
    ['reason_for_request not directcare', () => jwt(claims(root, SCOPE.slot, { reason_for_request: 'secondaryuses' }))],
    ['the wrong requested_scope', () => jwt(claims(root, SCOPE.write))],
    ['no requesting_device', () => jwt(claims(root, SCOPE.slot, { requesting_device: undefined }))],
    ['an organisation without an ODS code', () => jwt(claims(root, SCOPE.slot, { requesting_organization: { resourceType: 'Organization', name: 'X', identifier: [{ system: 'urn:x', value: 'RX8' }] } }))],
    ['a practitioner id other than sub', () => jwt(claims(root, SCOPE.slot, { requesting_practitioner: { ...practitioner, id: 'someone-else' } }))],
    ['a practitioner without an SDS role profile id', () =>
      jwt(claims(root, SCOPE.slot, { requesting_practitioner: { ...practitioner, identifier: [{ system: 'https://fhir.nhs.uk/Id/sds-user-id', value: '1' }] } }))],
  ])('403 for %s', async (_name, token) => {
    const res = await search(token());
    expect(res.status).toBe(403);
    expect(res.json.resourceType).toBe('OperationOutcome');
  });

  it('tolerates a minute of clock skew', async () => {
    expect((await search(jwt(claims(root, SCOPE.slot, { iat: now() + 30, exp: now() + 330 })))).status).toBe(200);
  });
});
