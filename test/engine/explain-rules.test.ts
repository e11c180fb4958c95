import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeDatabase } from '../../src/db/node-database.ts';
import { explainColumnsOf, explainInRules, segmentName } from '../../src/engine/explain-rules.ts';
import { formatThreshold } from '../../src/engine/rule-text.ts';
import { createCell } from '../../src/engine/new-cell.ts';
import { emptyWorkbook, type ProfileCell } from '../../src/engine/workbook.ts';
import { InlineBackend } from '../../src/ml/backend.ts';

let db: NodeDatabase;
const ml = new InlineBackend();

beforeAll(async () => {
  db = await NodeDatabase.open();
  // 1,200 customers on a grid: recency 0..119 days and monetary 0, 250, …, 2,250, one customer
  // per pair. The segments follow known rules, so a deep enough tree must find them exactly.
  await db.exec(`CREATE TABLE grid AS SELECT i AS customer_id, (i % 120)::INTEGER AS recency, ((i // 120) * 250)::DOUBLE AS monetary,
      ['web', 'store', 'phone'][(i // 7) % 3 + 1] AS channel,
      CASE WHEN i % 120 > 90 THEN 'Lost' WHEN i % 120 <= 30 AND (i // 120) * 250 > 1000 THEN 'Champions' ELSE 'Regular' END AS segment
    FROM range(1200) t(i)`);
});
afterAll(() => db.close());

function profile(patch: Partial<ProfileCell>): ProfileCell {
  const base = createCell('profile', emptyWorkbook(), 0);
  if (base.kind !== 'profile') throw new Error('expected a profile cell');
  return { ...base, name: 'profile', input: 'grid', segmentColumn: 'segment', ...patch };
}

describe('explain in rules', () => {
  it('recovers the rules that made the segments, worded with their sizes and hit rates', async () => {
    const cell = profile({ numeric: ['recency', 'monetary'], categorical: ['channel'] });
    const result = await explainInRules(cell, { db, ml }, 3);
    expect(result.accuracy).toBe(1);
    expect(result.rows).toBe(1200);
    expect(result.columns).toEqual(['recency', 'monetary', 'channel']);
    const champions = result.rules.filter((r) => r.segment === 'Champions');
    expect(champions).toHaveLength(1);
    // recency splits between 30 and 31 (whole days); monetary halfway between 1,000 and 1,250.
    expect([...champions[0].conditions].sort()).toEqual(['monetary > 1,125', 'recency ≤ 30']);
    expect(champions[0].customers).toBe(31 * 5);
    expect(champions[0].text).toMatch(/^If (recency ≤ 30 and monetary > 1,125|monetary > 1,125 and recency ≤ 30) then Champions \(155 customers, 100% correct\)$/);
    const lost = result.rules.filter((r) => r.segment === 'Lost');
    expect(lost.map((r) => r.customers)).toEqual([29 * 10]);
    expect(lost[0].conditions).toEqual(['recency > 90']);
    expect(result.rules.filter((r) => r.segment === 'Regular').reduce((a, r) => a + r.customers, 0)).toBe(1200 - 155 - 290);
    // Segments come in the column's order: Champions, Lost, Regular.
    expect([...new Set(result.rules.map((r) => r.segment))]).toEqual(['Champions', 'Lost', 'Regular']);
    expect(result.holdout).toMatchObject({ train: 840, test: 360 });
    expect(result.holdout!.accuracy).toBeGreaterThan(0.95);
  });

  it('gives a shallower tree fewer rules and a lower accuracy, and names the segments it cannot reach', async () => {
    const cell = profile({ numeric: ['recency', 'monetary'] });
    const result = await explainInRules(cell, { db, ml }, 1);
    expect(result.rules).toHaveLength(2);
    expect(result.accuracy).toBeLessThan(1);
    expect(result.unexplained).toHaveLength(1);
    expect(result.notes.join(' ')).toContain(`No rule leads to ${result.unexplained[0]}`);
  });

  it('words categorical splits as one value against the rest, using the explain columns over the profile columns', async () => {
    await db.exec(`CREATE OR REPLACE TABLE shoppers AS SELECT *, CASE WHEN channel = 'web' THEN 'Online' ELSE 'Store' END AS kind FROM grid`);
    const cell = profile({ input: 'shoppers', segmentColumn: 'kind', numeric: ['recency'], explainColumns: ['channel', 'kind'] });
    expect(explainColumnsOf(cell)).toEqual(['channel']);
    const result = await explainInRules(cell, { db, ml }, 2);
    expect(result.accuracy).toBe(1);
    // Web is every third block of 7 customers: blocks 0, 3, …, 171, the last one only 3 long.
    expect(result.rules.map((r) => r.text)).toEqual([
      'If channel is web then Online (402 customers, 100% correct)',
      'If channel is not web then Store (798 customers, 100% correct)',
    ]);
  });

  it('sends customers with a missing value down the larger branch, and says so in the rule', async () => {
    await db.exec(`CREATE OR REPLACE TABLE gappy AS SELECT * REPLACE (CASE WHEN customer_id % 10 = 0 THEN NULL ELSE recency END AS recency) FROM grid`);
    const result = await explainInRules(profile({ input: 'gappy', numeric: ['recency'] }), { db, ml }, 1);
    const texts = result.rules.map((r) => r.conditions[0]);
    expect(texts.filter((t) => t.endsWith(' (or missing)'))).toHaveLength(1);
    expect(result.notes.join(' ')).toContain('follow the branch that held more customers');
    expect(result.rules.reduce((a, r) => a + r.customers, 0)).toBe(1200);
  });

  it('tells the user what to fix: an unknown column, a single segment, no columns, a bad depth', async () => {
    await expect(explainInRules(profile({ numeric: ['spend'] }), { db, ml }, 2)).rejects.toThrow(/the table "grid" has no column "spend"/);
    await expect(explainInRules(profile({ numeric: ['recency'], segmentColumn: 'nope' }), { db, ml }, 2)).rejects.toThrow(/no column "nope"/);
    await db.exec(`CREATE OR REPLACE TABLE one AS SELECT recency, 'All' AS segment FROM grid`);
    await expect(explainInRules(profile({ input: 'one', numeric: ['recency'] }), { db, ml }, 2)).rejects.toThrow(/one segment only \(All\)/);
    await expect(explainInRules(profile({}), { db, ml }, 2)).rejects.toThrow(/choose the columns the rules may use/);
    await expect(explainInRules(profile({ numeric: ['recency'] }), { db, ml }, 4)).rejects.toThrow(/depth must be 1, 2 or 3: 4/);
    await expect(explainInRules(profile({ input: 'missing_table', numeric: ['recency'] }), { db, ml }, 2)).rejects.toThrow(/"missing_table" does not exist/);
  });
});

describe('rule wording', () => {
  it('names numbered segments with their column, and labelled ones by their label', async () => {
    expect(segmentName('segment', '3')).toBe('segment 3');
    expect(segmentName('segment', 'Champions')).toBe('Champions');
    await db.exec(`CREATE OR REPLACE TABLE numbered AS SELECT recency, CASE WHEN recency > 90 THEN 2 ELSE 1 END AS cluster FROM grid`);
    const result = await explainInRules(profile({ input: 'numbered', segmentColumn: 'cluster', numeric: ['recency'] }), { db, ml }, 1);
    expect(result.rules.map((r) => r.text)).toEqual([
      'If recency ≤ 90 then cluster 1 (910 customers, 100% correct)',
      'If recency > 90 then cluster 2 (290 customers, 100% correct)',
    ]);
  });
});

describe('rule thresholds', () => {
  it('shows whole numbers and days as the last value on the lower side, and other numbers between the two values', () => {
    expect(formatThreshold({ name: 'recency', kind: 'number', integer: true }, 30.5)).toBe('30');
    expect(formatThreshold({ name: 'recency', kind: 'number', integer: true }, -2.5)).toBe('-3');
    expect(formatThreshold({ name: 'signup', kind: 'date' }, 19_723.5)).toBe('2024-01-01');
    expect(formatThreshold({ name: 'petal', kind: 'number', integer: false }, 2.45)).toBe('2.45');
    expect(formatThreshold({ name: 'monetary', kind: 'number', integer: false }, 1249.5)).toBe('1,249.5');
  });
});
