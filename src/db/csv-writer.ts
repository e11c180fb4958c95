import { DataType, TimeUnit, makeVector, type Data, type Table } from 'apache-arrow';

const DAY_MS = 86_400_000;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Writes an Arrow table as RFC 4180 CSV in UTF-8: a header row, CRLF line ends, and fields with a
 * comma, quote or line break quoted with doubled quotes. NULL is an empty field and the empty
 * string a quoted empty field (""), so a reader that keeps quoted empties apart can tell them apart.
 * Numbers, dates and timestamps are written exactly: 64-bit integers from their bigint values and
 * timestamps from their raw ticks, never through a rounded JavaScript Date.
 *
 * Text that a spreadsheet would run as a formula (see textField) is written as text. `numericText`
 * names text columns that hold numbers (decimals travel as their exact text): they stay numbers.
 */
export function writeCsv(table: Table, numericText: ReadonlySet<string> = new Set()): Uint8Array {
  const fields = table.schema.fields;
  const parts: Uint8Array[] = [encoder.encode(fields.map((f) => textField(f.name)).join(',') + '\r\n')];
  for (const batch of table.batches) {
    const format = fields.map((f, j) => formatterFor(batch.data.children[j], numericText.has(f.name) ? quoteText : textField));
    let text = '';
    for (let i = 0; i < batch.numRows; i++) {
      for (let j = 0; j < format.length; j++) text += (j ? ',' : '') + format[j](i);
      text += '\r\n';
      // Flushing now and then keeps each string short for big tables.
      if (text.length > 1 << 20) {
        parts.push(encoder.encode(text));
        text = '';
      }
    }
    if (text) parts.push(encoder.encode(text));
  }
  return concat(parts);
}

export function quoteText(s: string): string {
  return s === '' || /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

// Excel, LibreOffice and Google Sheets run a field that starts with one of these as a formula
// (OWASP, "CSV Injection"): =HYPERLINK(...) in a shared workbook's data could send data away.
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A text field as a spreadsheet will read it: one that would start a formula gets a leading
 * single quote, which spreadsheets show as text, and is quoted, as OWASP advises.
 */
export function textField(s: string): string {
  return FORMULA_START.test(s) ? `"'${s.replaceAll('"', '""')}"` : quoteText(s);
}

function formatterFor(data: Data, text: (s: string) => string): (i: number) => string {
  const type = data.type;
  const present = (format: (i: number) => string) => (i: number) => (data.getValid(i) ? format(i) : '');
  if (DataType.isInt(type) || DataType.isFloat(type)) {
    const values: ArrayLike<number | bigint> = data.values;
    return present((i) => formatNumber(values[i]));
  }
  if (DataType.isDate(type)) {
    const values: ArrayLike<number | bigint> = data.values;
    const perDay = type.unit === 0 ? 1 : DAY_MS;
    return present((i) => formatDay(Math.floor(Number(values[i]) / perDay)));
  }
  if (DataType.isTimestamp(type)) {
    const values: ArrayLike<number | bigint> = data.values;
    const zone = type.timezone ? '+00' : '';
    return present((i) => formatTicks(BigInt(values[i]), type.unit) + zone);
  }
  if (DataType.isUtf8(type) || DataType.isLargeUtf8(type)) {
    // Straight from the UTF-8 bytes: Arrow's own getter is several times slower per value.
    const bytes: Uint8Array = data.values;
    const offsets: ArrayLike<number | bigint> = data.valueOffsets;
    return present((i) => text(decoder.decode(bytes.subarray(Number(offsets[i]), Number(offsets[i + 1])))));
  }
  const vector = makeVector(data);
  if (DataType.isBool(type)) return present((i) => String(vector.get(i)));
  return present((i) => text(String(vector.get(i))));
}

function formatNumber(v: number | bigint): string {
  if (typeof v === 'bigint') return v.toString();
  return Object.is(v, -0) ? '-0' : String(v);
}

const TICKS_PER_SECOND: Record<TimeUnit, bigint> = {
  [TimeUnit.SECOND]: 1n, [TimeUnit.MILLISECOND]: 1_000n, [TimeUnit.MICROSECOND]: 1_000_000n, [TimeUnit.NANOSECOND]: 1_000_000_000n,
};

/** "YYYY-MM-DD hh:mm:ss[.fraction]" in UTC from ticks since the epoch. */
function formatTicks(ticks: bigint, unit: TimeUnit): string {
  const perSecond = TICKS_PER_SECOND[unit];
  // Exact in doubles for any date a person means (µs within ±285 years of 1970); bigint math is slow.
  if (ticks >= -SAFE && ticks <= SAFE) return formatSmallTicks(Number(ticks), Number(perSecond));
  const perDay = perSecond * 86_400n;
  let days = ticks / perDay;
  let rest = ticks % perDay;
  if (rest < 0n) {
    rest += perDay;
    days -= 1n;
  }
  const seconds = Number(rest / perSecond);
  const fraction = rest % perSecond;
  const hms = [Math.floor(seconds / 3600), Math.floor(seconds / 60) % 60, seconds % 60].map((n) => String(n).padStart(2, '0')).join(':');
  const digits = String(perSecond).length - 1;
  const frac = fraction ? '.' + String(fraction).padStart(digits, '0').replace(/0+$/, '') : '';
  return `${formatDay(Number(days))} ${hms}${frac}`;
}

const SAFE = BigInt(Number.MAX_SAFE_INTEGER);

function formatSmallTicks(ticks: number, perSecond: number): string {
  const perDay = perSecond * 86_400;
  const days = Math.floor(ticks / perDay);
  const rest = ticks - days * perDay;
  const seconds = Math.floor(rest / perSecond);
  const fraction = rest - seconds * perSecond;
  const hms = `${pad2(Math.floor(seconds / 3600))}:${pad2(Math.floor(seconds / 60) % 60)}:${pad2(seconds % 60)}`;
  const frac = fraction ? '.' + String(fraction).padStart(String(perSecond).length - 1, '0').replace(/0+$/, '') : '';
  return `${formatDay(days)} ${hms}${frac}`;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** "YYYY-MM-DD" from days since 1970-01-01; years before 1 are written as DuckDB does, "(BC)". */
function formatDay(days: number): string {
  let text = dayCache.get(days);
  if (text === undefined) {
    text = dayText(days);
    // Tables repeat the same few thousand days; the cache is dropped before it grows large.
    if (dayCache.size > 100_000) dayCache.clear();
    dayCache.set(days, text);
  }
  return text;
}

const dayCache = new Map<number, string>();

function dayText(days: number): string {
  const date = new Date(days * DAY_MS);
  const year = date.getUTCFullYear();
  const md = `-${String(date.getUTCMonth() + 1).padStart(2, '0')}-${String(date.getUTCDate()).padStart(2, '0')}`;
  return year > 0 ? String(year).padStart(4, '0') + md : String(1 - year).padStart(4, '0') + md + ' (BC)';
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
