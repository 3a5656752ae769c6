import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';

// Chromium puts its singleton socket in the temp folder and aborts when the socket's path does
// not fit in a Unix socket address (108 bytes): every e2e test failed in CI when the run's temp
// folder was nested once per vitest project.
describe('the temporary folder tests run in', () => {
  it('is short enough for Chromium to start in it', () => {
    const socket = `${tmpdir()}/org.chromium.Chromium.XXXXXX/SingletonSocket`;
    expect(Buffer.byteLength(socket)).toBeLessThan(108);
  });

  it('is one folder of this run, not one per project, with one folder per test file inside it', () => {
    expect(tmpdir().match(/bw-(vitest|test-run)-/g) ?? []).toHaveLength(1);
    expect(tmpdir()).toMatch(/bw-(vitest|test-run)-[A-Za-z0-9]{6}\/f-[A-Za-z0-9]{6}$/);
  });
});
