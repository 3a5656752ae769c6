/**
 * `npm run org:migrate`: applies the organisation record's migrations (an admin command; run it
 * as the schema owner). Reads org settings from the settings file; BW_ORG_ADMIN_USER and
 * BW_ORG_ADMIN_PASSWORD_REF name the admin login (defaults: the settings' user and passwordRef).
 */
import { loadSettings, resolveSecret, settingsPath } from '../config';
import { connectOrg } from './connection';
import { migrateOrg } from './migrate';

async function main(): Promise<number> {
  const loaded = loadSettings(settingsPath());
  if (!loaded.ok) {
    for (const p of loaded.problems) console.error(`${p.field}: ${p.message}`);
    return 2;
  }
  const org = loaded.settings.org;
  if (org === undefined) {
    console.error(`No organisation record (org.url) in ${loaded.source}.`);
    return 2;
  }
  const passwordRef = process.env.BW_ORG_ADMIN_PASSWORD_REF ?? org.passwordRef;
  const sql = connectOrg({
    url: org.url,
    user: process.env.BW_ORG_ADMIN_USER ?? org.user,
    password: await resolveSecret(passwordRef),
    sslmode: org.sslmode,
    ...(org.caPath !== undefined ? { caPath: org.caPath } : {}),
  });
  try {
    const result = await migrateOrg(sql);
    console.log(`Organisation record at schema ${String(result.version)}; applied: ${result.applied.join(', ') || 'none'}; new month partitions: ${String(result.partitionsMade)}`);
    return 0;
  } finally {
    await sql.end({ timeout: 2 });
  }
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    console.error(`org:migrate failed: ${(error as Error).message}`);
    process.exitCode = 1;
  },
);
