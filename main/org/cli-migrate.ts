/**
 * `npm run org:migrate`: applies the organisation record's migrations (an admin command; run it
 * as the schema owner). Reads org settings from the settings file; BW_ORG_ADMIN_USER and
 * BW_ORG_ADMIN_PASSWORD_REF name the admin login (defaults: the settings' user and passwordRef).
 * Exit 0 when the record is at the newest schema, 2 when the settings or the password reference
 * are wrong, 1 when the record cannot be reached, refuses the login or a migration fails.
 */
import { loadSettings, resolveSecret, settingsPath } from '../config';
import { connectOrg, describeOrgFailure, OrgConfigError, orgAdminLogin, orgConnectionOptions } from './connection';
import { migrateOrg, OrgSchemaTooNewError, sessionLost } from './migrate';

/** A problem in the settings or the secret reference: printed as it is, exit 2. */
class BadConfig extends Error {}

/** One plain sentence for what went wrong; the stack helps nobody running an admin command. */
function explain(error: unknown, where: string, user: string): string {
  if (error instanceof OrgSchemaTooNewError) return `org:migrate: ${error.message}; nothing was changed.`;
  if (sessionLost(error)) return `org:migrate: the connection to ${where} was lost during the migration; nothing of it was committed. Run it again.`;
  const failure = describeOrgFailure(error);
  const detail = (error as { code?: string }).code ?? (error as Error).message;
  switch (failure.kind) {
    case 'unreachable':
      return `org:migrate: cannot reach the organisation record at ${where} (${detail}). Is PostgreSQL running there, and is org.url right?`;
    case 'refused-login':
      return `org:migrate: the organisation record at ${where} refused the login "${user}" (wrong password or no such login; check BW_ORG_ADMIN_USER / BW_ORG_ADMIN_PASSWORD_REF, or org.user / org.passwordRef).`;
    case 'untrusted':
    case 'no-tls':
      return `org:migrate: ${failure.message}`;
    case 'rejected':
      return `org:migrate failed: ${(error as Error).message}`;
  }
}

async function main(): Promise<number> {
  const path = settingsPath();
  const loaded = loadSettings(path);
  if (!loaded.ok) {
    throw new BadConfig([`org:migrate: the settings file ${path} is not usable:`, ...loaded.problems.map((p) => `  ${p.field}: ${p.message}`)].join('\n'));
  }
  const org = loaded.settings.org;
  if (org === undefined) throw new BadConfig(`org:migrate: no organisation record (org.url) in ${loaded.source}.`);
  const { user, passwordRef } = orgAdminLogin(org);
  let password: string;
  try {
    password = await resolveSecret(passwordRef);
  } catch (error) {
    throw new BadConfig(`org:migrate: the admin password cannot be read: ${(error as Error).message}`);
  }
  const where = new URL(org.url).host;
  let sql;
  try {
    sql = connectOrg(orgConnectionOptions(org, user, password));
  } catch (error) {
    if (error instanceof OrgConfigError) throw new BadConfig(`org:migrate: ${error.message}`);
    throw error;
  }
  try {
    const result = await migrateOrg(sql);
    console.log(`Organisation record at schema ${String(result.version)}; applied: ${result.applied.join(', ') || 'none'}; new month partitions: ${String(result.partitionsMade)}`);
    return 0;
  } catch (error) {
    console.error(explain(error, where, user));
    return 1;
  } finally {
    await sql.end({ timeout: 2 });
  }
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    if (error instanceof BadConfig) {
      console.error(error.message);
      process.exitCode = 2;
      return;
    }
    console.error(`org:migrate failed: ${(error as Error).message}`);
    process.exitCode = 1;
  },
);
