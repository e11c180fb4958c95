import { openAsBlob } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeDatabase } from '../../src/db/node-database.ts';
import { quoteIdentifier, quoteLiteral } from '../../src/db/sql-quote.ts';
import { createCell } from '../../src/engine/new-cell.ts';
import { personasFor, type Persona } from '../../src/engine/persona.ts';
import { formatNumber, formatPercent, formatRatio } from '../../src/engine/number-format.ts';
import type { ProfileSummary } from '../../src/engine/cells/profile/profile-cell.ts';
import { Scheduler } from '../../src/engine/scheduler.ts';
import { emptyWorkbook, type Cell, type CellKind, type RfmCell, type RulesCell, type Workbook } from '../../src/engine/workbook.ts';
import { loadSource } from '../../src/ingest/load-source.ts';
import { nodeParsers } from '../../src/ingest/node-parsers.ts';
import { InlineBackend } from '../../src/ml/backend.ts';
import type { FeatureSpec } from '../../src/ml/preprocess.ts';

const root = resolve(import.meta.dirname, '../..');
const ITEMS = ['lifestyle_outdoors', 'lifestyle_tech', 'lifestyle_health', 'lifestyle_social', 'values_sustainability', 'values_tradition', 'values_status', 'interest_travel', 'interest_cooking', 'interest_fashion', 'interest_sports'];
const SALES = `invoice_id NOT LIKE 'C%' AND quantity > 0`;
let db: NodeDatabase;

beforeAll(async () => {
  db = await NodeDatabase.open();
  for (const [file, table] of [['retail-transactions.csv', 'retail_transactions'], ['b2c-customers.csv', 'b2c_customers']]) {
    const path = resolve(root, 'sample-data', file);
    await loadSource(db, nodeParsers, { file: await openAsBlob(path), fileName: file, table, path });
  }
});
afterAll(() => db?.close());

type CellOf<K extends CellKind> = Extract<Cell, { kind: K }>;

/** A workbook built cell by cell from each kind's defaults, as the examples are. */
function workbook(...cells: Array<{ [K in CellKind]: { kind: K } & Partial<CellOf<K>> }[CellKind]>): Workbook {
  const wb: Workbook = { ...emptyWorkbook(), cells: [] };
  for (const settings of cells) wb.cells.push({ ...createCell(settings.kind, wb, wb.cells.length), ...settings, id: `c${wb.cells.length}` } as Cell);
  return wb;
}

function features(columns: string[]): FeatureSpec {
  return { numeric: columns.map((column) => ({ column, scale: 'standard', log1p: false, clip: null })), categorical: [], missing: 'drop' };
}

async function run(wb: Workbook): Promise<Scheduler> {
  const scheduler = new Scheduler(db, () => wb, undefined, { ml: new InlineBackend() });
  await scheduler.runAll();
  for (const cell of wb.cells) {
    const state = scheduler.state(cell.id);
    expect(state.status, `${cell.kind}: ${state.error?.message}`).toBe('done');
  }
  return scheduler;
}

async function personasOf(wb: Workbook): Promise<{ summary: ProfileSummary; personas: Persona[] }> {
  const scheduler = await run(wb);
  const cell = wb.cells.find((c) => c.kind === 'profile');
  const state = cell && scheduler.state(cell.id);
  if (cell?.kind !== 'profile' || state?.result?.kind !== 'profile') throw new Error('expected a profile result');
  return { summary: state.result.profile, personas: personasFor(state.result.profile, cell.playbook, {}) };
}

const RFM: Partial<RfmCell> & { kind: 'rfm' } = {
  kind: 'rfm', name: 'rfm_now', input: 'retail_transactions', customer: 'customer_id', date: 'invoice_date', amount: 'quantity * unit_price',
  invoice: 'invoice_id', exclude: `NOT (${SALES})`,
};

const OCCASIONS: Partial<RulesCell> & { kind: 'rules' } = {
  kind: 'rules', name: 'occasion_lines', input: 'retail_transactions', elseSegment: 'Everyday',
  segments: [
    { name: 'Holiday season', match: 'all', conditions: [{ column: 'invoice_date', op: 'month in', value: 'Nov, Dec' }] },
    { name: 'Sales', match: 'all', conditions: [{ column: 'invoice_date', op: 'month in', value: 'Jan, Jul' }] },
  ],
};

/** Survey segments made in SQL: their labels are numbers, so their personas are named from traits. */
const SURVEY_SEGMENTS = `SELECT *, CASE WHEN values_tradition >= 4 AND lifestyle_tech <= 2 THEN 1 WHEN lifestyle_tech >= 4 THEN 2
  WHEN lifestyle_outdoors >= 4 THEN 3 ELSE 4 END AS segment FROM b2c_customers`;

describe('personas from the cells upstream', () => {
  it('keeps the RFM segment names, At Risk included, and takes recency, frequency and money from the RFM cell', async () => {
    const { summary, personas } = await personasOf(workbook(
      RFM, { kind: 'profile', name: 'rfm_personas', input: 'rfm_now', segmentColumn: 'segment', numeric: ['recency_days', 'frequency', 'monetary'], valueColumn: null },
    ));
    expect(summary.meanings).toEqual({ recency_days: 'recency', frequency: 'frequency', monetary: 'monetary' });
    expect(personas.map((p) => p.name)).toEqual(personas.map((p) => p.segment));
    expect(personas.map((p) => p.name)).toContain('At Risk');
    const champions = personas.find((p) => p.segment === 'Champions')!;
    // No value column was chosen, yet RFM's monetary is money: the RFM cell says so.
    expect(champions.description).toMatch(/^Big-spending frequent buyers\. /);
    expect(champions.playbookTraits).toContain('high-value');
  });

  it('keeps the rule names, also after a SQL cell that gives each customer their main occasion', async () => {
    const { summary, personas } = await personasOf(workbook(
      OCCASIONS,
      {
        kind: 'sql', name: 'occasion_buyers',
        sql: `SELECT customer_id, arg_max(segment, spend) AS segment, round(sum(spend), 2) AS total_spend
          FROM (SELECT customer_id, segment, sum(quantity * unit_price) AS spend FROM occasion_lines WHERE ${SALES} GROUP BY ALL) GROUP BY customer_id`,
      },
      { kind: 'profile', name: 'occasion_personas', input: 'occasion_buyers', segmentColumn: 'segment', numeric: ['total_spend'], valueColumn: 'total_spend' },
    ));
    expect(summary.namedLabels).toEqual(['Everyday', 'Holiday season', 'Sales']);
    expect(personas.map((p) => p.name)).toEqual(['Everyday', 'Holiday season', 'Sales']);
  });

  it('takes what CLV columns mean through a rules cell: clv is money, and BG/NBD recency is not days since the last purchase', async () => {
    const { summary, personas } = await personasOf(workbook(
      {
        kind: 'clv', name: 'lifetime_value', input: 'retail_transactions', customer: 'customer_id', date: 'invoice_date', amount: 'quantity * unit_price',
        exclude: `NOT (${SALES})`, calibrationEnd: '2024-09-30',
      },
      {
        kind: 'rules', name: 'value_tiers', input: 'lifetime_value', elseSegment: 'Low value',
        segments: [{ name: 'VIP', match: 'all', conditions: [{ column: 'clv', op: 'top %', value: '20' }] }],
      },
      { kind: 'profile', name: 'value_personas', input: 'value_tiers', segmentColumn: 'segment', numeric: ['clv', 'recency', 'p_alive'], valueColumn: null },
    ));
    expect(summary.meanings).toEqual({ clv: 'monetary', recency: null, p_alive: 'alive' });
    expect(personas.map((p) => p.name)).toEqual(['Low value', 'VIP']);
    const vip = personas[1];
    expect(vip.traits.find((t) => t.column === 'recency')?.text).toMatch(/^recency is /);
    expect(vip.description).toMatch(/^Active high-value customers\. /);
  });

  it('names segments whose labels no cell gave from their traits, in words, and never takes a survey item for money', async () => {
    const { summary, personas } = await personasOf(workbook(
      { kind: 'sql', name: 'survey_segments', sql: SURVEY_SEGMENTS },
      { kind: 'profile', name: 'survey_personas', input: 'survey_segments', segmentColumn: 'segment', numeric: ['values_tradition', 'lifestyle_tech', 'lifestyle_outdoors', 'annual_spend'], categorical: ['urbanicity'], valueColumn: 'annual_spend' },
    ));
    expect(summary.meanings).toEqual({ annual_spend: 'monetary' });
    expect(summary.namedLabels).toEqual([]);
    const names = personas.map((p) => p.name);
    expect(names).toEqual(['Low lifestyle tech', 'High lifestyle tech', 'High lifestyle outdoors', 'Low lifestyle outdoors']);
    expect(new Set(names).size).toBe(names.length);
    for (const p of personas) {
      expect(p.name).not.toMatch(/_|\(segment/);
      for (const t of p.traits.filter((x) => x.column !== 'annual_spend')) expect(t.text).not.toMatch(/spend|high-value|low-value/i);
    }
    // Without a value column nothing is money, annual spend included.
    const { personas: plain } = await personasOf(workbook(
      { kind: 'sql', name: 'survey_segments', sql: SURVEY_SEGMENTS },
      { kind: 'profile', name: 'survey_personas', input: 'survey_segments', segmentColumn: 'segment', numeric: ['values_tradition', 'lifestyle_tech', 'annual_spend'], valueColumn: null },
    ));
    for (const p of plain) expect([p.name, p.description, ...p.playbookTraits].join(' ')).not.toMatch(/spender|spending|high-value|low-value/i);
  });

  it('gives each trait the numbers plain SQL gives: the mean in the segment against everyone, or a share against the share overall', async () => {
    const { summary, personas } = await personasOf(workbook(
      { kind: 'sql', name: 'survey_segments', sql: SURVEY_SEGMENTS },
      { kind: 'profile', name: 'survey_personas', input: 'survey_segments', segmentColumn: 'segment', numeric: ['values_tradition', 'lifestyle_tech', 'lifestyle_outdoors', 'annual_spend', 'age'], categorical: ['urbanicity'], valueColumn: 'annual_spend' },
    ));
    let checked = 0;
    for (const p of personas) {
      const inSegment = `segment = ${quoteLiteral(p.segment)}::INTEGER`;
      for (const t of p.traits) {
        const c = quoteIdentifier(t.column);
        const sql = summary.categorical.includes(t.column)
          ? `SELECT avg(CASE WHEN ${c} = v.top THEN 1.0 ELSE 0.0 END) FILTER (WHERE ${inSegment}) AS seg, avg(CASE WHEN ${c} = v.top THEN 1.0 ELSE 0.0 END) AS overall
             FROM survey_segments, (SELECT ${quoteLiteral(t.text.match(/ is (\S+) for /)![1])} AS top) v`
          : `SELECT avg(${c}) FILTER (WHERE ${inSegment}) AS seg, avg(${c}) AS overall FROM survey_segments`;
        const [row] = await db.query(sql);
        expect(t.value).toBeCloseTo(Number(row.seg), 9);
        expect(t.overall).toBeCloseTo(Number(row.overall), 9);
        if (summary.categorical.includes(t.column)) {
          expect(t.text).toContain(`for ${formatPercent(Number(row.seg))}, ${formatRatio(Number(row.seg) / Number(row.overall))} the ${formatPercent(Number(row.overall))} overall`);
        } else if (t.column === 'age') {
          expect(t.text).toContain(`${formatNumber(Number(row.seg))} vs ${formatNumber(Number(row.overall))} years`);
        } else {
          expect(t.text).toContain(`${formatRatio(Number(row.seg) / Number(row.overall))} the average: ${formatNumber(Number(row.seg))} vs ${formatNumber(Number(row.overall))}`);
        }
        checked++;
      }
      const [share] = await db.query(`SELECT sum(annual_spend) FILTER (WHERE ${inSegment}) / sum(annual_spend) AS s FROM survey_segments`);
      expect(p.description).toContain(`bringing ${formatPercent(Number(share.s))} of the annual spend`);
    }
    expect(checked).toBeGreaterThanOrEqual(12);
  });
});

describe('the note on segments that are not distinct', () => {
  it('says the psychographic clusters are stable tendencies that overlap, and what to try next', async () => {
    const wb = workbook(
      { kind: 'cluster', name: 'lifestyles', input: 'b2c_customers', features: features(ITEMS), k: 6, seed: 7 },
      { kind: 'validate', name: 'lifestyle_check', input: 'lifestyles', segmentColumn: 'segment', features: features(ITEMS), valueColumn: null },
    );
    const notes = (await run(wb)).state('c1').notes ?? [];
    const note = notes.find((n) => n.startsWith('No segment stands apart'));
    expect(note).toMatch(/^No segment stands apart: all 6 have a silhouette below 0\.25 \(0\.\d\d to 0\.\d\d\)\. A typical customer is about as close to another segment as to their own\./);
    expect(note).toContain('They are stable');
    expect(note).toContain("fewer segments (compare k with the cluster cell's sweep), or fewer features: 11 are used here");
  });

  it('tells segments made by rules that they overlap on the features checked, and names the ones closer to another segment', async () => {
    const wb = workbook(
      {
        kind: 'rules', name: 'planned', input: 'b2c_customers', elseSegment: 'Everyone else',
        segments: [
          { name: 'Students', match: 'all', conditions: [{ column: 'occupation', op: '=', value: 'student' }] },
          { name: 'Retirees', match: 'any', conditions: [{ column: 'occupation', op: '=', value: 'retired' }, { column: 'age', op: '>=', value: '67' }] },
          { name: 'Families', match: 'all', conditions: [{ column: 'household_size', op: '>=', value: '3' }] },
        ],
      },
      {
        kind: 'validate', name: 'planned_check', input: 'planned', segmentColumn: 'segment',
        features: features(['annual_spend', 'sessions_30d', 'need_price', 'need_quality']), valueColumn: null,
      },
    );
    const scheduler = await run(wb);
    const state = scheduler.state('c1');
    if (state.result?.kind !== 'validate') throw new Error('expected a validation');
    const negative = state.result.validation.segments.filter((s) => s.silhouette < 0).map((s) => s.segment);
    expect(negative).toEqual(['Everyone else', 'Families', 'Students']);
    const note = (state.notes ?? []).find((n) => n.includes('stand apart'));
    expect(note).toContain('They have a negative silhouette: most of their customers are closer to another segment than to their own.');
    expect(note).toMatch(/^Segments "Everyone else", "Families" and "Students" do not stand apart: silhouette -0\.\d\d to -0\.\d\d, below 0\.25\./);
    expect(note).toContain('These segments were not found by clustering on these features');
  });
});
