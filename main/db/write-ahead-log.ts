import type Database from 'better-sqlite3';

/**
 * PRAGMA journal_mode = WAL, waiting out another process that is switching the same file at the
 * same moment. SQLite answers that race with SQLITE_BUSY at once, without calling its busy handler
 * (the connection's timeout does not help), so several desks starting on one new shared file
 * would otherwise fail to start.
 */
export function useWriteAheadLog(db: Pick<Database.Database, 'pragma'>, waitMs = 10_000): void {
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  const deadline = performance.now() + waitMs;
  for (let pauseMs = 2; ; pauseMs = Math.min(pauseMs * 2, 100)) {
    try {
      db.pragma('journal_mode = WAL');
      return;
    } catch (error) {
      const busy = (error as { code?: unknown }).code === 'SQLITE_BUSY';
      if (!busy || performance.now() >= deadline) throw error;
      Atomics.wait(sleeper, 0, 0, pauseMs);
    }
  }
}
