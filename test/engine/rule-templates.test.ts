import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeDatabase } from '../../src/db/node-database.ts';
import { COUNTRY_REGIONS, regionOf } from '../../src/engine/country-regions.ts';
import { applyTemplate, ruleTemplates } from '../../src/engine/rule-templates.ts';
import { buildRulesSql } from '../../src/engine/cells/rules/rules-sql.ts';
import type { ColumnSpec } from '../../src/engine/workbook.ts';
import { describeTable } from '../../src/db/catalog.ts';

let db: NodeDatabase;

// One table with a column for every template, in the types real exports give them.
const FIRMS = `CREATE TABLE firms AS SELECT
    i AS id,
    18 + (i * 7) % 60 AS age,
    20000 + (i * 3917) % 90000 AS household_income,
    ['United Kingdom', 'UK', 'USA', 'Germany', 'Japan', 'Brazil', 'RSA', 'Atlantis'][1 + i % 8] AS country,
    (i * 37) % 400 AS employees,
    ((i * 7919) % 80)::DOUBLE * 1e6 AS annual_revenue,
    (i * 13) % 1000 + 0.5 AS total_spend,
    CASE WHEN i % 5 = 0 THEN NULL ELSE (i * 3) % 20 END AS sessions,
    DATE '2024-01-01' + ((i * 11) % 366)::INT AS last_login,
    TIMESTAMP '2023-01-01 10:00:00' + INTERVAL (i) DAY AS first_order_at
  FROM range(1, 401) r(i)`;

beforeAll(async () => {
  db = await NodeDatabase.open();
  await db.exec(FIRMS);
});
afterAll(() => db.close());

const ids = (columns: ColumnSpec[]) => ruleTemplates(columns).map((t) => t.id);

describe('template menu', () => {
  it('offers only the templates whose columns the table has', () => {
    const customers: ColumnSpec[] = [
      { name: 'customer_id', type: 'BIGINT' }, { name: 'signup_date', type: 'DATE' }, { name: 'country', type: 'VARCHAR' },
      { name: 'age', type: 'BIGINT' }, { name: 'income', type: 'BIGINT' }, { name: 'gender', type: 'VARCHAR' },
    ];
    expect(ids(customers)).toEqual(['age-bands:age', 'income-bands:income', 'regions:country', 'vip:income', 'value-tiers:income', 'occasions:signup_date']);
    expect(ids([{ name: 'name', type: 'VARCHAR' }, { name: 'id', type: 'INTEGER' }])).toEqual([]);
  });

  it('recognises columns by name only when their type fits', () => {
    expect(ids([{ name: 'Age', type: 'VARCHAR' }, { name: 'Country', type: 'INTEGER' }])).toEqual([]);
    expect(ids([{ name: 'Age', type: 'DOUBLE' }, { name: 'Country', type: 'VARCHAR' }])).toEqual(['age-bands:Age', 'regions:Country']);
  });

  it('offers firmographic, engagement and occasion templates for a company table', async () => {
    const all = ids(await describeTable(db, 'firms'));
    for (const id of ['employee-bands:employees', 'revenue-bands:annual_revenue', 'engagement:sessions', 'recency:last_login', 'occasions:first_order_at', 'vip:total_spend']) {
      expect(all).toContain(id);
    }
  });
});

describe('templates run in DuckDB', () => {
  it('every offered template builds SQL that runs and puts each row in exactly one segment', async () => {
    const columns = await describeTable(db, 'firms');
    for (const template of ruleTemplates(columns)) {
      const sql = buildRulesSql({ input: 'firms', segments: template.segments, elseSegment: 'Other' }, columns);
      const rows = await db.query(`SELECT segment, count(*) AS n FROM (${sql}) GROUP BY ALL`);
      const total = rows.reduce((sum, r) => sum + Number(r.n), 0);
      expect(total, template.id).toBe(400);
      const names = new Set([...template.segments.map((s) => s.name), 'Other']);
      for (const r of rows) expect(names.has(String(r.segment)), `${template.id}: ${r.segment}`).toBe(true);
    }
  });

  it('bands ages by the chain of upper bounds', async () => {
    const columns = await describeTable(db, 'firms');
    const template = ruleTemplates(columns).find((t) => t.id === 'age-bands:age')!;
    const sql = buildRulesSql({ input: 'firms', segments: template.segments, elseSegment: 'Other' }, columns);
    const wrong = await db.query(`SELECT age, segment FROM (${sql}) WHERE segment <> CASE
      WHEN age < 25 THEN 'Age under 25' WHEN age < 35 THEN 'Age 25-34' WHEN age < 45 THEN 'Age 35-44'
      WHEN age < 55 THEN 'Age 45-54' WHEN age < 65 THEN 'Age 55-64' ELSE 'Age 65+' END`);
    expect(wrong).toEqual([]);
  });

  it('maps countries to regions, spelling variants included, and leaves unknown ones to the else-segment', async () => {
    const columns = await describeTable(db, 'firms');
    const template = ruleTemplates(columns).find((t) => t.id === 'regions:country')!;
    const sql = buildRulesSql({ input: 'firms', segments: template.segments, elseSegment: 'Unknown region' }, columns);
    const rows = await db.query(`SELECT DISTINCT country, segment FROM (${sql}) ORDER BY country`);
    expect(Object.fromEntries(rows.map((r) => [r.country, r.segment]))).toEqual({
      Atlantis: 'Unknown region', Brazil: 'Latin America', Germany: 'Europe', Japan: 'Asia-Pacific', RSA: 'Middle East and Africa',
      UK: 'Europe', USA: 'North America', 'United Kingdom': 'Europe',
    });
  });

  it('flags holiday-season rows by the month of a date', async () => {
    const columns = await describeTable(db, 'firms');
    const template = ruleTemplates(columns).find((t) => t.id === 'occasions:last_login')!;
    const sql = buildRulesSql({ input: 'firms', segments: template.segments, elseSegment: 'Other' }, columns);
    const [got] = await db.query(`SELECT count(*) FILTER (segment = 'Holiday season') AS flagged,
      count(*) FILTER (month(last_login) IN (11, 12)) AS expected FROM (${sql})`);
    expect(Number(got.flagged)).toBe(Number(got.expected));
    expect(Number(got.flagged)).toBeGreaterThan(0);
  });
});

describe('country table', () => {
  it('covers at least 60 countries with the UK and USA name variants', () => {
    const names = Object.values(COUNTRY_REGIONS).flat();
    expect(new Set(names).size).toBe(names.length);
    expect(names.length).toBeGreaterThanOrEqual(100);
    for (const uk of ['United Kingdom', 'UK', 'u.k.', 'Great Britain', 'England']) expect(regionOf(uk), uk).toBe('Europe');
    for (const us of ['United States', 'USA', 'us', 'U.S.A.', 'United States of America']) expect(regionOf(us), us).toBe('North America');
    expect(regionOf('Narnia')).toBeNull();
    for (const name of names) expect(name, 'a comma would split the "in" list').not.toContain(',');
  });
});

describe('applying a template', () => {
  it('adds its segments after the existing ones and renumbers names already taken', () => {
    const template = ruleTemplates([{ name: 'income', type: 'BIGINT' }]).find((t) => t.id === 'value-tiers:income')!;
    const existing = [{ name: 'VIP', match: 'all' as const, conditions: [{ column: 'income', op: '>' as const, value: '1' }] }];
    const out = applyTemplate(existing, 'Low value', template);
    expect(out.map((s) => s.name)).toEqual(['VIP', 'VIP (2)', 'High value', 'Medium value', 'Low value (2)']);
    out[1].conditions[0].value = '99';
    expect(template.segments[0].conditions[0].value).toBe('20');
  });
});
