import type { Database } from '../db/database.ts';
import { describeTable } from '../db/catalog.ts';
import { quoteIdentifier, quoteLiteral } from '../db/sql-quote.ts';

/** Columns a segmentation adds to its input; an input that already has them gets them replaced. */
const ADDED = ['segment', 'distance', 'fits_segment'];

/**
 * Writes `output` as the input's rows with their segment and distance, joined on rowid from the
 * Arrow result. With `keepAll`, rows without a result stay (segment NULL) and `fits_segment` says
 * which rows fit.
 */
export async function writeSegmentTable(
  db: Database, input: string, output: string, ipc: Uint8Array, keepAll: boolean, signal?: AbortSignal,
): Promise<number> {
  const staging = `__segments_${output}`;
  await db.insertArrowIPC(staging, ipc);
  try {
    const existing = (await describeTable(db, input)).map((c) => c.name).filter((c) => ADDED.includes(c));
    const exclude = existing.length ? ` EXCLUDE (${existing.map(quoteIdentifier).join(', ')})` : '';
    const fits = keepAll ? ', s.segment IS NOT NULL AS fits_segment' : '';
    await db.exec(
      `CREATE OR REPLACE TABLE ${quoteIdentifier(output)} AS SELECT t.*${exclude}, s.segment, s.distance${fits} ` +
        `FROM ${quoteIdentifier(input)} t ${keepAll ? 'LEFT JOIN' : 'JOIN'} ${quoteIdentifier(staging)} s ON t.rowid = s.__rowid::BIGINT ORDER BY t.rowid`,
      { signal },
    );
  } finally {
    await db.exec(`DROP TABLE IF EXISTS ${quoteIdentifier(staging)}`);
  }
  const [{ n }] = await db.query(`SELECT count(*) AS n FROM ${quoteIdentifier(output)}`);
  return Number(n);
}

export type CellValue = string | number | boolean | null;

/** Writes a small table of typed values (centroids, verdicts) with a VALUES list. */
export async function writeValuesTable(db: Database, table: string, columns: Array<{ name: string; type: string }>, rows: CellValue[][]): Promise<void> {
  const literal = (v: CellValue, type: string) => {
    if (v === null || (typeof v === 'number' && !Number.isFinite(v))) return `NULL::${type}`;
    if (typeof v === 'string') return `${quoteLiteral(v)}::${type}`;
    return `${String(v)}::${type}`;
  };
  const values = rows.map((r) => `(${r.map((v, j) => literal(v, columns[j].type)).join(', ')})`).join(',\n');
  const names = columns.map((c) => quoteIdentifier(c.name)).join(', ');
  const body = rows.length
    ? `SELECT * FROM (VALUES ${values}) AS v(${names})`
    : `SELECT ${columns.map((c) => `NULL::${c.type} AS ${quoteIdentifier(c.name)}`).join(', ')} WHERE false`;
  await db.exec(`CREATE OR REPLACE TABLE ${quoteIdentifier(table)} AS ${body}`);
}
