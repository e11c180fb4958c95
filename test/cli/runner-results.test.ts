import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CellReport, RunReport } from '../../src/cli/run-workbook.ts';
import { DEFAULT_PLAYBOOK } from '../../src/engine/cells/profile/playbook.ts';
import { DEFAULT_RFM_SEGMENT_MAP } from '../../src/engine/cells/rfm/rfm-segments.ts';
import type { Cell } from '../../src/engine/workbook.ts';
import { FIXTURES, XY, query, root, runWorkbookCli, source, tempDir, workbook } from './harness.ts';

const BLOBS = join(FIXTURES, 'blobs.csv');
const TRANSACTIONS = resolve(root, 'sample-data/retail-transactions.csv');
const CDNOW = resolve(root, '../shared/datasets/cdnow/CDNOW_sample.txt');
let dir: string;
let remove: () => Promise<void>;
let expected: {
  rows: number; sizes_desc: number[]; inertia_k3: number; silhouette: number; davies_bouldin: number; calinski_harabasz: number; mean_spend_by_blob: number[];
};

beforeAll(async () => {
  ({ dir, remove } = await tempDir());
  expected = JSON.parse(await readFile(join(FIXTURES, 'blobs.expected.json'), 'utf8'));
});
afterAll(() => remove());

const cluster = (patch: Partial<Extract<Cell, { kind: 'cluster' }>> = {}): Cell => ({
  id: 'c', kind: 'cluster', name: 'segments', input: 'points', features: XY, algorithm: 'kmeans', k: 3, nInit: 10, maxIter: 300, tol: 1e-4, seed: 42,
  sweep: { min: 2, max: 5, references: 3 }, model: null, ...patch,
});

const segmentationCells: Cell[] = [
  cluster(),
  { id: 'v', kind: 'validate', name: 'validation', input: 'segments', segmentColumn: 'segment', features: XY, minShare: 0.02, bootstrap: 5, seed: 42, valueColumn: 'spend' },
  {
    id: 'p', kind: 'profile', name: 'profile', input: 'segments', segmentColumn: 'segment', numeric: ['x', 'y', 'spend'], categorical: [], valueColumn: 'spend',
    personas: {}, playbook: DEFAULT_PLAYBOOK.map((p) => ({ ...p, actions: [...p.actions] })), targets: [], churn: null, attributes: [], previous: null, explainColumns: [],
  },
];

function cell(report: RunReport | null, name: string): CellReport {
  const found = report?.cells.find((c) => c.name === name);
  if (!found) throw new Error(`no cell ${name} in run.json`);
  return found;
}

describe('run.json reports what the browser shows', () => {
  let run: Awaited<ReturnType<typeof runWorkbookCli>>;
  beforeAll(async () => {
    run = await runWorkbookCli(dir, workbook(segmentationCells, [source('points', 'points.csv')]), '--data', `points=${BLOBS}`);
  });

  it('reports each source with its path, rows, columns and types as DuckDB reads the file', async () => {
    expect(run.status, run.stderr).toBe(0);
    const described = await query(`DESCRIBE SELECT * FROM read_csv('${BLOBS}')`);
    expect(run.report!.sources).toEqual([
      {
        name: 'points', file: BLOBS, format: 'csv', rowCount: expected.rows, notes: [], ambiguousDates: [], error: null,
        columns: described.map((d) => ({ name: d.column_name, type: d.column_type })),
      },
    ]);
  });

  it("reports a cluster cell's sizes, shares and inertia: the sizes are the table's, the inertia scikit-learn's", async () => {
    const result = cell(run.report, 'segments').result;
    expect(result).toMatchObject({ kind: 'cluster', k: 3, columns: ['x', 'y'] });
    if (result?.kind !== 'cluster') throw new Error('no cluster result');
    const counted = await query(`SELECT segment, count(*)::INTEGER AS n FROM '${join(run.out, 'segments.parquet')}' GROUP BY segment ORDER BY segment`);
    expect(result.sizes).toEqual(counted.map((r) => r.n));
    expect([...result.sizes].sort((a, b) => b - a)).toEqual(expected.sizes_desc);
    expect(result.shares.map((s) => s * expected.rows)).toEqual(result.sizes.map((n) => expect.closeTo(n, 9)));
    expect(result.inertia).toBeCloseTo(expected.inertia_k3, 9);
    expect(result.iterations).toBeGreaterThanOrEqual(1);
  });

  it("reports a validate cell's silhouette, Davies-Bouldin and Calinski-Harabasz as scikit-learn computes them, and its stability", () => {
    const result = cell(run.report, 'validation').result;
    if (result?.kind !== 'validate') throw new Error('no validate result');
    expect(result.silhouette).toBeCloseTo(expected.silhouette, 9);
    expect(result.daviesBouldin).toBeCloseTo(expected.davies_bouldin, 9);
    expect(result.calinskiHarabasz).toBeCloseTo(expected.calinski_harabasz, 6);
    // Three blobs ten standard deviations apart: every bootstrap refit finds the same partition.
    expect(result.meanAri).toBe(1);
    expect(result.segments.map((s) => s.jaccard)).toEqual([1, 1, 1]);
    expect(result.segments.map((s) => s.meanValue).sort()).toEqual([...expected.mean_spend_by_blob].sort().map((m) => expect.closeTo(m, 9)));
    expect(result).not.toHaveProperty('plot');
  });

  it("reports a profile cell's persona cards, one per segment with its share of rows", async () => {
    const result = cell(run.report, 'profile').result;
    if (result?.kind !== 'profile') throw new Error('no profile result');
    const shares = await query(`SELECT segment::VARCHAR AS segment, count(*) / 60 AS share FROM '${join(run.out, 'segments.parquet')}' GROUP BY 1 ORDER BY 1`);
    expect(result.personas.map((p) => [p.segment, p.share])).toEqual(shares.map((s) => [s.segment, expect.closeTo(Number(s.share), 12)]));
    for (const p of result.personas) {
      expect(p.name).not.toBe('');
      expect(p.description).not.toBe('');
    }
    expect(run.stdout).toContain(`personas: ${result.personas[0].segment} "${result.personas[0].name}"`);
  });

  it('shows the same results in brief on the terminal', () => {
    expect(run.stdout).toMatch(/✓ source points: 60 rows from .*blobs\.csv \(csv\): id BIGINT, x DOUBLE, y DOUBLE, spend DOUBLE/);
    expect(run.stdout).toContain(`inertia ${Number(expected.inertia_k3.toPrecision(6))}`);
    expect(run.stdout).toContain(`silhouette ${Number(expected.silhouette.toPrecision(3))}, Davies-Bouldin ${Number(expected.davies_bouldin.toPrecision(3))}`);
    expect(run.stderr).toContain('segbook: segments: running');
  });

  it('leaves the k sweep out without --sweep', () => {
    expect(cell(run.report, 'segments').sweep).toBeNull();
  });
});

describe('notes in run.json', () => {
  it("reports a source's notes (encoding, date order) and a cell's notes (rows left out)", async () => {
    const path = join(dir, 'holes.csv');
    // Latin-1 bytes, dates that fit both orders, and one row without an x.
    await writeFile(path, Buffer.from('id,name,joined,x,y\n1,Jos\xe9,03/04/2024,1,2\n2,Ana,05/06/2024,,3\n3,Bo,07/08/2024,4,5\n4,Cy,09/10/2024,6,1\n', 'latin1'));
    const r = await runWorkbookCli(dir, workbook([cluster({ k: 2, input: 'holes' })], [source('holes', 'holes.csv')]), '--data', `holes=${path}`);
    expect(r.status, r.stderr).toBe(0);
    const s = r.report!.sources[0];
    expect(s.notes).toContainEqual(expect.stringMatching(/holes\.csv is not UTF-8; it was read as Latin-1/));
    expect(s.notes).toContainEqual(expect.stringMatching(/joined.*day/i));
    expect(s.ambiguousDates).toEqual(['joined']);
    expect(s.columns).toContainEqual({ name: 'joined', type: 'DATE' });
    expect(cell(r.report, 'segments').notes).toContain('1 of 4 rows had a missing value and were dropped.');
    expect(r.stdout).toContain('    1 of 4 rows had a missing value and were dropped.');
    expect(r.stdout).toMatch(/ {4}.*holes\.csv is not UTF-8/);
  });
});

describe('--sweep', () => {
  it("runs every cluster cell's k sweep and writes its metrics and its pick into run.json", async () => {
    const r = await runWorkbookCli(dir, workbook([cluster()], [source('points', 'points.csv')]), '--data', `points=${BLOBS}`, '--sweep');
    expect(r.status, r.stderr).toBe(0);
    const sweep = cell(r.report, 'segments').sweep;
    expect(sweep?.error).toBeNull();
    const s = sweep!.result!;
    expect(s.k).toEqual([2, 3, 4, 5]);
    for (const metric of [s.inertia, s.silhouette, s.daviesBouldin, s.calinskiHarabasz, s.gap]) expect(metric).toHaveLength(4);
    const at3 = s.k.indexOf(3);
    expect(s.inertia[at3]).toBeCloseTo(expected.inertia_k3, 9);
    expect(s.silhouette[at3]).toBeCloseTo(expected.silhouette, 9);
    expect(s.daviesBouldin[at3]).toBeCloseTo(expected.davies_bouldin, 9);
    expect(s.calinskiHarabasz[at3]).toBeCloseTo(expected.calinski_harabasz, 6);
    expect(s.recommended).toBe(3);
    expect(s.best.find((b) => b.metric === 'silhouette')?.k).toBe(3);
    expect(s.reason).not.toBe('');
    expect(r.stdout).toContain(`k sweep 2–5: suggests k = 3. ${s.reason}`);
    expect(r.stderr).toContain('segbook: segments: k sweep from 2 to 5');
  });
});

describe('marketing cells', () => {
  it("reports an rfm cell's summary as plain SQL computes it from the file", async () => {
    const rfm: Cell = {
      id: 'r', kind: 'rfm', name: 'rfm', input: 'retail_transactions', customer: 'customer_id', date: 'invoice_date', amount: 'quantity * unit_price',
      invoice: 'invoice_id', exclude: 'quantity <= 0', referenceDate: '2025-01-01', bins: { kind: 'quintile' },
      segmentMap: DEFAULT_RFM_SEGMENT_MAP.map((m) => ({ ...m, recency: [...m.recency], frequency: [...m.frequency] })),
    };
    const wb = workbook([rfm], [{ ...source('retail_transactions', 'retail-transactions.csv'), origin: 'sample' }]);
    const r = await runWorkbookCli(dir, wb);
    expect(r.status, r.stderr).toBe(0);
    const result = cell(r.report, 'rfm').result;
    if (result?.kind !== 'rfm') throw new Error('no rfm result');
    const [sql] = await query(`
      WITH per AS (
        SELECT customer_id, date_diff('day', max(invoice_date)::DATE, DATE '2025-01-01') AS recency, count(DISTINCT invoice_id) AS frequency, sum(quantity * unit_price) AS monetary
        FROM read_csv('${TRANSACTIONS}') WHERE NOT (quantity <= 0) GROUP BY 1)
      SELECT count(*)::INTEGER AS customers, sum(monetary) AS revenue, avg(recency) AS recency, avg(frequency) AS frequency, median(monetary) AS median FROM per`);
    expect(result.customers).toBe(sql.customers);
    expect(result.revenue).toBeCloseTo(Number(sql.revenue), 6);
    expect(result.meanRecency).toBeCloseTo(Number(sql.recency), 9);
    expect(result.meanFrequency).toBeCloseTo(Number(sql.frequency), 9);
    expect(result.medianMonetary).toBeCloseTo(Number(sql.median), 6);
    expect(result.referenceDate).toBe('2025-01-01');
    expect(result.segments.reduce((a, s) => a + s.customers, 0)).toBe(sql.customers);
  });

  it.runIf(existsSync(CDNOW))("reports a clv cell's fitted BG/NBD and Gamma-Gamma parameters: the published CDNOW figures", async () => {
    const clv: Cell = {
      id: 'v', kind: 'clv', name: 'clv', input: 'cdnow', customer: 'column2', date: 'column3', amount: 'column5', exclude: null,
      calibrationEnd: '1997-09-30', periodDays: 7, horizon: 39, discountRate: 0.1, aliveThreshold: 0.5,
    };
    const r = await runWorkbookCli(dir, workbook([clv], [source('cdnow', 'CDNOW_sample.txt')]), '--data', `cdnow=${CDNOW}`);
    expect(r.status, r.stderr).toBe(0);
    const result = cell(r.report, 'clv').result;
    if (result?.kind !== 'clv') throw new Error('no clv result');
    // Fader, Hardie and Lee (2005): r 0.2426, alpha 4.4135, a 0.7929, b 2.4258; Gamma-Gamma p 6.2488, q 3.7446, gamma 15.4477.
    const sig = (x: number) => Number(x.toPrecision(3));
    const { r: r0, alpha, a, b } = result.bgnbd.params;
    expect([r0, alpha, a, b].map(sig)).toEqual([0.243, 4.41, 0.793, 2.43]);
    const g = result.gammaGamma!.params;
    expect([g.p, g.q, g.gamma].map(sig)).toEqual([6.25, 3.74, 15.4]);
    expect(result.customers).toBe(2357);
    expect(r.stdout).toMatch(/BG\/NBD r 0\.24\d*, alpha 4\.41/);
  });
});
