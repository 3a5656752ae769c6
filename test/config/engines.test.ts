import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script shared with CI, without type declarations
import { engineMismatches } from '../../scripts/engines.mjs';

const root = join(import.meta.dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as unknown;
const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as unknown;
const mismatches = engineMismatches as (pkg: unknown, lock: unknown, node?: string) => string[];

describe('the Node versions package.json declares', () => {
  it('are supported by every runtime dependency in the lock file (ldapts 9 needed Node 22)', () => {
    expect(mismatches(pkg, lock, '20.20.2')).toEqual([]);
  });

  it('include the Node this machine runs', () => {
    expect(mismatches(pkg, { packages: {} }, process.version)).toEqual([]);
  });

  it('CI fails on a runtime dependency that needs a newer Node, and ignores build-only tools', () => {
    const declared = { engines: { node: '>=20' } };
    const locked = {
      packages: {
        '': {},
        'node_modules/ldapts': { version: '9.2.0', engines: { node: '>=22' } },
        'node_modules/electron': { version: '45.4.1', dev: true, engines: { node: '>= 22.12.0' } },
      },
    };
    expect(mismatches(declared, locked, '20.20.2')).toEqual(['ldapts@9.2.0 needs Node >=22, but package.json declares >=20']);
    expect(mismatches(declared, locked, '18.20.0')[0]).toContain('outside the declared >=20');
  });
});
