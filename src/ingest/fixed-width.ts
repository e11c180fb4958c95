import type { Database } from '../db/database.ts';
import { quoteIdentifier, quoteLiteral } from '../db/sql-quote.ts';
import { decodeHead } from './csv-checks.ts';
import { HEAD_BYTES, type FileKind } from './detect.ts';
import { LoadError } from './load-error.ts';
import type { LoadRequest } from './load-request.ts';

/** Where a fixed-width file's columns sit, found from its first lines. */
export interface FixedWidthLayout {
  /** Start (inclusive) and end (exclusive) character positions of each column's text in the sample. */
  columns: Array<[number, number]>;
  /** Column names from a header line, or null when the first line is data. */
  header: string[] | null;
}

/** Separators that make a file a delimited one; a fixed-width file uses only spaces. */
const DELIMITED = /[,\t;|]/;
/** Whole numbers; numbers with a point; 8-digit dates (YYYYMMDD) with a plausible year. */
const YYYYMMDD = '^(1[89]|2[01])[0-9]{2}(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])$';

/**
 * Recognises space-padded, aligned text: no delimiters, and every sample line blank at the same
 * positions between at least two columns. Returns null for anything else, which is read as CSV.
 */
export function detectFixedWidth(text: string, complete: boolean): FixedWidthLayout | null {
  const all = text.split(/\r?\n/);
  // The head was cut at a byte count, so its last line may be partial.
  if (!complete) all.pop();
  const lines = all.map((l) => l.replace(/\r$/, '')).filter((l) => l.trim() !== '');
  if (lines.length < 2 || lines.some((l) => DELIMITED.test(l))) return null;
  const columns = occupiedRuns(lines);
  if (columns.length < 2) return null;
  const tokens = lines.map((l) => l.trim().split(/\s+/));
  const looksLikeHeader = (t: string[]) => t.every((v) => /[a-z_]/i.test(v) && !/^[-+]?[0-9.]+$/.test(v));
  const header = looksLikeHeader(tokens[0]) && !looksLikeHeader(tokens[1]) ? tokens[0] : null;
  if (header) {
    const dataColumns = occupiedRuns(lines.slice(1));
    if (header.length !== dataColumns.length) return null;
    return { columns: dataColumns, header };
  }
  return { columns, header: null };
}

/** Runs of character positions where at least one line has a non-space character. */
function occupiedRuns(lines: string[]): Array<[number, number]> {
  const width = Math.max(...lines.map((l) => l.length));
  const occupied = new Uint8Array(width);
  for (const line of lines) for (let i = 0; i < line.length; i++) if (line[i] !== ' ') occupied[i] = 1;
  const runs: Array<[number, number]> = [];
  for (let i = 0; i < width; i++) {
    if (!occupied[i]) continue;
    const start = i;
    while (i < width && occupied[i]) i++;
    runs.push([start, i]);
  }
  return runs;
}

/** The layout of a request's file when it is fixed-width text, from its decoded first bytes. */
export function fixedWidthLayout(req: LoadRequest, kind: FileKind, head: Uint8Array): FixedWidthLayout | null {
  // DuckDB cannot read big-endian UTF-16; the CSV path converts those files.
  if (kind.encoding === 'utf-16be') return null;
  const complete = kind.gzip ? head.length < HEAD_BYTES : req.file.size <= head.length;
  return detectFixedWidth(decodeHead(head, kind.encoding), complete);
}

/**
 * Reads fixed-width text into `staging`. DuckDB reads the file line by line (CRLF or LF); each
 * line is split on runs of spaces when every line has the same number of fields, and at the
 * sampled column positions when some fields are blank. Columns are typed from all their values.
 */
export async function loadFixedWidth(db: Database, req: LoadRequest, kind: FileKind, layout: FixedWidthLayout, staging: string): Promise<string[]> {
  const { fileName, table, signal } = req;
  const upload = { name: `${table}.txt${kind.gzip ? '.gz' : ''}`, blob: req.file, path: req.path };
  const path = await db.registerUpload(upload);
  const lines = `__fixed_width_${table}`;
  const encoding = kind.encoding === 'utf-8' ? '' : `, encoding=${quoteLiteral(kind.encoding)}`;
  const n = layout.columns.length;
  try {
    // A unit-separator delimiter never occurs in text that passed the binary check, so each line is one field.
    await db.exec(
      `CREATE OR REPLACE TABLE ${quoteIdentifier(lines)} AS SELECT row_number() OVER () AS line_no, rtrim(line, chr(13)) AS line ` +
        `FROM read_csv(${quoteLiteral(path)}, columns={'line': 'VARCHAR'}, header=false, delim=chr(31), quote='', escape='', auto_detect=false${encoding})`,
      { signal, onProgress: req.onProgress, progressFile: { path, size: upload.blob.size } },
    );
    const data = `line IS NOT NULL AND trim(line) <> ''${layout.header ? ' AND line_no > (SELECT min(line_no) FROM ' + quoteIdentifier(lines) + " WHERE trim(line) <> '')" : ''}`;
    const [{ ragged, example }] = await db.query(
      `SELECT count(*) AS ragged, min(line_no) AS example FROM ${quoteIdentifier(lines)} WHERE ${data} AND len(string_split_regex(trim(line), '\\s+')) <> ${n}`,
      { signal },
    );
    const byTokens = Number(ragged) === 0;
    if (!byTokens) await checkSlices(db, lines, data, layout, fileName, Number(example));
    const field = (i: number) => byTokens
      ? `string_split_regex(trim(line), '\\s+')[${i + 1}]`
      : `nullif(trim(substr(line, ${boundary(layout, i) + 1}, ${i === n - 1 ? 1_000_000 : boundary(layout, i + 1) - boundary(layout, i)})), '')`;
    const names = columnNames(layout);
    const raw = `__fixed_width_fields_${table}`;
    await db.exec(
      `CREATE OR REPLACE TABLE ${quoteIdentifier(raw)} AS SELECT ${names.map((c, i) => `${field(i)} AS ${quoteIdentifier(c)}`).join(', ')} ` +
        `FROM ${quoteIdentifier(lines)} WHERE ${data} ORDER BY line_no`,
      { signal },
    );
    try {
      const types = await columnTypes(db, raw, names);
      const cast = names.map((c, i) => {
        const q = quoteIdentifier(c);
        return `${types[i] === 'DATE' ? `strptime(${q}, '%Y%m%d')::DATE` : types[i] === 'VARCHAR' ? q : `CAST(${q} AS ${types[i]})`} AS ${q}`;
      });
      await db.exec(`CREATE OR REPLACE TABLE ${quoteIdentifier(staging)} AS SELECT ${cast.join(', ')} FROM ${quoteIdentifier(raw)}`, { signal });
      const dates = names.filter((_, i) => types[i] === 'DATE');
      return [
        `${fileName} was read as fixed-width text: ${n} columns ${byTokens ? 'separated by spaces' : 'at fixed positions'}` +
          `${layout.header ? ', names from its first line' : `, no header row, so they are named ${names[0]} to ${names[n - 1]}`}` +
          `${dates.length ? `; ${dates.join(', ')} read as dates (YYYYMMDD)` : ''}.`,
      ];
    } finally {
      await db.exec(`DROP TABLE IF EXISTS ${quoteIdentifier(raw)}`);
    }
  } finally {
    await db.exec(`DROP TABLE IF EXISTS ${quoteIdentifier(lines)}`);
  }
}

function columnNames(layout: FixedWidthLayout): string[] {
  const seen = new Set<string>();
  return layout.columns.map((_, i) => {
    const fromHeader = layout.header?.[i];
    const name = fromHeader && !seen.has(fromHeader.toLowerCase()) ? fromHeader : `column${i + 1}`;
    seen.add(name.toLowerCase());
    return name;
  });
}

/** Where column i's slice starts: the middle of the blank gap before it, so values may grow either way. */
function boundary(layout: FixedWidthLayout, i: number): number {
  if (i === 0) return 0;
  return Math.floor((layout.columns[i - 1][1] + layout.columns[i][0]) / 2);
}

async function checkSlices(db: Database, lines: string, data: string, layout: FixedWidthLayout, fileName: string, example: number): Promise<void> {
  // A slice boundary between two non-space characters would cut a value in two.
  const cuts = layout.columns.slice(1).map((_, j) => {
    const b = boundary(layout, j + 1);
    return `(substr(line, ${b}, 1) NOT IN (' ', '') AND substr(line, ${b + 1}, 1) NOT IN (' ', ''))`;
  });
  const [{ bad }] = await db.query(`SELECT min(line_no) AS bad FROM ${quoteIdentifier(lines)} WHERE ${data} AND (${cuts.join(' OR ')})`);
  if (bad !== null) {
    throw new LoadError(
      `${fileName} looks like fixed-width text, but line ${Number(bad)} has a value across a column edge (line ${example} also has a different number of fields). ` +
        `Align its columns with spaces, or save it as CSV, and load it again.`,
    );
  }
}

/**
 * Each column's type from every value: DATE for YYYYMMDD, BIGINT for whole numbers, DOUBLE, else VARCHAR.
 * Whole numbers are matched by pattern, because DuckDB's cast to BIGINT rounds "9.50" to 10. Digits
 * with a leading zero in any value (ids like 00004) stay text, as DuckDB's CSV sniffer keeps them.
 */
async function columnTypes(db: Database, table: string, names: string[]): Promise<string[]> {
  const checks = names.map((c, i) => {
    const q = quoteIdentifier(c);
    return `count(${q}) AS n${i}, count(*) FILTER (WHERE regexp_matches(${q}, ${quoteLiteral(YYYYMMDD)}) AND try_strptime(${q}, '%Y%m%d') IS NOT NULL) AS d${i}, ` +
      `count(*) FILTER (WHERE regexp_matches(${q}, '^[-+]?[0-9]{1,18}$')) AS i${i}, count(TRY_CAST(${q} AS DOUBLE)) AS f${i}, ` +
      `count(*) FILTER (WHERE regexp_matches(${q}, '^[-+]?0[0-9]+$')) AS z${i}`;
  });
  const [counts] = await db.query(`SELECT ${checks.join(', ')} FROM ${quoteIdentifier(table)}`);
  return names.map((_, i) => {
    const total = Number(counts[`n${i}`]);
    if (total === 0) return 'VARCHAR';
    if (Number(counts[`d${i}`]) === total) return 'DATE';
    if (Number(counts[`z${i}`]) > 0 && Number(counts[`i${i}`]) === total) return 'VARCHAR';
    if (Number(counts[`i${i}`]) === total) return 'BIGINT';
    if (Number(counts[`f${i}`]) === total) return 'DOUBLE';
    return 'VARCHAR';
  });
}
