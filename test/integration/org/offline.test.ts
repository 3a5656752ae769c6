import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type postgres from 'postgres';
import type { App } from '../../../main/app/create-app';
import { centralHashWithKey, verifyOrgAudit } from '../../../main/org/verify';
import { appendAuditEvents, counts, deskKey, ORG, orgStatus, prepareOrg, startDesk, uploaded } from '../../support/org';
import { shouldRunPostgresTests, startTestPostgres, type TestPostgres } from '../../support/postgres';

describe.runIf(shouldRunPostgresTests())('days offline, then the organisation record catches up and verifies', () => {
  let pg: TestPostgres;
  let admin: postgres.Sql;
  let desk: App & { dataDir: string };
  beforeAll(async () => {
    pg = await startTestPostgres();
    admin = await prepareOrg(pg);
    desk = await startDesk(pg, { workstation: 'DESK-OFFLINE' });
  });
  afterAll(async () => {
    await desk.close();
    await pg.destroy();
  });

  it('10,000 events accumulated offline are drained; the chain verifies centrally; an edited row is found', { timeout: 120_000 }, async () => {
    await uploaded(desk);
    await pg.stop();
    appendAuditEvents(desk, 'DESK-OFFLINE', 10_000);
    expect(orgStatus(desk).activityWaiting).toBeGreaterThanOrEqual(10_000);
    await pg.start();
    admin = pg.admin();
    await uploaded(desk, 90_000);
    const { local, central } = await counts(desk, admin);
    expect(central).toEqual(local);
    const chain = desk.org?.outbox.chainId() ?? '';
    const clean = await verifyOrgAudit(admin, { org: ORG });
    expect(clean.chains.find((c) => c.chainId === chain)).toMatchObject({ checked: local.audit, problems: [] });

    // Someone with the superuser's power bypasses the append-only trigger and edits a row.
    await admin.begin(async (tx) => {
      await tx`SET LOCAL session_replication_role = replica`;
      await tx`UPDATE audit_events SET detail_text = '{"i":1}' WHERE chain_id = ${chain} AND seq = 500`;
      await tx`DELETE FROM audit_events WHERE chain_id = ${chain} AND seq = 700`;
    });
    // Without the desk's key the deletion is found (continuity), the edit of a keyed row is not;
    // with the key, as an investigator would be given it, the edit is found too.
    const withoutKey = await verifyOrgAudit(admin, { org: ORG });
    const foundWithoutKey = withoutKey.chains.find((c) => c.chainId === chain)?.problems ?? [];
    expect(foundWithoutKey).toContainEqual({ seq: 700, problem: 'rows 700–700 are missing from the organisation record' });
    expect(foundWithoutKey.some((p) => p.seq === 500)).toBe(false);
    const tampered = await verifyOrgAudit(admin, { org: ORG, hash: centralHashWithKey(deskKey(desk)) });
    expect(tampered.ok).toBe(false);
    const problems = tampered.chains.find((c) => c.chainId === chain)?.problems ?? [];
    expect(problems).toContainEqual({ seq: 500, problem: 'content does not match its hash (the row was edited)' });
    expect(problems).toContainEqual({ seq: 700, problem: 'rows 700–700 are missing from the organisation record' });
  });

  it('nobody, not even the organisation record\'s admin role, may update or delete an audit row', async () => {
    await expect(admin`UPDATE audit_events SET outcome = 'x' WHERE seq = 1`).rejects.toThrow(/append-only/);
    await expect(admin`DELETE FROM audit_events WHERE seq = 1`).rejects.toThrow(/append-only/);
  });

  it('rows cut from the end of a chain, or a whole chain, are found: each desk\'s uploaded head says where its chain must reach', { timeout: 60_000 }, async () => {
    const chain = desk.org?.outbox.chainId() ?? '';
    appendAuditEvents(desk, 'DESK-OFFLINE', 20);
    await uploaded(desk);
    const [{ head } = { head: '0' }] = await admin<{ head: string }[]>`SELECT audit_head::text AS head FROM desks WHERE org = ${ORG} AND chain_id = ${chain}`;
    const uploadedHead = Number(head);
    const [{ top } = { top: '0' }] = await admin<{ top: string }[]>`SELECT max(seq)::text AS top FROM audit_events WHERE org = ${ORG} AND chain_id = ${chain}`;
    expect(uploadedHead).toBe(Number(top));

    // The last three rows go, with no gap left behind them to walk over.
    await admin.begin(async (tx) => {
      await tx`SET LOCAL session_replication_role = replica`;
      await tx`DELETE FROM audit_events WHERE org = ${ORG} AND chain_id = ${chain} AND seq > ${uploadedHead - 3}`;
    });
    const cut = await verifyOrgAudit(admin, { org: ORG });
    expect(cut.ok).toBe(false);
    expect(cut.chains.find((c) => c.chainId === chain)?.problems).toContainEqual({
      seq: uploadedHead - 2,
      problem: `rows ${String(uploadedHead - 2)}–${String(uploadedHead)} at the end are missing from the organisation record (the desk uploaded up to row ${String(uploadedHead)})`,
    });

    // Lowering the head to match is refused, even for the admin role.
    await expect(admin`UPDATE desks SET audit_head = ${uploadedHead - 3} WHERE org = ${ORG} AND chain_id = ${chain}`).rejects.toThrow(/never lowered/);

    // The whole chain gone: still named, by its desk.
    await admin.begin(async (tx) => {
      await tx`SET LOCAL session_replication_role = replica`;
      await tx`DELETE FROM audit_events WHERE org = ${ORG} AND chain_id = ${chain}`;
    });
    const gone = await verifyOrgAudit(admin, { org: ORG });
    expect(gone.chains.find((c) => c.chainId === chain)).toMatchObject({
      workstation: 'DESK-OFFLINE',
      checked: 0,
      problems: [{ seq: 1, problem: `rows 1–${String(uploadedHead)} at the end are missing from the organisation record (the desk uploaded up to row ${String(uploadedHead)})` }],
    });
  });
});
