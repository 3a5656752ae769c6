import type postgres from 'postgres';
import { AnchorUnreachableError, type AnchorPoint, type AuditAnchor } from './anchor';

/**
 * The organisation record as an outside anchor: `desks.audit_head`, the highest row of this
 * desk's chain the record has accepted (raised by a trigger as its rows arrive, never lowered;
 * central migrations 007, 008). A desk may read its own `desks` row but not the uploaded rows, so only the
 * row number is compared: a store behind it was rolled back or replaced. Writing is the
 * pusher's upload, already coalesced; `record` adds nothing.
 */
export class OrgAnchor implements AuditAnchor {
  readonly name = 'organisation record';
  readonly outside = true;

  constructor(
    private readonly sql: postgres.Sql,
    private readonly desk: { org: string; chainId: string },
    /** Start-up must not wait long on the network: past this, the record counts as unreachable. */
    private readonly timeoutMs = 3000,
  ) {}

  record(): void {
    // The pusher's uploads raise audit_head.
  }

  async latest(): Promise<AnchorPoint | undefined> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new AnchorUnreachableError(`no answer within ${String(this.timeoutMs)} ms`)), this.timeoutMs);
    });
    try {
      const rows = await Promise.race([
        this.sql<{ audit_head: string; at: string | null }[]>`
          SELECT audit_head::text AS audit_head, to_char(last_pushed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at
          FROM desks WHERE org = ${this.desk.org} AND chain_id = ${this.desk.chainId}`,
        timeout,
      ]);
      const row = rows[0];
      const seq = Number(row?.audit_head ?? 0);
      return row === undefined || seq === 0 ? undefined : { seq, at: row.at ?? '', mac: '', seqOnly: true };
    } catch (error) {
      if (error instanceof AnchorUnreachableError) throw error;
      throw new AnchorUnreachableError((error as Error).message);
    } finally {
      clearTimeout(timer);
    }
  }

  first(): Promise<AnchorPoint | undefined> {
    return Promise.resolve(undefined);
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
