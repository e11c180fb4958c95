// The runner row's peer, in a process of its own so that its peak memory is its own: native DuckDB
// with the runner's settings runs the statements that make the runner's tables (load the CSV, the
// RFM table, every row scored with the model the runner fitted, both written as Parquet) and
// nothing else. Prints one JSON line: milliseconds per step and the peak resident memory in MB.
// Usage: tsx test/bench/runner-native.ts TRANSACTIONS.csv SAVED-WORKBOOK.json REFERENCE-DATE OUT-DIR
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { quoteLiteral } from '../../src/db/sql-quote.ts';
import { rfmTableSql } from '../../src/engine/cells/rfm/rfm-sql.ts';
import { buildScoreSql } from '../../src/engine/cells/score/score-sql.ts';
import { parseWorkbook } from '../../src/engine/workbook-format.ts';

const [csv, savedPath, referenceDate, outDir] = process.argv.slice(2);
const wb = parseWorkbook(readFileSync(savedPath, 'utf8'), savedPath);
const rfm = wb.cells.find((c) => c.kind === 'rfm');
const cluster = wb.cells.find((c) => c.kind === 'cluster');
if (!rfm || !cluster?.model) throw new Error(`${savedPath} needs an RFM cell and a fitted cluster cell`);

const instance = await DuckDBInstance.create(':memory:', { threads: '2', memory_limit: '8GB', temp_directory: join(outDir, 'spill') });
const conn = await instance.connect();
const times: Record<string, number> = {};
async function step(name: string, sql: string): Promise<void> {
  const t0 = performance.now();
  await conn.run(sql);
  times[name] = performance.now() - t0;
}
await step('load', `CREATE TABLE transactions AS SELECT * FROM read_csv(${quoteLiteral(csv)})`);
await step('rfm', rfmTableSql(rfm.name, rfm, referenceDate, rfm.bins, rfm.segmentMap));
// As the runner's sampled cluster cell does: every row's nearest centre, no distance cut-off.
const nearest = buildScoreSql(rfm.name, { ...cluster.model, distanceP99: Number.MAX_VALUE }, 'duckdb');
await step('score', `CREATE TABLE ${cluster.name} AS SELECT * EXCLUDE (fits_segment) FROM (${nearest}) WHERE segment IS NOT NULL`);
await step('export', `COPY ${rfm.name} TO ${quoteLiteral(join(outDir, 'rfm.parquet'))} (FORMAT parquet)`);
const t0 = performance.now();
await conn.run(`COPY ${cluster.name} TO ${quoteLiteral(join(outDir, 'segments.parquet'))} (FORMAT parquet)`);
times.export += performance.now() - t0;
const rows = Number((await conn.runAndReadAll(`SELECT count(*) FROM ${cluster.name}`)).getRows()[0][0]);
conn.closeSync();
instance.closeSync();
const hwm = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
console.log(JSON.stringify({ ...times, rows, peakMb: hwm ? Number(hwm[1]) / 1024 : null }));
