// `npm test`: engines, lint, typecheck, build, then every vitest project (unit, integration, e2e),
// ending with one line of totals across all of them: `N passed, N failed, N skipped`.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const bin = (name) => `node_modules/.bin/${name}`;
const checks = [
  { name: 'engines', command: process.execPath, args: ['scripts/check-engines.mjs'] },
  { name: 'lint', command: bin('eslint'), args: ['.', '--max-warnings=0'] },
  { name: 'typecheck', command: bin('tsc'), args: ['--noEmit', '-p', 'tsconfig.json'] },
  { name: 'build', command: process.execPath, args: ['scripts/build.mjs'] },
];

let passed = 0;
let failed = 0;
let skipped = 0;
const lines = [];

for (const check of checks) {
  const started = Date.now();
  const result = spawnSync(check.command, check.args, { stdio: 'inherit' });
  const ok = result.status === 0;
  if (ok) passed++;
  else failed++;
  lines.push(`${check.name}: ${ok ? 'passed' : 'FAILED'} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

mkdirSync('test-output', { recursive: true });
const report = 'test-output/vitest-results.json';
rmSync(report, { force: true });
const extra = process.argv.slice(2);
// Every temporary file and folder the tests (and the servers and browsers they start) make goes
// into one folder of this run's own, removed at the end whatever a test forgot: a run leaves nothing.
// 0711: the unprivileged PostgreSQL user the tests start must reach its own folder inside it.
const runTmp = mkdtempSync(join(tmpdir(), 'bw-test-run-'));
chmodSync(runTmp, 0o711);
spawnSync(bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...extra], {
  stdio: 'inherit',
  env: { ...process.env, TMPDIR: runTmp, BW_TEST_TMPDIR: runTmp, FORCE_COLOR: process.env.CI ? '0' : '1' },
});
const leftNames = readdirSync(runTmp);
const leftBehind = leftNames.length;
// By name without its random tail (bw-desk-Ab12Cd → bw-desk): which kind of test forgot to clean up.
const leftKinds = new Map();
for (const name of leftNames) {
  const kind = name.replace(/[-_.]?[A-Za-z0-9]{6}$/, '');
  leftKinds.set(kind, (leftKinds.get(kind) ?? 0) + 1);
}
rmSync(runTmp, { recursive: true, force: true });

try {
  const results = JSON.parse(readFileSync(report, 'utf8'));
  const byProject = new Map();
  for (const file of results.testResults) {
    const project = /\/test\/(e2e|integration)\//.test(file.name) ? RegExp.$1 : 'unit';
    const counts = byProject.get(project) ?? { passed: 0, failed: 0, skipped: 0 };
    let failedTests = 0;
    for (const t of file.assertionResults) {
      if (t.status === 'passed') counts.passed++;
      else if (t.status === 'failed') failedTests++;
      else counts.skipped++;
    }
    // A file that failed with no failing test (it failed to load, or a hook such as afterAll threw)
    // still fails the run: it counts as one failure.
    counts.failed += failedTests > 0 || file.status !== 'failed' ? failedTests : 1;
    byProject.set(project, counts);
  }
  for (const [project, c] of byProject) {
    passed += c.passed;
    failed += c.failed;
    skipped += c.skipped;
    lines.push(`${project}: ${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped`);
  }
} catch (error) {
  failed++;
  lines.push(`vitest: no results (${error.message})`);
}

lines.push(
  `temporary files: ${leftBehind} left by tests in ${runTmp}, removed` +
    (leftBehind > 0 ? ` (${[...leftKinds].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`).join(', ')})` : ''),
);
console.log('\n== Test summary ==');
for (const line of lines) console.log(line);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed === 0 ? 0 : 1);
