import { openAsBlob } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeDatabase } from '../../src/db/node-database.ts';
import { quoteIdentifier, quoteLiteral } from '../../src/db/sql-quote.ts';
import { DEFAULT_PLAYBOOK } from '../../src/engine/cells/profile/playbook.ts';
import type { ProfileSummary, SegmentProfile } from '../../src/engine/cells/profile/profile-cell.ts';
import { formatCount, formatPercent } from '../../src/engine/number-format.ts';
import { cardFigures, traitBars } from '../../src/engine/persona-figures.ts';
import { applyEdit, generatePersonas, personasFor } from '../../src/engine/persona.ts';
import { Scheduler } from '../../src/engine/scheduler.ts';
import type { Workbook } from '../../src/engine/workbook.ts';
import { rfm } from '../../src/examples/retail-examples.ts';
import { loadSource } from '../../src/ingest/load-source.ts';
import { nodeParsers } from '../../src/ingest/node-parsers.ts';
import { InlineBackend } from '../../src/ml/backend.ts';

function segment(label: string, size: number, valueShare: number, recency: [number, number]): SegmentProfile {
  return {
    label, size, share: size / 1000, value: valueShare * 500_000, valueShare, valuePerCustomer: (valueShare * 500_000) / size,
    numeric: [{ column: 'recency_days', mean: recency[0], median: recency[0], restMean: 100, z: recency[1] }],
    categorical: [], churnRiskShare: null, meanPAlive: null, previousSize: null, growth: null,
  };
}

const TINY: ProfileSummary = {
  input: 'rfm', segmentColumn: 'segment', valueColumn: 'monetary', meanings: { monetary: 'monetary' }, namedLabels: ['About to Sleep', 'Champions'], rows: 1000,
  totalValue: 500_000, numeric: [{ column: 'recency_days', mean: 100, median: 90 }], categorical: [], churnThreshold: null, hasGrowth: false,
  segments: [segment('About to Sleep', 1, 0.006, [300, 1.5]), segment('Champions', 999, 0.994, [50, -0.5])],
};

describe('persona card text', () => {
  it('says "1 customer", not "1 customers", and "0.6% of the monetary value", not "of the monetary"', () => {
    const [sleepy] = generatePersonas(TINY, DEFAULT_PLAYBOOK);
    expect(sleepy.description).toBe('Lapsed customers. 1 customer, 0.1% of all, bringing 0.6% of the monetary value.');
    expect(cardFigures(sleepy, TINY).map((f) => [f.value, f.label])).toEqual([['1', 'customer, 0.1% of all'], ['0.6%', 'of the monetary value']]);
  });

  it('heads the card with what a customer is worth against the average one, and with the user description once written', () => {
    const [sleepy, champions] = generatePersonas(TINY, DEFAULT_PLAYBOOK);
    // 0.6% of the value from 0.1% of the customers: 6x; 99.4% from 99.9%: 0.995x.
    expect(sleepy.headline).toBe('Lapsed customers, each worth 6.0x the average customer.');
    expect(champions.headline).toBe('Recent buyers, each worth 0.99x the average customer.');
    expect(applyEdit(sleepy, { description: 'Wake them up' }).headline).toBe('Wake them up');
  });

  it('draws each trait bar against the larger of the segment and the population', () => {
    const bars = traitBars([
      { column: 'a', columnLabel: null, text: '', strength: 1, value: 300, overall: 100 },
      { column: 'b', columnLabel: null, text: '', strength: 1, value: 25, overall: 100 },
      { column: 'c', columnLabel: null, text: '', strength: 0, value: 0, overall: 0 },
    ]);
    expect(bars.map((b) => [b.segmentLength, b.overallLength])).toEqual([[1, 1 / 3], [0.25, 1], [0, 0]]);
  });
});

describe("the RFM example's persona cards", () => {
  const root = resolve(import.meta.dirname, '../..');
  let db: NodeDatabase;
  let wb: Workbook;
  let scheduler: Scheduler;

  beforeAll(async () => {
    db = await NodeDatabase.open();
    const path = resolve(root, 'sample-data', 'retail-transactions.csv');
    await loadSource(db, nodeParsers, { file: await openAsBlob(path), fileName: 'retail-transactions.csv', table: 'retail_transactions', path });
    const example = rfm.workbook();
    // The RFM cell and the profile of it: the rest of the example does not reach the cards.
    wb = { ...example, cells: example.cells.filter((c) => c.kind === 'rfm' && c.name === 'rfm_now' || c.kind === 'profile') };
    scheduler = new Scheduler(db, () => wb, undefined, { ml: new InlineBackend() });
    await scheduler.runAll();
  }, 120_000);
  afterAll(() => db?.close());

  it('shows the size, the value share and the trait means that plain SQL finds in rfm_now', async () => {
    const cell = wb.cells.find((c) => c.kind === 'profile');
    const state = cell && scheduler.state(cell.id);
    if (cell?.kind !== 'profile' || state?.result?.kind !== 'profile') throw new Error(`expected a profile result: ${state?.error?.message}`);
    const summary = state.result.profile;
    const personas = personasFor(summary, cell.playbook, {});
    const sizes = await db.query(`SELECT segment, count(*) AS n, sum(monetary) / (SELECT sum(monetary) FROM rfm_now) AS value_share FROM rfm_now GROUP BY segment`);
    expect(personas.length).toBe(sizes.length);
    for (const row of sizes) {
      const p = personas.find((x) => x.segment === row.segment)!;
      const figures = cardFigures(p, summary);
      expect(p.size).toBe(Number(row.n));
      expect(p.valueShare).toBeCloseTo(Number(row.value_share), 12);
      expect(figures[0].value).toBe(formatCount(Number(row.n)));
      expect(figures[1].value).toBe(formatPercent(Number(row.value_share)));
      expect(p.traits.length).toBeGreaterThanOrEqual(3);
      expect(p.traits.length).toBeLessThanOrEqual(5);
      for (const t of p.traits) {
        const col = quoteIdentifier(t.column);
        const [m] = await db.query(`SELECT avg(${col}) FILTER (WHERE segment = ${quoteLiteral(String(row.segment))}) AS seg, avg(${col}) AS overall FROM rfm_now`);
        expect(t.value, `${p.segment} ${t.column}`).toBeCloseTo(Number(m.seg), 9);
        expect(t.overall, `${p.segment} ${t.column}`).toBeCloseTo(Number(m.overall), 9);
      }
    }
    // Spot checks written out, so a change of format shows here: Champions hold most of the money.
    const champions = personas.find((p) => p.segment === 'Champions')!;
    const [c] = await db.query(`SELECT printf('%.1f', 100 * sum(monetary) FILTER (WHERE segment = 'Champions') / sum(monetary)) AS pct, count(*) FILTER (WHERE segment = 'Champions') AS n FROM rfm_now`);
    expect(cardFigures(champions, summary)[1].value).toBe(`${String(c.pct).replace(/\.0$/, '')}%`);
    expect(cardFigures(champions, summary)[0].value).toBe(Number(c.n).toLocaleString('en-US'));
  }, 120_000);
});
