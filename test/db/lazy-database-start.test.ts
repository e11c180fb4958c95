// When DuckDB fails to start, the page says so and offers Retry; the next start must work.
import { afterAll, describe, expect, it } from 'vitest';
import { LazyDatabase } from '../../src/db/lazy-database.ts';
import { NodeDatabase } from '../../src/db/node-database.ts';

const opened: NodeDatabase[] = [];
afterAll(async () => {
  for (const db of opened) await db.close().catch(() => undefined);
});

describe('LazyDatabase start failures', () => {
  it('reports a failed start with its reason, then starts again on retry and reports success', async () => {
    let starts = 0;
    const db = new LazyDatabase(async () => {
      if (++starts === 1) throw new Error('DuckDB did not start within 30 s');
      const d = await NodeDatabase.open();
      opened.push(d);
      return d;
    });
    const heard: Array<string | null> = [];
    db.onStartFailure((failure) => heard.push(failure));

    await expect(db.query('SELECT 1 AS x')).rejects.toThrow('DuckDB did not start within 30 s');
    expect(heard).toEqual(['DuckDB did not start within 30 s']);

    await db.start();
    expect(heard).toEqual(['DuckDB did not start within 30 s', null]);
    expect(await db.query('SELECT 40 + 2 AS x')).toEqual([{ x: 42 }]);
    expect(starts).toBe(2);
  });
});
