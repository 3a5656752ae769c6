/** The `bars` settings block: validated like the rest, each bad field named. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSettings } from '../../main/config';

const dir = mkdtempSync(join(tmpdir(), 'bw-bars-config-'));
const write = (content: unknown): string => {
  const path = join(dir, `s-${Math.random()}.json`);
  writeFileSync(path, JSON.stringify(content));
  return path;
};

const bars = {
  proxyBaseUrl: 'https://int.api.service.nhs.uk/booking-and-referral/FHIR/R4',
  tokenUrl: 'https://int.api.service.nhs.uk/oauth2/token',
  apiKeyRef: 'env:BARS_API_KEY',
  keyId: 'bw-int-1',
  privateKeyPath: '/etc/booking-workstation/bars.pem',
  privateKeyPassphraseRef: 'file:/etc/booking-workstation/bars.pass',
  sourceEndpoint: 'https://fhir.nhs.uk/Id/dos-service-id|2000099001',
  protocolOverrides: { '2000071002': 'bars' },
};

describe('bars settings', () => {
  it('accepts a complete block and fills software and sender defaults', () => {
    const loaded = loadSettings(write({ mode: 'sandbox', bars }));
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
    expect(loaded.settings.bars).toMatchObject({ keyId: 'bw-int-1', sender: '111', software: { name: 'Booking Workstation' }, protocolOverrides: { '2000071002': 'bars' } });
  });

  it('is optional: without it there is no BaRS', () => {
    const loaded = loadSettings(write({ mode: 'sandbox' }));
    expect(loaded.ok && loaded.settings.bars).toBeUndefined();
  });

  it('names each bad field: an http proxy, a plain API key, a bad source endpoint, an unknown override', () => {
    const loaded = loadSettings(write({
      mode: 'sandbox',
      bars: { ...bars, proxyBaseUrl: 'http://proxy.example', apiKeyRef: 'abc123', sourceEndpoint: 'ours', protocolOverrides: { x1: 'bars', '2000071001': 'gp-connect' } },
    }));
    if (loaded.ok) throw new Error('expected problems');
    const fields = loaded.problems.map((p) => p.field).join(' ');
    expect(fields).toContain('bars.proxyBaseUrl');
    expect(fields).toContain('bars.apiKeyRef');
    expect(fields).toContain('bars.sourceEndpoint');
    expect(fields).toContain('bars.protocolOverrides');
    expect(loaded.problems.find((p) => p.field === 'bars.apiKeyRef')?.message).toMatch(/never the secret itself/);
  });
});
