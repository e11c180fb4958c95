import { optionalStr, required, tableName, type FieldReader, type Raw } from '../fields.ts';

export interface ClvCell {
  id: string;
  kind: 'clv';
  name: string;
  input: string;
  customer: string;
  date: string;
  amount: string;
  exclude: string | null;
  /** YYYY-MM-DD, the last day of the calibration period; null means the last day in the data. */
  calibrationEnd: string | null;
  /** Length of one period in days: 7 counts in weeks. */
  periodDays: number;
  /** How many periods ahead to predict purchases and value. */
  horizon: number;
  /** Yearly discount rate for CLV, e.g. 0.1. */
  discountRate: number;
  /** Customers whose P(alive) is below this are flagged as a churn risk. */
  aliveThreshold: number;
}

export function readClvCell(c: Raw, id: string, r: FieldReader): ClvCell {
  const name = tableName(c, r);
  const { text, number } = required(name, r);
  return {
    id, kind: 'clv', name,
    input: text(c.input, 'input'), customer: text(c.customer, 'customer column'), date: text(c.date, 'date column'),
    amount: text(c.amount, 'amount'), exclude: optionalStr(c.exclude), calibrationEnd: optionalStr(c.calibrationEnd),
    periodDays: number(c.periodDays, 'period length'), horizon: number(c.horizon, 'horizon'),
    discountRate: number(c.discountRate, 'discount rate'), aliveThreshold: number(c.aliveThreshold, 'P(alive) threshold'),
  };
}
