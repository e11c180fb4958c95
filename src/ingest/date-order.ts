import type { Database } from '../db/database.ts';
import { quoteIdentifier, quoteLiteral } from '../db/sql-quote.ts';

/** How to read dates like 03/04/2024: 3 April (day first) or 4 March (month first). */
export type DateOrder = 'day-first' | 'month-first';

/** Dates with the day and month as numbers, such as 3/4/2024, 03.04.24 or 03-04-2024 10:15. */
const NUMERIC_DATE = /\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b/;
const PARTS = String.raw`^\s*(\d{1,2})([/.-])(\d{1,2})[/.-](\d{2,4})(\s+\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?)?\s*$`;

export function hasNumericDates(headText: string): boolean {
  return NUMERIC_DATE.test(headText);
}

export interface DateReading {
  column: string;
  order: DateOrder;
  /** True when every value fits both orders, so the order was a choice rather than a finding. */
  ambiguous: boolean;
  /** A value from the column, to show the user how it was read. */
  example: string;
}

/**
 * Turns a text column of numeric dates into DATE or TIMESTAMP. The order of day and month is
 * taken from the values where one of them is over 12; when none is, `preferred` decides and the
 * reading is reported as ambiguous. Returns null, leaving the column as text, when its values
 * are not all dates in one format. With `fourDigitYears`, years must have four digits.
 */
export async function convertNumericDates(
  db: Database, table: string, column: string, preferred: DateOrder = 'day-first', signal?: AbortSignal, fourDigitYears = false,
): Promise<DateReading | null> {
  const col = quoteIdentifier(column);
  const part = (i: number) => `TRY_CAST(regexp_extract(${col}, ${quoteLiteral(PARTS)}, ${i}) AS INTEGER)`;
  const [stats] = await db.query(
    `SELECT count(${col}) AS n, count(*) FILTER (WHERE regexp_matches(${col}, ${quoteLiteral(PARTS)})) AS dates,
       max(${part(1)}) AS max_first, max(${part(3)}) AS max_second,
       any_value(regexp_extract(${col}, ${quoteLiteral(PARTS)}, 2)) AS sep,
       max(length(regexp_extract(${col}, ${quoteLiteral(PARTS)}, 4))) AS year_digits,
       min(length(regexp_extract(${col}, ${quoteLiteral(PARTS)}, 4))) AS min_year_digits,
       bool_or(regexp_extract(${col}, ${quoteLiteral(PARTS)}, 5) <> '') AS has_time,
       any_value(trim(${col})) AS example
     FROM ${quoteIdentifier(table)}`,
    { signal },
  );
  const n = Number(stats.n);
  if (n === 0 || Number(stats.dates) !== n) return null;
  // Text the sniffer did not take for dates needs a four-digit year, so that 1.2.10 stays a version number.
  if (fourDigitYears && Number(stats.min_year_digits) !== 4) return null;
  const first = Number(stats.max_first);
  const second = Number(stats.max_second);
  if (first > 12 && second > 12) return null;
  const ambiguous = first <= 12 && second <= 12;
  const order: DateOrder = first > 12 ? 'day-first' : second > 12 ? 'month-first' : preferred;
  const sep = String(stats.sep);
  const year = Number(stats.year_digits) <= 2 ? '%y' : '%Y';
  const date = order === 'day-first' ? `%d${sep}%m${sep}${year}` : `%m${sep}%d${sep}${year}`;
  const formats = stats.has_time ? [`${date} %H:%M:%S`, `${date} %H:%M`, `${date} %H:%M:%S.%f`] : [date];
  const parsed = `try_strptime(trim(${col}), [${formats.map(quoteLiteral).join(', ')}])`;
  const converted = stats.has_time ? parsed : `CAST(${parsed} AS DATE)`;
  const [check] = await db.query(
    `SELECT count(*) AS bad FROM ${quoteIdentifier(table)} WHERE ${col} IS NOT NULL AND ${parsed} IS NULL`,
    { signal },
  );
  if (Number(check.bad) > 0) return null;
  await db.exec(
    `CREATE OR REPLACE TABLE ${quoteIdentifier(table)} AS SELECT * REPLACE (${converted} AS ${col}) FROM ${quoteIdentifier(table)}`,
    { signal },
  );
  return { column, order, ambiguous, example: String(stats.example) };
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "03/04/2024 = 3 April 2024": how one value was read, in words. */
export function describeReading(example: string, order: DateOrder): string {
  const m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2,4})/.exec(example);
  if (!m) return example;
  const [day, month] = order === 'day-first' ? [m[1], m[2]] : [m[2], m[1]];
  return `${m[0]} = ${Number(day)} ${MONTHS[Number(month) - 1] ?? '?'} ${m[3]}`;
}

export function orderLabel(order: DateOrder): string {
  return order === 'day-first' ? 'day/month' : 'month/day';
}

/** The note shown when the order of day and month had to be chosen. */
export function ambiguousDateNote(fileName: string, reading: DateReading): string {
  const other: DateOrder = reading.order === 'day-first' ? 'month-first' : 'day-first';
  return (
    `${fileName}: dates in column "${reading.column}" fit both day/month and month/day; they were read as ` +
    `${orderLabel(reading.order)} (${describeReading(reading.example, reading.order)}). ` +
    `If they are ${orderLabel(other)}, choose ${orderLabel(other)} under "Read dates as" on the source card.`
  );
}
