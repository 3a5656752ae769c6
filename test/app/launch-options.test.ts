import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LaunchOptionError, shellLaunchOptions, webLaunchOptions } from '../../main/app/launch-options';

const WEB_OWN = { port: { type: 'string', default: '0' }, 'no-open': { type: 'boolean', default: false } } as const;

describe('the desk options both shells take (--settings, --workstation, --data-dir)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bw-launch-'));
  mkdirSync(join(dir, 'desk-a'));
  writeFileSync(join(dir, 'desk-a', 'settings.json'), '{}');
  const web = (args: string[]) => webLaunchOptions(args, WEB_OWN, dir).desk;
  const shell = (args: string[]) => shellLaunchOptions(args, dir);

  it('the same arguments mean the same desk in Electron and in the browser build; relative paths are resolved where the command ran', () => {
    const args = ['--data-dir', 'desk-a', '--settings', 'desk-a/settings.json', '--workstation', 'DESK-A'];
    const expected = { dataDir: join(dir, 'desk-a'), settingsFile: join(dir, 'desk-a', 'settings.json'), workstation: 'DESK-A' };
    expect(web(args)).toEqual(expected);
    expect(shell(args)).toEqual(expected);
    expect(shell(['--settings=desk-a/settings.json', '--workstation=DESK-A', '--data-dir=desk-a'])).toEqual(expected);
    expect(web([])).toEqual({});
    expect(shell([])).toEqual({});
  });

  it('Electron’s app path and Chromium’s own switches are left alone; the browser build refuses what it does not know', () => {
    expect(shell(['.', '--no-sandbox', '--enable-logging=stderr', '--workstation', 'DESK-B'])).toEqual({ workstation: 'DESK-B' });
    expect(() => web(['--no-sandbox'])).toThrow(LaunchOptionError);
    expect(webLaunchOptions(['--port', '8600', '--no-open'], WEB_OWN, dir).values).toMatchObject({ port: '8600', 'no-open': true });
  });

  it('a settings file that is not there is an error, not a quiet start in sandbox mode', () => {
    for (const parse of [web, shell]) {
      expect(() => parse(['--settings', 'desk-b/settings.json'])).toThrow(`--settings: the file ${join(dir, 'desk-b', 'settings.json')} does not exist`);
      expect(() => parse(['--settings', 'desk-a'])).toThrow(/--settings: .*desk-a is not a regular file/);
    }
  });

  it('a desk name must be host-name-like; an option without its value is named', () => {
    for (const parse of [web, shell]) {
      for (const bad of ['', ' ', '-DESK', 'DESK A', 'DESK/A', 'd'.repeat(64), "DESK'; DROP"]) {
        expect(() => parse([`--workstation=${bad}`]), bad).toThrow(LaunchOptionError);
      }
      expect(parse(['--workstation', 'd'.repeat(63)]).workstation).toHaveLength(63);
      expect(parse(['--workstation', 'leeds-cc.desk_07']).workstation).toBe('leeds-cc.desk_07');
    }
    expect(() => shell(['--settings'])).toThrow('--settings needs a value (--settings PATH)');
    expect(() => shell(['--workstation'])).toThrow('--workstation needs a value (--workstation NAME)');
    expect(() => web(['--settings'])).toThrow(LaunchOptionError);
  });
});
