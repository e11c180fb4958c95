/**
 * Numbers as a person reads them, the one place that decides how Segbook writes a number on a
 * card, in a grid, a KPI, a profile table or a report: thousands grouped, decimals by magnitude,
 * shares as percentages. The locale is a parameter so tests pin it; the app writes English.
 */
export const LOCALE = 'en';

const cache = new Map<string, Intl.NumberFormat>();

function formatter(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let f = cache.get(key);
  if (!f) cache.set(key, (f = new Intl.NumberFormat(locale, options)));
  return f;
}

/**
 * Decimals by magnitude: 1,234,567; 4,120; 105.3; 38.5; 2.96; 0.42; 0.0012. A whole number keeps no
 * decimals; below 1, two significant digits say as much as a person reads.
 */
export function formatNumber(x: number, locale = LOCALE): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? '–' : x > 0 ? '∞' : '−∞';
  const abs = Math.abs(x);
  if (Number.isInteger(x) || abs >= 1000) return formatter(locale, { maximumFractionDigits: 0 }).format(x);
  if (abs >= 10) return formatter(locale, { maximumFractionDigits: 1 }).format(x);
  if (abs >= 1) return formatter(locale, { maximumFractionDigits: 2 }).format(x);
  return formatter(locale, { maximumSignificantDigits: 2 }).format(x);
}

/** A whole count with its thousands grouped: 1,234,567. */
export function formatCount(n: number | bigint, locale = LOCALE): string {
  return formatter(locale, { maximumFractionDigits: 0 }).format(n);
}

/** "1 customer", "1,204 customers": the noun agrees with the count. */
export function countOf(n: number, singular: string, plural = `${singular}s`, locale = LOCALE): string {
  return `${formatCount(n, locale)} ${n === 1 ? singular : plural}`;
}

/**
 * A share (0.5285) as a percentage ("52.9%"): one decimal at most, and two significant digits
 * below 0.1% so a small segment does not read as 0%.
 */
export function formatPercent(share: number, locale = LOCALE): string {
  if (!Number.isFinite(share)) return '–';
  const abs = Math.abs(share * 100);
  const options: Intl.NumberFormatOptions = abs > 0 && abs < 0.1 ? { style: 'percent', maximumSignificantDigits: 2 } : { style: 'percent', maximumFractionDigits: 1 };
  return formatter(locale, options).format(share);
}

/** A change as a signed percentage: "+11%", "−5.3%" (a true minus sign, as in print). */
export function formatChange(share: number, locale = LOCALE): string {
  return `${share >= 0 ? '+' : '−'}${formatPercent(Math.abs(share), locale)}`;
}

/**
 * "3.2x". Close to 1 or far below it, one decimal would say "1.0x" for 0.96 or "0.0x" for 0.012,
 * so those get two digits.
 */
export function formatRatio(r: number, locale = LOCALE): string {
  const twoDigits = Math.abs(r - 1) < 0.1 || r < 0.1;
  const options = r < 0.1 ? { maximumSignificantDigits: 2 } : { maximumFractionDigits: twoDigits ? 2 : 1, minimumFractionDigits: twoDigits ? 2 : 1 };
  return `${formatter(locale, options).format(r)}x`;
}

/** Column names that hold identifiers or codes, whose digits are not grouped: 10234, not 10,234. */
const CODE_COLUMN = /(^|[^a-z])(id|key|code|zip|postcode|postal|year|phone|sku)$|Id$|ID$/i;

/**
 * A value in a result grid: numbers as formatNumber says, except identifiers and codes (by column
 * name), which keep their digits as they are.
 */
export function formatCell(value: string | number | boolean | bigint | null, column = '', locale = LOCALE): string {
  if (value === null) return 'NULL';
  if (typeof value === 'number' || typeof value === 'bigint') {
    if (CODE_COLUMN.test(column) && (typeof value === 'bigint' || Number.isInteger(value))) return String(value);
    return typeof value === 'bigint' ? formatCount(value, locale) : gridNumber(value, locale);
  }
  return String(value);
}

/**
 * A number in a table of data: thousands grouped, but its decimals kept (up to 4, or 4 significant
 * digits below 1), since a grid shows the data itself and 1,241.81 must not read as 1,242.
 */
function gridNumber(x: number, locale: string): string {
  if (!Number.isFinite(x) || Number.isInteger(x)) return formatNumber(x, locale);
  return Math.abs(x) >= 1
    ? formatter(locale, { maximumFractionDigits: 4 }).format(x)
    : formatter(locale, { maximumSignificantDigits: 4 }).format(x);
}
