import { existsSync, openAsBlob, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeDatabase } from '../../src/db/node-database.ts';
import type { RuleSegment, RulesCell } from '../../src/engine/workbook.ts';
import { createCell } from '../../src/engine/new-cell.ts';
import { ruleTemplates } from '../../src/engine/rule-templates.ts';
import { runRulesCell, type RulesSummary } from '../../src/engine/cells/rules/rules-cell.ts';
import { buildRulesSql } from '../../src/engine/cells/rules/rules-sql.ts';
import type { CellContext } from '../../src/engine/cells/context.ts';
import { Scheduler } from '../../src/engine/scheduler.ts';
import { emptyWorkbook } from '../../src/engine/workbook.ts';
import { parseWorkbook, serializeWorkbook } from '../../src/engine/workbook-format.ts';
import { describeTable } from '../../src/db/catalog.ts';
import { loadSource } from '../../src/ingest/load-source.ts';
import { nodeParsers } from '../../src/ingest/node-parsers.ts';
import { workbookLineage } from '../../src/engine/lineage.ts';
import { InlineBackend } from '../../src/ml/backend.ts';
import { segmentSizeCaption, segmentSizeChart } from '../../src/ui/cells/rules/segment-size-chart.ts';
import { chartDocument, expectSvgSnapshot } from '../charts/snapshot.ts';

const root = resolve(import.meta.dirname, '../..');
const RETAIL = resolve(root, '../shared/datasets/online-retail/online-retail.csv.gz');
const RFM_ORACLE = resolve(root, '../shared/oracles/online_retail_rfm.csv');
const shared = [RETAIL, RFM_ORACLE].filter(existsSync);
let db: NodeDatabase;

beforeAll(async () => {
  db = await NodeDatabase.open({ readablePaths: shared });
  const path = resolve(root, 'sample-data/retail-customers.csv');
  await loadSource(db, nodeParsers, { file: await openAsBlob(path), fileName: 'retail-customers.csv', table: 'customers', path });
  await db.exec(`CREATE TABLE t AS SELECT * FROM (VALUES
    (1, 'Alpha', 10.5, DATE '2023-11-20', true, 'gold'),
    (2, 'beta', 20.0, DATE '2023-12-24', false, 'silver'),
    (3, 'x''; DROP TABLE t; --', 30.0, DATE '2024-02-14', NULL, 'gold'),
    (4, 'Gamma Ray', NULL, DATE '2024-07-01', true, 'bronze'),
    (5, NULL, 50.0, NULL, false, 'silver')
  ) v(id, label, amount, day, opted_in, Segment)`);
});
afterAll(() => db.close());

function context(): CellContext {
  return { db, ml: new InlineBackend(), lineage: workbookLineage(emptyWorkbook()), signal: new AbortController().signal, report: () => undefined };
}

function rulesCell(input: string, segments: RuleSegment[], patch: Partial<RulesCell> = {}): RulesCell {
  return { id: 'c1', kind: 'rules', name: 'ruled', input, segments, elseSegment: 'Other', ...patch };
}

async function run(cell: RulesCell): Promise<RulesSummary> {
  const outcome = await runRulesCell(cell, context());
  if (outcome.result?.kind !== 'rules') throw new Error('expected a rules result');
  return outcome.result.rules;
}

const counts = (s: RulesSummary) => Object.fromEntries(s.segments.map((x) => [x.name, x.rows]));

async function segmentsById(table: string): Promise<Record<string, string>> {
  const rows = await db.query(`SELECT id, segment FROM ${table} ORDER BY id`);
  return Object.fromEntries(rows.map((r) => [String(r.id), String(r.segment)]));
}

describe('rules cell on the sample customers', () => {
  it('gives the first matching segment, in rule order, with the counts a hand-written query finds', async () => {
    const age = ruleTemplates(await describeTable(db, 'customers')).find((t) => t.id === 'age-bands:age')!;
    const vip = ruleTemplates(await describeTable(db, 'customers')).find((t) => t.id === 'vip:income')!;
    const summary = await run(rulesCell('customers', [...vip.segments, ...age.segments]));
    const expected = await db.query(`SELECT CASE
        WHEN income >= (SELECT quantile_cont(income, 0.8) FROM customers) THEN 'VIP'
        WHEN age < 25 THEN 'Age under 25' WHEN age < 35 THEN 'Age 25-34' WHEN age < 45 THEN 'Age 35-44'
        WHEN age < 55 THEN 'Age 45-54' WHEN age < 65 THEN 'Age 55-64' WHEN age >= 65 THEN 'Age 65+' ELSE 'Other' END AS s,
      count(*) AS n FROM customers GROUP BY ALL`);
    const want = Object.fromEntries(expected.map((r) => [String(r.s), Number(r.n)]));
    for (const s of summary.segments) expect(s.rows, s.name).toBe(want[s.name] ?? 0);
    expect(summary.rows).toBe(2000);
    // 1,941 customers have an income (59 do not): 20% is 388.2, and ties at the cut bring it to 393.
    expect(counts(summary).VIP).toBe(393);
    const [{ n }] = await db.query(`SELECT count(*) AS n FROM ruled WHERE segment = 'VIP' AND income < (SELECT quantile_cont(income, 0.8) FROM customers)`);
    expect(Number(n)).toBe(0);
  });

  it('keeps every input column and adds segment last', async () => {
    await run(rulesCell('customers', [{ name: 'Young', match: 'all', conditions: [{ column: 'age', op: '<', value: '30' }] }]));
    const before = (await describeTable(db, 'customers')).map((c) => c.name);
    const after = (await describeTable(db, 'ruled')).map((c) => c.name);
    expect(after).toEqual([...before, 'segment']);
  });

  it('writes SQL that gives the same table when run on its own, as a SQL cell would', async () => {
    const summary = await run(rulesCell('customers', [
      { name: 'French or Spanish women', match: 'all', conditions: [{ column: 'country', op: 'in', value: 'France, Spain' }, { column: 'gender', op: '=', value: 'female' }] },
      { name: 'Holiday sign-ups', match: 'any', conditions: [{ column: 'signup_date', op: 'month in', value: 'Nov, December' }] },
    ]));
    const [{ n }] = await db.query(`SELECT count(*) AS n FROM ((${summary.sql}) EXCEPT ALL (SELECT * FROM ruled))`);
    expect(Number(n)).toBe(0);
    const [{ m }] = await db.query(`SELECT count(*) AS m FROM (${summary.sql})`);
    expect(Number(m)).toBe(2000);
  });

  it('runs through the scheduler like any other cell', async () => {
    const base = createCell('rules', { ...emptyWorkbook(), sources: [] }, 0);
    if (base.kind !== 'rules') throw new Error('expected a rules cell');
    const cell: RulesCell = { ...base, name: 'scheduled_rules', input: 'customers', segments: [{ name: 'Opted in', match: 'all', conditions: [{ column: 'email_opt_in', op: '=', value: 'true' }] }] };
    const wb = { ...emptyWorkbook(), cells: [cell] };
    const scheduler = new Scheduler(db, () => wb, undefined, { ml: new InlineBackend() });
    await scheduler.runAll();
    const state = scheduler.state(cell.id);
    expect(state.status, state.error?.message).toBe('done');
    expect(state.rowCount).toBe(2000);
    const [{ n }] = await db.query('SELECT count(*) AS n FROM customers WHERE email_opt_in');
    expect(state.result?.kind === 'rules' && state.result.rules.segments[0]).toEqual({ name: 'Opted in', rows: Number(n) });
  });
});

describe('segment size chart', () => {
  it('draws one bar per segment in rule order, else last, and says the same in its caption', async () => {
    const summary: RulesSummary = { segments: [{ name: 'VIP', rows: 400 }, { name: 'Age under 25', rows: 120 }, { name: 'Other', rows: 1480 }], sql: '', rows: 2000 };
    const chart = segmentSizeChart(summary, chartDocument());
    expect(chart.querySelectorAll('rect')).toHaveLength(3);
    await expectSvgSnapshot('rules-segment-sizes', chart);
    expect(segmentSizeCaption(summary)).toBe('Rows per segment, in rule order with the else-segment last: VIP 400 (20.0%); Age under 25 120 (6.0%); Other 1,480 (74.0%).');
  });
});

describe('operators', () => {
  const one = (name: string, ...conditions: RuleSegment['conditions']): RuleSegment => ({ name, match: 'all', conditions });

  it('replaces a segment column the input already has, whatever its case', async () => {
    await run(rulesCell('t', [one('Big', { column: 'amount', op: '>=', value: '30' })]));
    const columns = (await describeTable(db, 'ruled')).map((c) => c.name);
    expect(columns).toEqual(['id', 'label', 'amount', 'day', 'opted_in', 'segment']);
    expect(await segmentsById('ruled')).toEqual({ 1: 'Other', 2: 'Other', 3: 'Big', 4: 'Other', 5: 'Big' });
  });

  it('matches contains case-insensitively, and in / not in / between / null tests as written', async () => {
    await run(rulesCell('t', [
      one('has a', { column: 'label', op: 'contains', value: 'GAMMA' }),
      one('listed', { column: 'Segment', op: 'in', value: 'silver, bronze' }, { column: 'id', op: 'not in', value: '5' }),
      one('mid', { column: 'amount', op: 'between', value: '10', value2: '20.5' }),
      one('no label', { column: 'label', op: 'is null', value: '' }),
    ]));
    expect(await segmentsById('ruled')).toEqual({ 1: 'mid', 2: 'listed', 3: 'Other', 4: 'has a', 5: 'no label' });
  });

  it('compares dates, booleans and months of a date', async () => {
    await run(rulesCell('t', [
      one('holiday', { column: 'day', op: 'month in', value: 'Nov, 12' }),
      one('since 2024', { column: 'day', op: '>=', value: '2024-03-01' }),
      one('opted out', { column: 'opted_in', op: '=', value: 'false' }),
    ]));
    expect(await segmentsById('ruled')).toEqual({ 1: 'holiday', 2: 'holiday', 3: 'Other', 4: 'since 2024', 5: 'opted out' });
  });

  it('cuts top and bottom percentages at quantiles of the whole input', async () => {
    await db.exec('CREATE OR REPLACE TABLE hundred AS SELECT i AS id, i::DOUBLE AS v FROM range(1, 101) r(i)');
    const summary = await run(rulesCell('hundred', [
      one('top', { column: 'v', op: 'top %', value: '20' }),
      // Over the whole input the top half is 51..100, so after "top" took 81..100 this gets 30.
      one('upper half', { column: 'v', op: 'top %', value: '50' }),
      one('bottom', { column: 'v', op: 'bottom %', value: '10' }),
    ]));
    expect(counts(summary)).toEqual({ top: 20, 'upper half': 30, bottom: 10, Other: 40 });
  });

  it('keeps a hostile value a literal: no statement is added and the row with that text matches', async () => {
    const hostile = "x'; DROP TABLE t; --";
    const summary = await run(rulesCell('t', [
      one(`it's "quoted"'); DROP TABLE t; --`, { column: 'label', op: '=', value: hostile }),
      one('listed', { column: 'label', op: 'in', value: `beta, ${hostile}` }),
      one('contains', { column: 'label', op: 'contains', value: "'; DROP TABLE t; --" }),
    ], { elseSegment: "else'); DROP TABLE t; --" }));
    expect(counts(summary)).toEqual({ [`it's "quoted"'); DROP TABLE t; --`]: 1, listed: 1, contains: 0, ["else'); DROP TABLE t; --"]: 3 });
    const [{ n }] = await db.query('SELECT count(*) AS n FROM t');
    expect(Number(n)).toBe(5);
  });

  it('reads a rules cell from a workbook file, hostile values included, and runs it unchanged', async () => {
    const cell = rulesCell('t', [
      one('holiday', { column: 'day', op: 'month in', value: 'Nov, Dec' }),
      one("x'); DROP TABLE t; --", { column: 'label', op: 'in', value: "x'; DROP TABLE t; --" }, { column: 'amount', op: 'between', value: '0', value2: '1e2' }),
    ]);
    const read = parseWorkbook(serializeWorkbook({ ...emptyWorkbook(), cells: [cell] })).cells[0];
    expect(read).toEqual(cell);
    if (read.kind !== 'rules') throw new Error('expected a rules cell');
    expect(counts(await run(read))).toEqual({ holiday: 2, "x'); DROP TABLE t; --": 1, Other: 2 });
    const [{ n }] = await db.query('SELECT count(*) AS n FROM t');
    expect(Number(n)).toBe(5);
  });

  it('quotes a column name that holds quotes and SQL', async () => {
    await db.exec(`CREATE OR REPLACE TABLE odd AS SELECT 1 AS "we""ird; DROP TABLE t; --" UNION ALL SELECT 2`);
    const summary = await run(rulesCell('odd', [one('one', { column: 'we"ird; DROP TABLE t; --', op: '=', value: '1' })]));
    expect(counts(summary)).toEqual({ one: 1, Other: 1 });
  });
});

describe('rule errors name the segment, condition and column', () => {
  const cond = (column: string, op: RuleSegment['conditions'][number]['op'], value: string) => ({ column, op, value });
  const fails = (cell: RulesCell) => runRulesCell(cell, context());

  it('names an unknown column and lists the real ones', async () => {
    await expect(fails(rulesCell('customers', [{ name: 'VIP', match: 'all', conditions: [cond('age', '>', '30'), cond('spend', '>', '100')] }])))
      .rejects.toThrow(/^segment VIP, condition 2: no column "spend" in customers; choose one of customer_id, signup_date, country, /);
  });

  it('refuses text against a number column, including an injection attempt', async () => {
    await expect(fails(rulesCell('t', [{ name: 'Big', match: 'all', conditions: [cond('amount', '>', 'lots')] }])))
      .rejects.toThrow('segment Big, condition 1: column "amount" holds numbers, but "lots" is not a number');
    await expect(fails(rulesCell('t', [{ name: 'Big', match: 'all', conditions: [cond('amount', '>', '1; DROP TABLE t')] }])))
      .rejects.toThrow(/not a number/);
    await expect(fails(rulesCell('t', [{ name: 'Big', match: 'all', conditions: [cond('amount', 'in', '1, 2x')] }])))
      .rejects.toThrow('"2x" is not a number');
  });

  it('refuses a bad date, a bad month, a bad percentage and an operator that does not fit the column', async () => {
    const seg = (c: ReturnType<typeof cond>) => [{ name: 'S', match: 'all' as const, conditions: [c] }];
    await expect(fails(rulesCell('t', seg(cond('day', '<', '2024-02-30'))))).rejects.toThrow('"2024-02-30" is not a date; write it as YYYY-MM-DD');
    await expect(fails(rulesCell('t', seg(cond('day', 'month in', 'Smarch'))))).rejects.toThrow('"Smarch" is not a month');
    await expect(fails(rulesCell('t', seg(cond('amount', 'top %', '150'))))).rejects.toThrow('percentage above 0 and up to 100, not 150');
    await expect(fails(rulesCell('t', seg(cond('label', 'top %', '10'))))).rejects.toThrow('segment S, condition 1: "top %" does not apply to column "label" (VARCHAR)');
    await expect(fails(rulesCell('t', seg(cond('label', '=', ''))))).rejects.toThrow('"=" on column "label" needs a value');
  });

  it('refuses empty and duplicate names and a segment without conditions', async () => {
    const ok = [cond('amount', '>', '1')];
    await expect(fails(rulesCell('t', [{ name: ' ', match: 'all', conditions: ok }]))).rejects.toThrow('segment 1 has no name');
    await expect(fails(rulesCell('t', [{ name: 'A', match: 'all', conditions: ok }, { name: 'A', match: 'any', conditions: ok }])))
      .rejects.toThrow('segments 1 and 2 are both named "A": rename one');
    await expect(fails(rulesCell('t', [{ name: 'Other', match: 'all', conditions: ok }]))).rejects.toThrow('same name as the else-segment');
    await expect(fails(rulesCell('t', [{ name: 'A', match: 'all', conditions: ok }], { elseSegment: '' }))).rejects.toThrow('the else-segment has no name');
    await expect(fails(rulesCell('t', [{ name: 'A', match: 'all', conditions: [] }]))).rejects.toThrow('segment A has no conditions');
    await expect(fails(rulesCell('t', []))).rejects.toThrow('there are no segments yet');
    await expect(fails(rulesCell('missing', [{ name: 'A', match: 'all', conditions: ok }]))).rejects.toThrow('the input table "missing" does not exist');
  });

  it('builds no SQL for a condition whose column is not chosen', () => {
    expect(() => buildRulesSql(rulesCell('t', [{ name: 'A', match: 'all', conditions: [cond('', '=', '1')] }]), [{ name: 'id', type: 'INTEGER' }]))
      .toThrow('segment A, condition 1: no column chosen; choose one of id');
  });
});

describe.skipIf(shared.length < 2)('rules cell on the Online Retail data', () => {
  it('puts every country but "Unspecified" in a world region', async () => {
    await db.exec(`CREATE TABLE online_retail AS SELECT * FROM read_csv(${`'${RETAIL}'`})`);
    const template = ruleTemplates(await describeTable(db, 'online_retail')).find((t) => t.id === 'regions:Country')!;
    const summary = await run(rulesCell('online_retail', template.segments));
    // From SELECT Country, count(*) on the file, summed by hand per region.
    expect(counts(summary)).toEqual({
      Europe: 538_358, 'North America': 442, 'Latin America': 32, 'Asia-Pacific': 2_134, 'Middle East and Africa': 497, Other: 446,
    });
  });

  it('marks as VIP the customers at or above the 80th percentile of monetary value', async () => {
    await db.exec(`CREATE TABLE rfm_oracle AS SELECT * FROM read_csv(${`'${RFM_ORACLE}'`})`);
    const template = ruleTemplates(await describeTable(db, 'rfm_oracle')).find((t) => t.id === 'vip:monetary')!;
    const summary = await run(rulesCell('rfm_oracle', template.segments));
    const monetary = readFileSync(RFM_ORACLE, 'utf8').trim().split('\n').slice(1).map((l) => Number(l.split(',')[3])).sort((a, b) => a - b);
    const at = 0.8 * (monetary.length - 1);
    const cut = monetary[Math.floor(at)] + (at - Math.floor(at)) * (monetary[Math.ceil(at)] - monetary[Math.floor(at)]);
    const vip = monetary.filter((m) => m >= cut).length;
    expect(counts(summary)).toEqual({ VIP: vip, Other: 4338 - vip });
    expect(vip).toBe(868);
  });
});
