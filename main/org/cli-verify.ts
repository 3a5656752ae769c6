/**
 * `npm run audit:verify -- --org`: walks every workstation's audit chain in the organisation
 * record (seq continuity, links, hashes) and exits non-zero on a gap or an edited row.
 */
import { loadSettings, resolveSecret, settingsPath } from '../config';
import { connectOrg } from './connection';
import { verifyOrgAudit } from './verify';

async function main(): Promise<number> {
  const loaded = loadSettings(settingsPath());
  const org = loaded.ok ? loaded.settings.org : undefined;
  if (!loaded.ok || org === undefined) {
    console.error('No usable organisation record (org.url) in the settings file.');
    return 2;
  }
  const sql = connectOrg({
    url: org.url,
    user: process.env.BW_ORG_ADMIN_USER ?? org.user,
    password: await resolveSecret(org.passwordRef),
    sslmode: org.sslmode,
    ...(org.caPath !== undefined ? { caPath: org.caPath } : {}),
  });
  try {
    const result = await verifyOrgAudit(sql);
    for (const chain of result.chains) {
      for (const p of chain.problems) console.log(`${chain.workstation} (chain ${chain.chainId}) row ${String(p.seq)}: ${p.problem}`);
    }
    console.log(`${result.ok ? 'OK' : 'TAMPERED'}: ${String(result.checked)} audit events in ${String(result.chains.length)} workstation chains checked`);
    return result.ok ? 0 : 1;
  } finally {
    await sql.end({ timeout: 2 });
  }
}

process.exitCode = await main().catch((error: unknown) => {
  console.error(`Cannot verify the organisation record: ${(error as Error).message}`);
  return 2;
});
