import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/** The `electronFuses:` block of electron-builder.yml, as name → value (flat `key: true|false` lines only). */
function fusesOf(yml: string): Record<string, boolean> {
  const block = /^electronFuses:\n((?:[ \t]+\S.*\n)+)/m.exec(yml)?.[1] ?? '';
  const fuses: Record<string, boolean> = {};
  for (const [, name, value] of block.matchAll(/^\s+(\w+):\s*(true|false)\s*$/gm)) if (name !== undefined) fuses[name] = value === 'true';
  return fuses;
}

describe('the packaged app’s Electron fuses', () => {
  it('are set explicitly so the installed binary cannot be turned into a Node runtime or load another app', () => {
    expect(fusesOf(readFileSync('electron-builder.yml', 'utf8'))).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });
});
