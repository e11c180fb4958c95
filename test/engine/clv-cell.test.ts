import { existsSync, openAsBlob } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeDatabase } from '../../src/db/node-database.ts';
import type { ClvSummary } from '../../src/engine/cells/clv/clv-cell.ts';
import { createCell } from '../../src/engine/new-cell.ts';
import { Scheduler } from '../../src/engine/scheduler.ts';
import { emptyWorkbook, type ClvCell, type Workbook } from '../../src/engine/workbook.ts';
import { loadSource } from '../../src/ingest/load-source.ts';
import { nodeParsers } from '../../src/ingest/node-parsers.ts';
import { InlineBackend } from '../../src/ml/backend.ts';

const root = resolve(import.meta.dirname, '../..');
const CDNOW_DIR = resolve(root, '../shared/datasets/cdnow');
const CDNOW_LOG = resolve(CDNOW_DIR, 'CDNOW_sample.txt');
let db: NodeDatabase;

async function load(path: string, fileName: string, table: string): Promise<void> {
  await loadSource(db, nodeParsers, { file: await openAsBlob(path), fileName, table, path });
}

beforeAll(async () => {
  db = await NodeDatabase.open();
  await load(resolve(root, 'sample-data/retail-transactions.csv'), 'retail-transactions.csv', 'tx');
  if (existsSync(CDNOW_LOG)) {
    await load(CDNOW_LOG, 'CDNOW_sample.txt', 'cdnow');
    await load(resolve(CDNOW_DIR, 'cdnow_summary.csv'), 'cdnow_summary.csv', 'cdnow_summary');
  }
});
afterAll(() => db.close());

function clvCell(patch: Partial<ClvCell>): ClvCell {
  const wb = { ...emptyWorkbook(), sources: [] };
  const base = createCell('clv', wb, 0);
  if (base.kind !== 'clv') throw new Error('expected a clv cell');
  return { ...base, name: 'clv', ...patch };
}

async function run(cell: ClvCell) {
  const wb: Workbook = { ...emptyWorkbook(), cells: [cell] };
  const scheduler = new Scheduler(db, () => wb, undefined, { ml: new InlineBackend() });
  await scheduler.runAll();
  const state = scheduler.state(cell.id);
  const clv: ClvSummary | null = state.result?.kind === 'clv' ? state.result.clv : null;
  return { state, clv };
}

/** Agreement to three significant digits: both round to the same figure. */
function expectSignificant(actual: number, expected: number, digits = 3) {
  expect(actual.toPrecision(digits)).toBe(expected.toPrecision(digits));
}

const CDNOW_CELL: Partial<ClvCell> = {
  input: 'cdnow', customer: 'column2', date: 'column3', amount: 'column5',
  calibrationEnd: '1997-09-30', periodDays: 7, horizon: 39, discountRate: 0.1, aliveThreshold: 0.5,
};

describe.skipIf(!existsSync(CDNOW_LOG))('clv cell on the CDNOW log read from fixed-width text', () => {
  let result: Awaited<ReturnType<typeof run>>;
  beforeAll(async () => {
    result = await run(clvCell(CDNOW_CELL));
  });

  it('reproduces the published BG/NBD fit: r, alpha, a, b to 3 significant digits and LL -9582.4', () => {
    expect(result.state.status, result.state.error?.message).toBe('done');
    const { params, logLikelihood, converged } = result.clv!.bgnbd;
    expectSignificant(params.r, 0.2426);
    expectSignificant(params.alpha, 4.4135);
    expectSignificant(params.a, 0.7929);
    expectSignificant(params.b, 2.4258);
    expect(logLikelihood).toBeCloseTo(-9582.4, 1);
    expect(converged).toBe(true);
  });

  it('reproduces the published Gamma-Gamma fit on the 946 repeat customers', () => {
    const gg = result.clv!.gammaGamma!;
    expect(result.clv!.gammaGammaCustomers).toBe(946);
    expectSignificant(gg.params.p, 6.2488);
    expectSignificant(gg.params.q, 3.7446);
    expectSignificant(gg.params.gamma, 15.4477);
    // zbar from the log differs from the published summary by up to 0.006, so the likelihood does a little too.
    expect(gg.logLikelihood).toBeCloseTo(-4055.9, 0);
  });

  it('predicts 1653.4 repeat purchases over 39 weeks, mean P(alive) 0.8134, against 1,882 actual hold-out purchase days', () => {
    const s = result.clv!;
    expect(s.customers).toBe(2357);
    expect(Math.abs(s.expectedPurchasesTotal - 1653.4) / 1653.4).toBeLessThan(0.005);
    expect(s.meanPAlive).toBeCloseTo(0.8134, 3);
    expect(s.holdout).not.toBeNull();
    expect(s.holdout!.actual).toBe(1882);
    expect(s.holdout!.periods).toBeCloseTo(39, 9);
    expect(s.holdout!.predicted).toBeCloseTo(s.expectedPurchasesTotal, 6);
    expect(s.pAliveHistogram.reduce((a, b) => a + b, 0)).toBe(2357);
  });

  it('gives the 1,411 one-time buyers the population spend, with a note, and writes no NaN', async () => {
    const s = result.clv!;
    expect(s.populationValueCount).toEqual({ noRepeat: 1411, notPositive: 0 });
    const g = s.gammaGamma!.params;
    expect(s.populationValue).toBeCloseTo((g.p * g.gamma) / (g.q - 1), 9);
    expect(result.state.notes?.join(' ')).toMatch(/1,411 customers made no repeat purchase.*population's expected spend per purchase/);
    const [check] = await db.query(`SELECT count(*) AS n,
      count(*) FILTER (WHERE isnan(p_alive) OR isnan(expected_purchases) OR isnan(expected_avg_value) OR isnan(clv) OR isnan(recency) OR isnan("T")) AS nan,
      count(*) FILTER (WHERE frequency = 0 AND expected_avg_value <> ${s.populationValue}) AS one_timers_off,
      count(*) FILTER (WHERE frequency = 0 AND p_alive <> 1) AS zero_not_alive,
      count(*) FILTER (WHERE churn_risk <> (p_alive < 0.5)) AS churn_wrong,
      count(*) FILTER (WHERE clv IS NULL OR clv < 0) AS bad_clv
      FROM clv`);
    expect(check).toEqual({ n: 2357, nan: 0, one_timers_off: 0, zero_not_alive: 0, churn_wrong: 0, bad_clv: 0 });
    expect((await db.query('DESCRIBE clv')).map((r) => `${r.column_name} ${r.column_type}`)).toEqual([
      'column2 VARCHAR', 'frequency INTEGER', 'recency DOUBLE', 'T DOUBLE', 'monetary_value DOUBLE', 'historical_value DOUBLE',
      'p_alive DOUBLE', 'expected_purchases DOUBLE', 'expected_avg_value DOUBLE', 'clv DOUBLE', 'churn_risk BOOLEAN',
    ]);
  });

  it('derives x, t_x and T exactly as the published summary, and zbar to within 0.006', async () => {
    const [diff] = await db.query(`SELECT count(*) AS n,
      count(*) FILTER (WHERE c.frequency <> s.x OR round(c.recency, 2) <> s.t_x OR round(c."T", 2) <> s."T") AS mismatched,
      max(abs(coalesce(c.monetary_value, 0) - s.zbar)) AS zbar_gap
      FROM clv c JOIN cdnow_summary s ON c.column2 = s.ID`);
    expect(Number(diff.n)).toBe(2357);
    expect(Number(diff.mismatched)).toBe(0);
    expect(Number(diff.zbar_gap)).toBeLessThanOrEqual(0.006);
  });
});

describe('clv cell on the sample transactions', () => {
  it('runs with the guessed columns and flags churn risk by the threshold', async () => {
    const { state, clv } = await run(clvCell({ input: 'tx', customer: 'customer_id', date: 'invoice_date', amount: 'quantity * unit_price', exclude: "invoice_id LIKE 'C%'", horizon: 12, periodDays: 30 }));
    expect(state.status, state.error?.message).toBe('done');
    expect(clv!.customers).toBe(state.rowCount);
    expect(clv!.holdout).toBeNull();
    const [check] = await db.query(`SELECT count(*) FILTER (WHERE isnan(clv) OR clv IS NULL OR p_alive < 0 OR p_alive > 1) AS bad, count(*) FILTER (WHERE churn_risk) AS churn FROM clv`);
    expect(Number(check.bad)).toBe(0);
    expect(Number(check.churn)).toBe(clv!.churnRisk);
  });

  it('names the missing column and the bad calibration date', async () => {
    const missing = await run(clvCell({ input: 'tx', customer: 'client', date: 'invoice_date', amount: 'unit_price' }));
    expect(missing.state.status).toBe('error');
    expect(missing.state.error?.message).toMatch(/the table "tx" has no customer column "client": pick one of invoice_id, customer_id/);
    const date = await run(clvCell({ input: 'tx', customer: 'customer_id', date: 'invoice_date', amount: 'unit_price', calibrationEnd: '30/09/1997' }));
    expect(date.state.error?.message).toBe('the calibration end must be a date written YYYY-MM-DD: "30/09/1997"');
  });

  it('says when no customer bought again before the calibration end', async () => {
    const { state } = await run(clvCell({ input: 'tx', customer: 'customer_id', date: 'invoice_date', amount: 'unit_price', calibrationEnd: '1990-01-01' }));
    expect(state.status).toBe('error');
    expect(state.error?.message).toMatch(/no customers bought in the calibration period/);
  });
});
