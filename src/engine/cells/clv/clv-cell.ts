import { Float64, Table, makeData, makeVector, tableToIPC } from 'apache-arrow';
import type { Database } from '../../../db/database.ts';
import { describeTable } from '../../../db/catalog.ts';
import type { ClvJobResult } from '../../../ml/clv-job.ts';
import { amountSql, purchaseDaysSql, spanSql, summarySql, type ClvSqlOptions } from './clv-sql.ts';
import { quoteIdentifier } from '../../../db/sql-quote.ts';
import type { ClvCell } from './model.ts';
import type { CellContext, CellOutcome } from '../context.ts';
import { SettingsError } from '../settings-error.ts';
import { notesText, progressText, rethrowWorded } from '../../ml-words.ts';

export interface FittedModel<P> {
  params: P;
  logLikelihood: number;
  iterations: number;
  converged: boolean;
}

/** What a finished clv cell found, for its view. */
export interface ClvSummary {
  customers: number;
  /** YYYY-MM-DD, the last day of calibration, and the last purchase day in the data. */
  calibrationEnd: string;
  lastDay: string;
  periodDays: number;
  horizon: number;
  bgnbd: FittedModel<{ r: number; alpha: number; a: number; b: number }>;
  /** Null when too few customers had a positive repeat spend to fit it. */
  gammaGamma: FittedModel<{ p: number; q: number; gamma: number }> | null;
  gammaGammaCustomers: number;
  /** The spend per purchase given to customers outside the spend model, and how many there were by reason. */
  populationValue: number;
  populationValueCount: { noRepeat: number; notPositive: number };
  /** Gamma-Gamma assumes spend does not depend on frequency; near 0 is good. Null when undefined. */
  spendFrequencyCorrelation: number | null;
  meanPAlive: number;
  /** Customers below the P(alive) threshold the run used. */
  aliveThreshold: number;
  churnRisk: number;
  /** Expected purchases over the horizon and CLV, summed over customers. */
  expectedPurchasesTotal: number;
  clvTotal: number;
  /** Actual and predicted repeat purchase days after calibration, when the data goes on past it. */
  holdout: { periods: number; actual: number; predicted: number } | null;
  /** Customers left out because their first purchase came after calibration. */
  lateCustomers: number;
  /** Customers by P(alive) in ten equal bins from 0 to 1. */
  pAliveHistogram: number[];
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export interface ClvResult {
  kind: 'clv';
  clv: ClvSummary;
}

export async function runClvCell(cell: ClvCell, ctx: CellContext): Promise<CellOutcome<ClvResult>> {
  const { db, signal } = ctx;
  const columns = await checkSettings(db, cell);
  const o: ClvSqlOptions = { ...cell };
  const days = `__clv_days_${cell.name}`;
  const summary = `__clv_summary_${cell.name}`;
  const predictions = `__clv_predictions_${cell.name}`;
  try {
    ctx.report('summarising purchases');
    await db.exec(`CREATE OR REPLACE TABLE ${quoteIdentifier(days)} AS ${purchaseDaysSql(o, amountSql(columns, cell.amount))}`, { signal }).catch((e: unknown) => {
      throw new SettingsError(`the amount "${cell.amount}" or the exclusion condition is not valid SQL over "${cell.input}": ${firstLine(e)}`);
    });
    const [span] = await db.query(spanSql(o, days), { signal });
    if (span.last_day === null) {
      throw new SettingsError(`"${cell.input}" has no rows with a customer and a date in column "${cell.date}": pick the date column, or check the exclusion condition`);
    }
    await db.exec(`CREATE OR REPLACE TABLE ${quoteIdentifier(summary)} AS ${summarySql(o, days)}`, { signal });
    const data = await db.queryColumns(
      `SELECT x, tx, "T", coalesce(zbar, 'NaN'::DOUBLE) AS zbar, holdout_days FROM ${quoteIdentifier(summary)} ORDER BY idx`, { signal },
    );
    const holdoutPeriods = Math.max(0, Number(span.holdout_days_span)) / cell.periodDays;
    ctx.report('fitting BG/NBD and Gamma-Gamma');
    const fit = await ctx.ml.clv(
      {
        x: data.x, tx: data.tx, T: data.T, zbar: data.zbar, meanPurchaseValue: Number(span.mean_value ?? 0),
        horizon: cell.horizon, periodDiscount: Math.pow(1 + cell.discountRate, cell.periodDays / 365) - 1, holdout: holdoutPeriods,
      },
      { onProgress: (p) => ctx.report(progressText(p)), signal },
    ).catch(rethrowWorded);
    await db.insertArrowIPC(predictions, predictionsIPC(fit));
    await db.exec(outputSql(cell, summary, predictions), { signal });
    const actual = data.holdout_days.reduce((s, v) => s + v, 0);
    const result = summarise(cell, fit, span, fit.holdoutPredicted === null ? null : { periods: holdoutPeriods, actual, predicted: fit.holdoutPredicted });
    return { rowCount: result.customers, notes: notesFor(cell, result, fit), result: { kind: 'clv', clv: result } };
  } finally {
    for (const t of [days, summary, predictions]) await db.exec(`DROP TABLE IF EXISTS ${quoteIdentifier(t)}`).catch(() => undefined);
  }
}

async function checkSettings(db: Database, cell: ClvCell): Promise<string[]> {
  if (!cell.input) throw new SettingsError('choose the transactions table');
  const columns = (await describeTable(db, cell.input).catch(() => {
    throw new SettingsError(`the input table "${cell.input}" does not exist: run the cell that makes it, or pick another input`);
  })).map((c) => c.name);
  const missing = (what: string, column: string) =>
    new SettingsError(`the table "${cell.input}" has no ${what} column "${column}": pick one of ${columns.join(', ')}`);
  if (!columns.includes(cell.customer)) throw missing('customer', cell.customer);
  if (!columns.includes(cell.date)) throw missing('date', cell.date);
  if (!cell.amount.trim()) throw new SettingsError('choose the amount column, or write an expression such as quantity * unit_price');
  if (cell.calibrationEnd !== null && !(DATE.test(cell.calibrationEnd) && !Number.isNaN(Date.parse(cell.calibrationEnd)))) {
    throw new SettingsError(`the calibration end must be a date written YYYY-MM-DD: "${cell.calibrationEnd}"`);
  }
  if (!(cell.periodDays > 0)) throw new SettingsError(`the period length must be more than 0 days: ${cell.periodDays}`);
  if (!(cell.horizon > 0 && cell.horizon <= 10_000)) throw new SettingsError(`the horizon must be between 1 and 10,000 periods: ${cell.horizon}`);
  if (!(cell.discountRate >= 0 && cell.discountRate < 10)) throw new SettingsError(`the yearly discount rate must be 0 or more, e.g. 0.1 for 10%: ${cell.discountRate}`);
  if (!(cell.aliveThreshold >= 0 && cell.aliveThreshold <= 1)) throw new SettingsError(`the P(alive) threshold must be between 0 and 1: ${cell.aliveThreshold}`);
  return columns;
}

/** The predictions as an Arrow IPC stream, built with makeData: Arrow's builders break under the page's CSP. */
function predictionsIPC(fit: ClvJobResult): Uint8Array {
  const n = fit.pAlive.length;
  const column = (data: Float64Array) => makeVector(makeData({ type: new Float64(), length: n, data }));
  return tableToIPC(new Table({
    idx: column(Float64Array.from({ length: n }, (_, i) => i)),
    p_alive: column(fit.pAlive),
    expected_purchases: column(fit.expectedPurchases),
    expected_avg_value: column(fit.expectedAvgValue),
    clv: column(fit.clv),
  }), 'stream');
}

function outputSql(cell: ClvCell, summary: string, predictions: string): string {
  return `CREATE OR REPLACE TABLE ${quoteIdentifier(cell.name)} AS
SELECT s.customer AS ${quoteIdentifier(cell.customer)}, s.x::INTEGER AS frequency, s.tx AS recency, s."T" AS "T",
  s.zbar AS monetary_value, s.historical_value, p.p_alive, p.expected_purchases, p.expected_avg_value, p.clv,
  p.p_alive < ${Number(cell.aliveThreshold)} AS churn_risk
FROM ${quoteIdentifier(summary)} s JOIN ${quoteIdentifier(predictions)} p ON s.idx = p.idx::BIGINT ORDER BY s.idx`;
}

function summarise(cell: ClvCell, fit: ClvJobResult, span: Record<string, unknown>, holdout: ClvSummary['holdout']): ClvSummary {
  const n = fit.pAlive.length;
  const histogram = new Array<number>(10).fill(0);
  let pAliveSum = 0;
  let churnRisk = 0;
  for (const p of fit.pAlive) {
    histogram[Math.min(9, Math.floor(p * 10))]++;
    pAliveSum += p;
    if (p < cell.aliveThreshold) churnRisk++;
  }
  return {
    customers: n, calibrationEnd: String(span.cal_end), lastDay: String(span.last_day), periodDays: cell.periodDays, horizon: cell.horizon,
    bgnbd: fit.bgnbd, gammaGamma: fit.gammaGamma, gammaGammaCustomers: fit.gammaGammaCustomers,
    populationValue: fit.populationValue, populationValueCount: fit.populationValueCount,
    spendFrequencyCorrelation: Number.isFinite(fit.spendFrequencyCorrelation) ? fit.spendFrequencyCorrelation : null,
    meanPAlive: pAliveSum / n, aliveThreshold: cell.aliveThreshold, churnRisk,
    expectedPurchasesTotal: fit.expectedPurchases.reduce((s, v) => s + v, 0), clvTotal: fit.clv.reduce((s, v) => s + v, 0),
    holdout, lateCustomers: Number(span.late_customers), pAliveHistogram: histogram,
  };
}

function notesFor(cell: ClvCell, s: ClvSummary, fit: ClvJobResult): string[] {
  const notes = notesText(fit.notes);
  const value = s.populationValue.toLocaleString('en', { maximumFractionDigits: 2 });
  if (s.gammaGamma && s.populationValueCount.noRepeat) {
    notes.push(`${s.populationValueCount.noRepeat.toLocaleString('en')} customers made no repeat purchase, so Gamma-Gamma has no spend of theirs to learn from; they get the population's expected spend per purchase, ${value}.`);
  }
  if (s.populationValueCount.notPositive) {
    notes.push(`${s.populationValueCount.notPositive.toLocaleString('en')} repeat customers have a mean repeat spend of 0 or less (returns?), which Gamma-Gamma cannot model; they get the population's expected spend per purchase, ${value}.`);
  }
  if (s.lateCustomers) {
    notes.push(`${s.lateCustomers.toLocaleString('en')} customers first bought after the calibration end ${s.calibrationEnd}; they are not in "${cell.name}".`);
  }
  if (s.spendFrequencyCorrelation !== null && Math.abs(s.spendFrequencyCorrelation) > 0.3) {
    notes.push(`Spend per purchase and number of purchases are correlated (${s.spendFrequencyCorrelation.toFixed(2)}); Gamma-Gamma assumes they are not, so treat expected values with care.`);
  }
  return notes;
}

function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0];
}
