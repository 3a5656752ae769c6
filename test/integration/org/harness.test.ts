import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shouldRunPostgresTests, startTestPostgres, type TestPostgres } from '../../support/postgres';

describe.runIf(shouldRunPostgresTests())('a real PostgreSQL for the organisation-record tests', () => {
  let pg: TestPostgres;
  beforeAll(async () => {
    pg = await startTestPostgres();
  });
  afterAll(async () => {
    await pg.destroy();
  });

  it('answers, survives a stop and a start, and keeps what was committed', async () => {
    const sql = pg.admin();
    await sql`CREATE TABLE kept (n int)`;
    await sql`INSERT INTO kept VALUES (1), (2)`;
    await sql.end();
    await pg.stop();
    expect(pg.running()).toBe(false);
    await pg.start();
    const again = pg.admin();
    const [row] = await again<{ n: number }[]>`SELECT count(*)::int AS n FROM kept`;
    expect(row?.n).toBe(2);
  });
});
