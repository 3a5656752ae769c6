/**
 * `npm run bench`: runs every bench/*.ts that exports `run()`, one after another (the machine
 * is shared: each bench measures its subject and its baseline side by side in the same run).
 * `npm run bench -- audit bridge` runs only the benches whose file names contain those words;
 * `--name value` options are left to the benches (each reads process.argv itself).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

interface BenchModule {
  run(): Promise<{ name: string; lines: string[] }>;
}

const args = process.argv.slice(2);
const filters = args.filter((a, i) => !a.startsWith('--') && !(args[i - 1]?.startsWith('--') ?? false));
const files = readdirSync(import.meta.dirname)
  .filter((f) => f.endsWith('.ts') && f !== 'run.ts' && !f.startsWith('support'))
  .filter((f) => filters.length === 0 || filters.some((w) => f.includes(w)))
  .sort();

let failures = 0;
for (const file of files) {
  const mod = (await import(pathToFileURL(join(import.meta.dirname, file)).href)) as Partial<BenchModule>;
  if (typeof mod.run !== 'function') continue;
  try {
    const result = await mod.run();
    console.log(`\n## ${result.name} (${file})`);
    for (const line of result.lines) console.log(`  ${line}`);
  } catch (error) {
    failures++;
    console.log(`\n## ${file}: FAILED — ${(error as Error).message}`);
  }
}
process.exitCode = failures === 0 ? 0 : 1;
