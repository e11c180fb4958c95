import { required, tableName, type FieldReader, type Raw } from '../fields.ts';

export interface KpiCell {
  id: string;
  kind: 'kpi';
  name: string;
  /** The transactions table. */
  input: string;
  customer: string;
  date: string;
  amount: string;
  /** The table that gives each customer a segment, joined on `segmentKey` = `customer`. */
  segments: string;
  segmentKey: string;
  segmentColumn: string;
  period: 'month' | 'week';
}

export function readKpiCell(c: Raw, id: string, r: FieldReader): KpiCell {
  const name = tableName(c, r);
  const { text } = required(name, r);
  return {
    id, kind: 'kpi', name,
    input: text(c.input, 'input'), customer: text(c.customer, 'customer column'), date: text(c.date, 'date column'),
    amount: text(c.amount, 'amount'), segments: text(c.segments, 'segments table'), segmentKey: text(c.segmentKey, 'segment key'),
    segmentColumn: text(c.segmentColumn, 'segment column'), period: c.period === 'week' ? 'week' : 'month',
  };
}
