import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runWorkbook, type CellReport, type RunReport } from '../../src/cli/run-workbook.ts';
import type { ClusterCell, Workbook } from '../../src/engine/workbook.ts';
import { parseWorkbook, serializeWorkbook } from '../../src/engine/workbook-format.ts';
import { EXAMPLES } from '../../src/examples/catalog.ts';
import { SIZES_SQL } from './independent-sql.ts';

/**
 * Every headline figure of the example workbooks, checked against work done without the engine:
 * scikit-learn (example-oracles.json, made by make_example_oracles.py) for clusterings and their
 * metrics, plain SQL written here for segment sizes and persona trait numbers.
 */
const HERE = import.meta.dirname;
const SAMPLES = resolve(HERE, '../../sample-data');
const ORACLES = JSON.parse(readFileSync(join(HERE, 'example-oracles.json'), 'utf8'));

interface Assignment {
  sizes: number[];
  inertia: number;
  segments: Record<string, number>;
}

interface ClusterOracle {
  rows: number;
  columns: string[];
  /** Each row's nearest engine centre on scikit-learn's matrix: the assignment step of k-means. */
  nearest_engine_centre: Assignment & { silhouette: number };
  /** scikit-learn's Lloyd iterations started at the engine's centres, with the cell's tolerance. */
  lloyd_from_engine_centres: Assignment & { iterations: number; centre_shift: number };
  sklearn_own_fit: { sizes_desc: number[]; inertia: number; silhouette: number };
  sweep: { k: number[]; silhouette: number[]; daviesBouldin: number[]; calinskiHarabasz: number[]; inertia: number[]; best: Record<string, number> };
}

/** The cluster cell of each clustering example, the key of its rows, and its validate cell if any. */
const CLUSTERED: Record<string, { cell: string; key: string; validate: string | null }> = {
  psychographic: { cell: 'lifestyles', key: 'customer_id', validate: 'lifestyle_check' },
  'needs-based': { cell: 'needs', key: 'customer_id', validate: null },
  technographic: { cell: 'tech_users', key: 'customer_id', validate: null },
  behavioural: { cell: 'habits', key: 'customer_id', validate: null },
  'kmeans-end-to-end': { cell: 'kmeans_segments', key: 'customer_id', validate: 'kmeans_check' },
};

let dir: string;
let instance: DuckDBInstance;
let db: DuckDBConnection;
const runs = new Map<string, { report: RunReport; saved: Workbook; out: string }>();

async function rows(sql: string): Promise<Record<string, unknown>[]> {
  return (await db.runAndReadAll(sql)).getRowObjectsJS();
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'segbook-example-figures-'));
  instance = await DuckDBInstance.create(':memory:');
  db = await instance.connect();
  const centres: Record<string, unknown> = {};
  for (const example of EXAMPLES) {
    const path = join(dir, `${example.id}.segbook.json`);
    const savePath = join(dir, `${example.id}.fitted.json`);
    await writeFile(path, serializeWorkbook(example.workbook()));
    const out = join(dir, example.id);
    const sweep = example.id in CLUSTERED;
    const report = await runWorkbook({ workbookPath: path, data: {}, outDir: out, format: 'csv', sampleDir: SAMPLES, sweep, savePath });
    const saved = parseWorkbook(await readFile(savePath, 'utf8'), savePath);
    runs.set(example.id, { report, saved, out });
    if (sweep) {
      const cell = clusterCell(saved, CLUSTERED[example.id].cell);
      const { columns } = cell.model!.preparation;
      centres[example.id] = {
        centres: Array.from({ length: cell.model!.k }, (_, c) => Object.fromEntries(columns.map((name, j) => [name, cell.model!.centroids[c * columns.length + j]]))),
      };
    }
  }
  // The oracle starts Lloyd's algorithm from the engine's centres: regenerate both together.
  if (process.env.SEGBOOK_WRITE_ENGINE_CENTRES) await writeFile(join(HERE, 'engine-centres.json'), JSON.stringify(centres, null, 1) + '\n');
}, 600_000);

afterAll(async () => {
  db?.closeSync();
  instance?.closeSync();
  await rm(dir, { recursive: true, force: true });
});

function clusterCell(wb: Workbook, name: string): ClusterCell {
  const cell = wb.cells.find((c): c is ClusterCell => c.kind === 'cluster' && c.name === name);
  if (!cell?.model) throw new Error(`no fitted cluster cell ${name}`);
  return cell;
}

function cellReport(id: string, name: string): CellReport {
  const found = runs.get(id)?.report.cells.find((c) => c.name === name);
  if (!found) throw new Error(`${id}: no cell ${name} in the run`);
  return found;
}

/** Adjusted Rand index of two labellings (Hubert and Arabie), as sklearn.metrics.adjusted_rand_score. */
function adjustedRand(a: number[], b: number[]): number {
  const pairs = (n: number) => (n * (n - 1)) / 2;
  const count = (keys: string[]) => {
    const m = new Map<string, number>();
    for (const k of keys) m.set(k, (m.get(k) ?? 0) + 1);
    return [...m.values()].reduce((s, n) => s + pairs(n), 0);
  };
  const index = count(a.map((x, i) => `${x},${b[i]}`));
  const rowsSum = count(a.map(String));
  const colsSum = count(b.map(String));
  const expected = (rowsSum * colsSum) / pairs(a.length);
  return (index - expected) / ((rowsSum + colsSum) / 2 - expected);
}

function csv(id: string, table: string): string {
  return `read_csv('${join(runs.get(id)!.out, `${table}.csv`)}')`;
}

describe('clustering examples agree with scikit-learn', () => {
  const cases = Object.entries(CLUSTERED);

  it.each(cases)("%s: every customer is in the segment of the nearest engine centre, on data prepared by scikit-learn, and Lloyd's algorithm stays there", async (id, c) => {
    const oracle: ClusterOracle = ORACLES[id];
    const run = runs.get(id)!;
    expect(run.report.ok).toBe(true);
    const result = cellReport(id, c.cell).result;
    if (result?.kind !== 'cluster') throw new Error('no cluster result');
    expect(result.columns.slice().sort()).toEqual(oracle.columns.slice().sort());
    const nearest = oracle.nearest_engine_centre;
    expect(result.sizes).toEqual(nearest.sizes);
    expect(result.inertia / nearest.inertia).toBeCloseTo(1, 6);
    const assigned = await rows(`SELECT ${c.key}::VARCHAR AS key, segment::INTEGER AS segment FROM ${csv(id, c.cell)}`);
    expect(assigned).toHaveLength(oracle.rows);
    expect(assigned.filter((r) => nearest.segments[String(r.key)] !== r.segment)).toEqual([]);
    // Stopped by the tolerance, the centres may still move a hair; the partition may not change.
    const lloyd = oracle.lloyd_from_engine_centres;
    expect(lloyd.centre_shift).toBeLessThan(0.01);
    expect(adjustedRand(assigned.map((r) => Number(r.segment)), assigned.map((r) => lloyd.segments[String(r.key)]))).toBeGreaterThan(0.99);
    // No worse an optimum than scikit-learn's own 10 k-means++ restarts (within 0.5%).
    expect(result.inertia).toBeLessThan(oracle.sklearn_own_fit.inertia * 1.005);
  });

  it.each(cases.filter(([, c]) => c.validate))("%s: the validate cell's silhouette is sklearn.metrics.silhouette_score of the segments", (id, c) => {
    const result = cellReport(id, c.validate!).result;
    if (result?.kind !== 'validate') throw new Error('no validate result');
    expect(result.silhouetteSample).toBeNull();
    expect(result.silhouette).toBeCloseTo(ORACLES[id].nearest_engine_centre.silhouette, 9);
    expect(result.segments.map((s) => s.size)).toEqual(ORACLES[id].nearest_engine_centre.sizes);
  });

  it.each(cases)("%s: the k sweep's silhouettes follow scikit-learn's, and the metrics it says name its k do so in scikit-learn too", (id, c) => {
    const oracle: ClusterOracle = ORACLES[id];
    const sweep = cellReport(id, c.cell).sweep?.result;
    if (!sweep) throw new Error('no sweep');
    expect(sweep.k).toEqual(oracle.sweep.k);
    // k-means++ seeds differ, so each k may land in another local optimum: close, not equal.
    sweep.silhouette.forEach((s, i) => expect(Math.abs(s - oracle.sweep.silhouette[i]), `silhouette at k = ${sweep.k[i]}`).toBeLessThan(0.04));
    expect(sweep.k).toContain(sweep.recommended);
    const at = oracle.sweep.k.indexOf(sweep.recommended);
    const near = { silhouette: 0.01, daviesBouldin: 0.02, calinskiHarabasz: 0.02 } as const;
    for (const best of sweep.best) {
      if (best.k !== sweep.recommended || !(best.metric in near)) continue;
      const metric = best.metric as keyof typeof near;
      const values = oracle.sweep[metric];
      const top = metric === 'daviesBouldin' ? Math.min(...values) : Math.max(...values);
      // The named k is scikit-learn's best for that metric, or within a hair of it.
      expect(Math.abs(values[at] - top) / Math.abs(top), `${metric} at k = ${sweep.recommended}`).toBeLessThan(near[metric]);
    }
  });
});

describe('the a priori example', () => {
  it("reports the silhouette of its planned segments as scikit-learn computes it", () => {
    const result = cellReport('a-priori', 'planned_check').result;
    if (result?.kind !== 'validate') throw new Error('no validate result');
    expect(result.silhouette).toBeCloseTo(ORACLES['a-priori'].silhouette, 9);
    expect(result.daviesBouldin).toBeCloseTo(ORACLES['a-priori'].davies_bouldin, 9);
  });
});

describe('rule-based examples', () => {
  it.each(Object.entries(SIZES_SQL))("%s: each persona's size is what plain SQL over the sample files counts", async (id, sizes) => {
    const profile = runs.get(id)!.report.cells.find((c) => c.kind === 'profile')!.result;
    if (profile?.kind !== 'profile') throw new Error('no profile result');
    const counted = await rows(sizes(SAMPLES));
    expect(Object.fromEntries(profile.personas.map((p) => [p.segment, p.size]))).toEqual(Object.fromEntries(counted.map((r) => [r.segment, Number(r.n)])));
  });
});

describe("every persona trait's number", () => {
  const profiles = EXAMPLES.flatMap((e) => e.workbook().cells.filter((c) => c.kind === 'profile').map((c) => [e.id, c.name] as const));

  it.each(profiles)("%s %s: each trait's segment and overall figures, and its strength, are plain SQL's over the profiled table", async (id, name) => {
    const cell = runs.get(id)!.saved.cells.find((c) => c.kind === 'profile' && c.name === name);
    if (cell?.kind !== 'profile') throw new Error('no profile cell');
    const result = cellReport(id, name).result;
    if (result?.kind !== 'profile') throw new Error('no profile result');
    // One copy of the profiled table (the cell's input as the run wrote it), read once.
    const table = `"profiled_${id.replaceAll('-', '_')}_${name}"`;
    await db.run(`CREATE OR REPLACE TABLE ${table} AS SELECT * FROM ${csv(id, cell.input)}`);
    const seg = `CAST("${cell.segmentColumn}" AS VARCHAR)`;
    const [{ total }] = await rows(`SELECT count(*)::INTEGER AS total FROM ${table} WHERE "${cell.segmentColumn}" IS NOT NULL`);
    for (const persona of result.personas) {
      const label = persona.segment.replaceAll("'", "''");
      const [{ n }] = await rows(`SELECT count(*)::INTEGER AS n FROM ${table} WHERE ${seg} = '${label}'`);
      expect(persona.size, `${persona.segment} size`).toBe(n);
      expect(persona.share).toBeCloseTo(Number(n) / Number(total), 12);
      expect(persona.traits.length).toBeGreaterThan(0);
      for (const trait of persona.traits) {
        const where = `${persona.segment} ${trait.column}`;
        const col = `"${trait.column}"`;
        if (cell.numeric.includes(trait.column)) {
          // Cohen's d against everyone else, with the pooled sample standard deviation.
          const [f] = await rows(`
            WITH t AS (SELECT ${seg} = '${label}' AS inside, ${col}::DOUBLE AS v FROM ${table} WHERE ${col} IS NOT NULL AND "${cell.segmentColumn}" IS NOT NULL),
            g AS (SELECT inside, count(*) AS n, avg(v) AS m, coalesce(var_samp(v), 0) * (count(*) - 1) AS ss FROM t GROUP BY inside)
            SELECT (SELECT avg(v) FROM t WHERE inside) AS value, (SELECT avg(v) FROM t) AS overall,
                   (i.m - o.m) / sqrt((i.ss + o.ss) / (i.n + o.n - 2)) AS d
            FROM g i, g o WHERE i.inside AND NOT o.inside`);
          expect(trait.value, `${where} mean`).toBeCloseTo(Number(f.value), 6);
          expect(trait.overall, `${where} overall mean`).toBeCloseTo(Number(f.overall), 6);
          expect(trait.strength, `${where} strength`).toBeCloseTo(Math.abs(Number(f.d)), 6);
        } else {
          expect(cell.categorical, where).toContain(trait.column);
          // The trait names one value of the column: its share here and everywhere are plain SQL's for some value.
          const shares = await rows(`
            SELECT coalesce(${col}::VARCHAR, '(missing)') AS v, count(*) FILTER (WHERE ${seg} = '${label}') / ${n} AS share, count(*) / ${total} AS pop
            FROM ${table} WHERE "${cell.segmentColumn}" IS NOT NULL GROUP BY 1`);
          const match = shares.filter((s) => Math.abs(Number(s.share) - trait.value) < 1e-9 && Math.abs(Number(s.pop) - trait.overall) < 1e-9);
          expect(match, `${where}: share ${trait.value} of ${trait.overall}`).toHaveLength(1);
          const p = trait.overall;
          expect(trait.strength).toBeCloseTo((trait.value - p) / Math.sqrt(p * (1 - p)), 9);
        }
      }
    }
  }, 60_000);
});
