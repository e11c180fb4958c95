import type { Database } from '../db/database.ts';
import { quoteIdentifier, quoteLiteral } from '../db/sql-quote.ts';
import type { ColumnSpec } from '../engine/workbook.ts';

/** A number written with a decimal comma and optional dots between thousands: 12,5 or 1.234,56. */
const DECIMAL_COMMA = String.raw`^\s*[+-]?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?\s*$`;
/** What a comma would look like if it separated thousands (1,234): then the comma is not decimal. */
const THOUSANDS_COMMA = String.raw`^\s*[+-]?\d{1,3}(,\d{3})+\s*$`;
const INTEGER = String.raw`^\s*[+-]?\d+\s*$`;
/** The largest BIGINT, 2^63 - 1; DuckDB's sniffer reads larger integers as DOUBLE and rounds them. */
const BIGINT_MAX = '9223372036854775807';

export function mayHaveDecimalCommas(headText: string): boolean {
  return /\d,\d/.test(headText);
}

/**
 * Text columns whose every value is a number with a decimal comma become DOUBLE. Columns the user
 * gave a type are left alone, so choosing VARCHAR keeps the text.
 */
export async function convertDecimalCommas(
  db: Database, table: string, fileName: string, columns: ColumnSpec[], chosen: Record<string, string>, signal?: AbortSignal,
): Promise<string[]> {
  const text = await decimalCommaCandidates(db, table, columns.filter((c) => c.type === 'VARCHAR' && !chosen[c.name]), signal);
  if (!text.length) return [];
  const checks = text.map((c, i) => {
    const col = quoteIdentifier(c.name);
    return `count(${col}) > 0 AND count(${col}) = count(*) FILTER (WHERE regexp_matches(${col}, ${quoteLiteral(DECIMAL_COMMA)}))
      AND bool_or(contains(${col}, ',')) AND bool_or(contains(${col}, ',') AND NOT regexp_matches(${col}, ${quoteLiteral(THOUSANDS_COMMA)})) AS c${i},
      any_value(${col}) FILTER (WHERE contains(${col}, ',')) AS e${i}`;
  });
  const [found] = await db.query(`SELECT ${checks.join(', ')} FROM ${quoteIdentifier(table)}`, { signal });
  const hits = text.flatMap((c, i) => (found[`c${i}`] === true ? [{ name: c.name, example: String(found[`e${i}`]) }] : []));
  if (!hits.length) return [];
  const replace = hits
    .map(({ name }) => `CAST(replace(replace(trim(${quoteIdentifier(name)}), '.', ''), ',', '.') AS DOUBLE) AS ${quoteIdentifier(name)}`)
    .join(', ');
  await db.exec(`CREATE OR REPLACE TABLE ${quoteIdentifier(table)} AS SELECT * REPLACE (${replace}) FROM ${quoteIdentifier(table)}`, { signal });
  return hits.map(
    ({ name, example }) =>
      `${fileName}: column "${name}" uses a decimal comma (for example "${example.trim()}"); it was read as numbers (DOUBLE). To keep it as text, choose VARCHAR in the schema preview.`,
  );
}

/** Rows of the first look at text columns. */
const HEAD_ROWS = 1000;

/**
 * Text columns that may hold decimal commas: no value among the first rows breaks the pattern,
 * and some value anywhere has a comma. Each look is cheaper than the next (a sample, then
 * contains rather than a regular expression), so the full check runs only where it can succeed.
 */
async function decimalCommaCandidates(db: Database, table: string, text: ColumnSpec[], signal?: AbortSignal): Promise<ColumnSpec[]> {
  const from = quoteIdentifier(table);
  const keep = async (columns: ColumnSpec[], check: (col: string) => string, source: string) => {
    if (!columns.length) return [];
    const [found] = await db.query(`SELECT ${columns.map((c, i) => `${check(quoteIdentifier(c.name))} AS k${i}`).join(', ')} FROM ${source}`, { signal });
    // NULL (every sampled value NULL) keeps the column: only a value that breaks the pattern rules it out.
    return columns.filter((_, i) => found[`k${i}`] !== false);
  };
  const sampled = await keep(text, (col) => `bool_and(${col} IS NULL OR regexp_matches(${col}, ${quoteLiteral(DECIMAL_COMMA)}))`, `(SELECT * FROM ${from} LIMIT ${HEAD_ROWS})`);
  return keep(sampled, (col) => `coalesce(bool_or(contains(${col}, ',')), false)`, from);
}

/** DOUBLE columns holding whole numbers beyond BIGINT's range: integers the sniffer rounded. */
export async function roundedIntegerColumns(db: Database, table: string, columns: ColumnSpec[], signal?: AbortSignal): Promise<string[]> {
  const doubles = columns.filter((c) => c.type === 'DOUBLE');
  if (!doubles.length) return [];
  const checks = doubles.map((c, i) => {
    const col = quoteIdentifier(c.name);
    return `bool_or(isfinite(${col}) AND abs(${col}) >= ${BIGINT_MAX}::DOUBLE AND ${col} = trunc(${col})) AS c${i}`;
  });
  const [found] = await db.query(`SELECT ${checks.join(', ')} FROM ${quoteIdentifier(table)}`, { signal });
  return doubles.filter((_, i) => found[`c${i}`] === true).map((c) => c.name);
}

/**
 * A column re-read as text because it held integers beyond BIGINT: HUGEINT when every value is an
 * integer that fits, text when some do not fit even that, DOUBLE again when it held fractions too.
 */
export async function typeLargeIntegers(db: Database, table: string, fileName: string, column: string, signal?: AbortSignal): Promise<string[]> {
  const col = quoteIdentifier(column);
  const [s] = await db.query(
    `SELECT count(${col}) AS n, count(*) FILTER (WHERE regexp_matches(${col}, ${quoteLiteral(INTEGER)})) AS ints,
       count(TRY_CAST(trim(${col}) AS HUGEINT)) AS fits, max(length(trim(${col}))) AS digits
     FROM ${quoteIdentifier(table)}`,
    { signal },
  );
  const n = Number(s.n);
  let type: string;
  let note: string | null;
  if (Number(s.ints) !== n) {
    type = 'DOUBLE';
    note = null;
  } else if (Number(s.fits) === n) {
    type = 'HUGEINT';
    note = `${fileName}: column "${column}" has integers beyond 2^63 (up to ${s.digits} digits); it was read as HUGEINT so that no digit is lost.`;
  } else {
    type = 'VARCHAR';
    note = `${fileName}: column "${column}" has integers too long for any number type (up to ${s.digits} digits); it was kept as text (VARCHAR) so that no digit is lost.`;
  }
  if (type !== 'VARCHAR') {
    await db.exec(
      `CREATE OR REPLACE TABLE ${quoteIdentifier(table)} AS SELECT * REPLACE (CAST(trim(${col}) AS ${type}) AS ${col}) FROM ${quoteIdentifier(table)}`,
      { signal },
    );
  }
  return note ? [note] : [];
}

/** Notes for columns with no value at all, which the reader could only call text. */
export async function emptyColumnNotes(db: Database, table: string, fileName: string, columns: ColumnSpec[], signal?: AbortSignal): Promise<string[]> {
  if (!columns.length) return [];
  const counts = columns.map((c, i) => `count(${quoteIdentifier(c.name)}) AS c${i}`).join(', ');
  const [row] = await db.query(`SELECT count(*) AS n, ${counts} FROM ${quoteIdentifier(table)}`, { signal });
  if (Number(row.n) === 0) return [];
  const empty = columns.filter((_, i) => Number(row[`c${i}`]) === 0).map((c) => `"${c.name}"`);
  if (!empty.length) return [];
  const what = empty.length === 1 ? `column ${empty[0]} is` : `columns ${empty.join(', ')} are`;
  return [`${fileName}: ${what} empty in every row (all NULL); choose a type in the schema preview if it should be something other than ${columns.find((c) => `"${c.name}"` === empty[0])?.type ?? 'text'}.`];
}
