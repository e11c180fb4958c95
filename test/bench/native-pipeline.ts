import { openAsBlob } from 'node:fs';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NodeDatabase } from '../../src/db/node-database.ts';
import { quoteLiteral } from '../../src/db/sql-quote.ts';
import { runCell } from '../../src/engine/run-cell.ts';
import { isTableCell, type Cell } from '../../src/engine/workbook.ts';
import { loadSource } from '../../src/ingest/load-source.ts';
import { nodeParsers } from '../../src/ingest/node-parsers.ts';
import { InlineBackend } from '../../src/ml/backend.ts';
import type { Scale } from './pipeline-workbook.ts';

/** SQL stages on native DuckDB, in milliseconds. */
export interface NativeRun {
  load: number;
  clean: number;
  rfm: number;
  features: number;
  personas: number;
  export: number;
}

const TIMED: Partial<Record<string, keyof NativeRun>> = { clean: 'clean', rfm: 'rfm', features: 'features', personas: 'personas' };

/**
 * The SQL stages of a scale's pipeline on native DuckDB with `threads` threads, through the
 * engine's own code (loadSource, the cells' runners), so the statements are the ones the tab runs.
 * The cluster cell only runs to give the personas a segment column: its work is compared with
 * scikit-learn instead, so here it stops after a few iterations and is not timed.
 */
export async function runNative(scale: Scale, threads: number): Promise<NativeRun> {
  const outDir = await mkdtemp(join(tmpdir(), 'segbook-native-'));
  const db = await NodeDatabase.open({ threads, readablePaths: scale.files.map((f) => f.path), outputDir: outDir });
  const ml = new InlineBackend();
  const signal = new AbortController().signal;
  const workbook = structuredClone(scale.workbook);
  const run: NativeRun = { load: 0, clean: 0, rfm: 0, features: 0, personas: 0, export: 0 };
  try {
    for (const file of scale.files) {
      const t0 = performance.now();
      const loaded = await loadSource(db, nodeParsers, { file: await openAsBlob(file.path), fileName: file.path, path: file.path, table: file.table });
      run.load += performance.now() - t0;
      if (loaded.rowCount !== file.rows) throw new Error(`native DuckDB loaded ${loaded.rowCount} rows of ${file.table}, expected ${file.rows}`);
    }
    for (const cell of workbook.cells) {
      if (!isTableCell(cell) || cell.kind === 'validate') continue;
      const runnable: Cell = cell.kind === 'cluster' ? { ...cell, nInit: 1, maxIter: 5 } : cell;
      if (!isTableCell(runnable)) continue;
      const t0 = performance.now();
      const outcome = await runCell(runnable, { db, ml, workbook, signal, report: () => undefined });
      const stage = TIMED[cell.name];
      if (stage) run[stage] = performance.now() - t0;
      if (cell.name === 'rfm' && outcome.rowCount !== scale.customers) throw new Error(`native RFM found ${outcome.rowCount} customers, expected ${scale.customers}`);
    }
    const parquet = join(outDir, 'segments.parquet');
    const t0 = performance.now();
    await db.exec(`COPY segments TO ${quoteLiteral(parquet)} (FORMAT parquet)`);
    run.export = performance.now() - t0;
    if ((await stat(parquet)).size === 0) throw new Error('native DuckDB wrote an empty Parquet file');
  } finally {
    await db.close();
    await rm(outDir, { recursive: true, force: true });
  }
  return run;
}

/**
 * Writes the raw clustering inputs of a scale (before log1p and scaling) as little-endian
 * float64 rows, for scikit-learn to read; returns the rows and columns written.
 */
export async function writeRawFeatures(scale: Scale, path: string): Promise<{ n: number; d: number }> {
  const db = await NodeDatabase.open({ threads: 2, readablePaths: scale.files.map((f) => f.path) });
  try {
    for (const file of scale.files) {
      await loadSource(db, nodeParsers, { file: await openAsBlob(file.path), fileName: file.path, path: file.path, table: file.table });
    }
    // The raw features are read from the RFM table (and the customers), so only those cells run.
    for (const cell of scale.workbook.cells) {
      if ((cell.kind === 'sql' && cell.name === 'clean') || cell.kind === 'rfm') {
        await runCell(cell, { db, ml: new InlineBackend(), workbook: scale.workbook, signal: new AbortController().signal, report: () => undefined });
      }
    }
    const columns = Object.values(await db.queryColumns(scale.rawFeaturesSql));
    const n = columns[0]?.length ?? 0;
    const d = columns.length;
    const rows = new Float64Array(n * d);
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) rows[i * d + j] = columns[j][i];
    await writeFile(path, new Uint8Array(rows.buffer));
    return { n, d };
  } finally {
    await db.close();
  }
}
