import { isObject, num, optionalStr, required, tableName, type FieldReader, type Raw } from '../fields.ts';

/** Which rows a range of scores covers, both ends included, e.g. [4, 5]. */
export type ScoreRange = [number, number];

/** One line of the RFM segment map. The first line whose ranges hold a customer's scores names it. */
export interface RfmSegmentRule {
  segment: string;
  recency: ScoreRange;
  frequency: ScoreRange;
}

export type RfmBins =
  | { kind: 'quintile' }
  /** Ascending inner edges per measure: four edges give scores 1 to 5. */
  | { kind: 'edges'; recency: number[]; frequency: number[]; monetary: number[] };

export interface RfmCell {
  id: string;
  kind: 'rfm';
  name: string;
  /** The transactions table. */
  input: string;
  customer: string;
  date: string;
  /** A column or an SQL expression over the input's columns, e.g. Quantity * UnitPrice. */
  amount: string;
  /** When given, frequency counts distinct invoices; otherwise transactions. */
  invoice: string | null;
  /** An SQL condition; rows where it holds are left out, e.g. cancellations. */
  exclude: string | null;
  /** YYYY-MM-DD; null means the day after the last transaction. */
  referenceDate: string | null;
  bins: RfmBins;
  segmentMap: RfmSegmentRule[];
}

export function readRfmCell(c: Raw, id: string, r: FieldReader): RfmCell {
  const name = tableName(c, r);
  const { where, text } = required(name, r);
  return {
    id, kind: 'rfm', name,
    input: text(c.input, 'input'), customer: text(c.customer, 'customer column'), date: text(c.date, 'date column'),
    amount: text(c.amount, 'amount'), invoice: optionalStr(c.invoice), exclude: optionalStr(c.exclude),
    referenceDate: optionalStr(c.referenceDate), bins: readBins(c.bins, where, r),
    segmentMap: Array.isArray(c.segmentMap) ? c.segmentMap.map((m) => readSegmentRule(m, where, r)) : r.fail(`${where} has no segment map`),
  };
}

function readBins(v: unknown, where: string, r: FieldReader): RfmBins {
  if (!isObject(v) || v.kind === 'quintile') return { kind: 'quintile' };
  const edges = (x: unknown, what: string) => {
    if (!Array.isArray(x) || !x.every((e) => num(e) !== undefined) || x.length < 1 || x.length > 9) return r.fail(`${where} has invalid ${what} bin edges`);
    return x.map(Number);
  };
  return { kind: 'edges', recency: edges(v.recency, 'recency'), frequency: edges(v.frequency, 'frequency'), monetary: edges(v.monetary, 'monetary') };
}

function readSegmentRule(v: unknown, where: string, r: FieldReader): RfmSegmentRule {
  const range = (x: unknown): ScoreRange => {
    if (!Array.isArray(x) || x.length !== 2 || num(x[0]) === undefined || num(x[1]) === undefined) return r.fail(`${where} has a segment map line with an invalid score range`);
    return [Number(x[0]), Number(x[1])];
  };
  if (!isObject(v) || typeof v.segment !== 'string') return r.fail(`${where} has a segment map line without a name`);
  return { segment: v.segment, recency: range(v.recency), frequency: range(v.frequency) };
}
