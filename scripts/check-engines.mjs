// CI: fails when a runtime dependency needs a newer Node than package.json declares.
import { readFileSync } from 'node:fs';
import { devEngineNotes, engineMismatches } from './engines.mjs';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const lock = JSON.parse(readFileSync('package-lock.json', 'utf8'));
for (const note of devEngineNotes(lock)) console.log(`engines: note: ${note}`);
const problems = engineMismatches(pkg, lock);
for (const problem of problems) console.error(`engines: ${problem}`);
if (problems.length > 0) process.exit(1);
console.log(`engines: every runtime dependency runs on Node ${pkg.engines.node} (running ${process.version})`);
