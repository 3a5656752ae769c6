import { describe, expect, it } from 'vitest';
import { useWriteAheadLog } from '../../main/db/write-ahead-log';

function busy(): Error {
  return Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
}

describe('switching a data file to WAL while another desk opens it', () => {
  it('waits out a busy answer from the other process and then switches', () => {
    let calls = 0;
    const db = {
      pragma: (sql: string) => {
        expect(sql).toBe('journal_mode = WAL');
        calls += 1;
        if (calls < 4) throw busy();
        return 'wal';
      },
    };
    useWriteAheadLog(db);
    expect(calls).toBe(4);
  });

  it('gives up with SQLite\'s own error once the wait is over, so the start-up message says the file is locked', () => {
    const db = { pragma: () => { throw busy(); } };
    expect(() => useWriteAheadLog(db as never, 20)).toThrow(/database is locked/);
  });

  it('does not retry other faults (a damaged or unreadable file is reported at once)', () => {
    let calls = 0;
    const db = { pragma: () => { calls += 1; throw Object.assign(new Error('file is not a database'), { code: 'SQLITE_NOTADB' }); } };
    expect(() => useWriteAheadLog(db as never)).toThrow(/not a database/);
    expect(calls).toBe(1);
  });
});
