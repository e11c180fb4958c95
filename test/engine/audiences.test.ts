import { CFB } from '@e965/xlsx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeTable } from '../../src/db/catalog.ts';
import { NodeDatabase } from '../../src/db/node-database.ts';
import { encodeFiles } from '../../src/db/table-encoders.ts';
import { exportAudiences, readSegmentCounts } from '../../src/engine/audiences/audience-export.ts';
import { canExportAudiences, defaultContactColumns, defaultIdColumn, segmentColumnOf } from '../../src/engine/audiences/audience-columns.ts';
import { audienceZipName, planAudienceFiles, safeName, type AudienceRequest } from '../../src/engine/audiences/audience-plan.ts';
import { expectedCells, hasOpenpyxl, pyCells, readWithOpenpyxl, readWithSheetJs } from '../helpers/xlsx-cells.ts';

let db: NodeDatabase;
const TODAY = new Date(2026, 11, 3);

// 2,600 customers over more than one Arrow batch; ids with leading zeros, contacts, money as a
// decimal, a date, labels that need cleaning for a file name, two that clean to the same name,
// and customers with no segment.
const CUSTOMERS = `CREATE TABLE customers AS SELECT
  lpad(i::VARCHAR, 7, '0') AS customer_id,
  'user' || i || '@example.test' AS email,
  CASE WHEN i % 5 = 0 THEN NULL ELSE '+44 20 7946 ' || lpad((i % 10000)::VARCHAR, 4, '0') END AS phone,
  (i * 37 % 100000) / 100.0::DECIMAL(10,2) AS spend,
  DATE '2026-01-01' + (i % 300)::INTEGER AS last_order,
  CASE i % 6 WHEN 0 THEN 'Champions' WHEN 1 THEN 'At risk' WHEN 2 THEN 'Can''t lose them!' WHEN 3 THEN 'A+' WHEN 4 THEN 'A-' ELSE NULL END AS segment
  FROM range(2600, 0, -1) t(i)`;

beforeAll(async () => {
  db = await NodeDatabase.open();
  await db.exec(CUSTOMERS);
  await db.exec(`CREATE TABLE clusters AS SELECT i AS id, (i % 4)::INTEGER AS segment, i * 1.5 AS score FROM range(0, 40) t(i)`);
});
afterAll(() => db.close());

const request = (over: Partial<AudienceRequest>): AudienceRequest => ({
  table: 'customers', segmentColumn: 'segment', idColumn: 'customer_id', contactColumns: ['email', 'phone'],
  segments: ['Champions', 'At risk', "Can't lose them!", 'A+', 'A-'], layout: 'per-segment', format: 'xlsx', ...over,
});

async function run(r: AudienceRequest) {
  const columns = await describeTable(db, r.table);
  const plans = planAudienceFiles(r, columns, TODAY);
  const file = await exportAudiences(db, plans, r.format, async (files, format) => encodeFiles(files, format, audienceZipName(r.table, TODAY)));
  return { plans, ...file };
}

/** Plain SQL's count of customers per segment, the number each file's rows must match. */
async function groupCounts(): Promise<Map<string, number>> {
  const rows = await db.query('SELECT segment, count(*) AS n FROM customers WHERE segment IS NOT NULL GROUP BY segment');
  return new Map(rows.map((r) => [String(r.segment), Number(r.n)]));
}

describe('audience lists', () => {
  it('finds the segment, id and contact columns of a segmented customer table', async () => {
    const columns = await describeTable(db, 'customers');
    expect(segmentColumnOf(columns)).toBe('segment');
    expect(defaultIdColumn(columns, 'segment')).toBe('customer_id');
    expect(defaultContactColumns(columns, ['customer_id', 'segment'])).toEqual(['email', 'phone']);
    // "cell" inside "cancellations" is no phone number: only a column called cell is.
    expect(defaultContactColumns([{ name: 'cancellations', type: 'BIGINT' }, { name: 'cell', type: 'VARCHAR' }], [])).toEqual(['cell']);
    expect(segmentColumnOf([{ name: 'id', type: 'INTEGER' }, { name: 'spend', type: 'DOUBLE' }])).toBeNull();
    expect(segmentColumnOf([{ name: 'id', type: 'INTEGER' }, { name: 'Persona', type: 'VARCHAR' }])).toBe('Persona');
    expect(canExportAudiences(columns)).toBe(true);
    // A summary with a row per segment names no customer: there is no audience to list.
    expect(canExportAudiences([{ name: 'segment_truth', type: 'VARCHAR' }, { name: 'customers', type: 'BIGINT' }, { name: 'mean_revenue', type: 'DOUBLE' }])).toBe(false);
  });

  it('lists each segment with the count plain GROUP BY gives, no segment last', async () => {
    const counts = await readSegmentCounts(db, 'customers', 'segment');
    const nulls = await db.query('SELECT count(*) AS n FROM customers WHERE segment IS NULL');
    expect(counts).toEqual([
      ...[...(await groupCounts())].sort(([a], [b]) => (a < b ? -1 : 1)).map(([segment, rows]) => ({ segment, rows })),
      { segment: null, rows: Number(nulls[0].n) },
    ]);
  });

  it('writes one .xlsx per segment in one zip, each named for its segment and day, rows and cells as DuckDB has them', async () => {
    const { fileName, bytes, plans } = await run(request({}));
    expect(fileName).toBe('customers-audiences-2026-12-03.zip');
    const names = ['champions', 'at-risk', 'can-t-lose-them', 'a', 'a-2'].map((n) => `${n}-2026-12-03.xlsx`);
    expect(plans.map((p) => p.fileName)).toEqual(names);
    const zip = CFB.read(bytes, { type: 'buffer' });
    const counts = await groupCounts();
    const python = hasOpenpyxl ? readWithOpenpyxl(bytes, fileName) : null;
    if (python) expect(Object.keys(python).sort()).toEqual([...names].sort());
    for (const plan of plans) {
      const entry = CFB.find(zip, plan.fileName);
      if (!entry?.content) throw new Error(`the zip lacks ${plan.fileName}`);
      const want = await expectedCells(db, plan.sql);
      const { sheets, cells } = readWithSheetJs(Uint8Array.from(entry.content));
      expect(sheets).toEqual([plan.segment?.replace(/[[\]:*?/\\]/g, '_')]);
      expect(cells[0]).toEqual([{ t: 's', v: 'customer_id' }, { t: 's', v: 'email' }, { t: 's', v: 'phone' }]);
      expect(cells).toEqual(want);
      expect(cells.length - 1).toBe(counts.get(plan.segment ?? ''));
      if (python) expect(pyCells(python[plan.fileName])).toEqual(want);
    }
    const zero = readWithSheetJs(Uint8Array.from(CFB.find(zip, names[0])?.content ?? [])).cells[1][0];
    expect(zero).toEqual({ t: 's', v: '0000006' });
  });

  it('writes one CSV with a segment column that DuckDB reads back to the same rows and counts', async () => {
    const r = request({ layout: 'one-file', format: 'csv', contactColumns: ['email', 'spend', 'last_order'], segments: ['A+', 'Champions'] });
    const { fileName, bytes, plans } = await run(r);
    expect(fileName).toBe('customers-audiences-2026-12-03.csv');
    const path = await db.registerUpload({ name: 'audience.csv', blob: new Blob([new Uint8Array(bytes)]) });
    await db.exec(`CREATE TABLE audience_csv AS SELECT * FROM read_csv('${path}', header = true,
      columns = {'customer_id': 'VARCHAR', 'email': 'VARCHAR', 'spend': 'DECIMAL(10,2)', 'last_order': 'DATE', 'segment': 'VARCHAR'})`);
    const chosen = `SELECT * FROM (${plans[0].sql})`;
    const [diff] = await db.query(`SELECT (SELECT count(*) FROM (FROM audience_csv EXCEPT ALL ${chosen})) + (SELECT count(*) FROM (${chosen} EXCEPT ALL FROM audience_csv)) AS n`);
    expect(Number(diff.n)).toBe(0);
    const fromFile = await db.query('SELECT segment, count(*) AS n FROM audience_csv GROUP BY segment ORDER BY segment');
    const counts = await groupCounts();
    expect(fromFile.map((row) => [row.segment, Number(row.n)])).toEqual([['A+', counts.get('A+')], ['Champions', counts.get('Champions')]]);
    expect(new TextDecoder().decode(bytes).split('\r\n', 2)[1]).toMatch(/^0000003,user3@example\.test,/);
  });

  it('gives one segment its own file, not a zip, and takes integer cluster labels as text', async () => {
    const { fileName, bytes } = await run(request({ table: 'clusters', idColumn: 'id', contactColumns: ['score'], segments: ['3'], format: 'csv' }));
    expect(fileName).toBe('3-2026-12-03.csv');
    const rows = await db.query('SELECT id, score FROM clusters WHERE segment = 3 ORDER BY id');
    expect(new TextDecoder().decode(bytes)).toBe(`id,score\r\n${rows.map((r) => `${r.id},${r.score}\r\n`).join('')}`);
  });

  it('refuses a request that names a missing column or no segment, saying what to do', async () => {
    const columns = await describeTable(db, 'customers');
    expect(() => planAudienceFiles(request({ contactColumns: ['mail'] }), columns, TODAY)).toThrow('customers has no column "mail"; choose one of its columns');
    expect(() => planAudienceFiles(request({ segments: [] }), columns, TODAY)).toThrow('no segment is chosen; tick at least one segment to export');
    expect(() => planAudienceFiles(request({ idColumn: 'segment' }), columns, TODAY)).toThrow('the id column cannot be the segment column "segment"');
  });

  it('makes file names of safe characters only', () => {
    expect(safeName('Loyal Champions ★')).toBe('loyal-champions');
    expect(safeName('Élite / VIP: 2026')).toBe('elite-vip-2026');
    expect(safeName('../../etc/passwd')).toBe('etc-passwd');
    expect(safeName('★★★')).toBe('segment');
  });
});
