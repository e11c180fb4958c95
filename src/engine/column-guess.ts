import type { ColumnSpec } from './workbook.ts';

/** What a transactions table's columns most likely mean, guessed from their names and types. */
export interface TransactionColumns {
  customer: string | null;
  date: string | null;
  /** A column, or an expression such as "Quantity" * "UnitPrice" when only quantity and price exist. */
  amount: string | null;
  invoice: string | null;
  /**
   * Rows to leave out: those whose amount is zero or negative. That drops returns, cancellations
   * (their quantities are negative) and free or adjustment lines, the usual cleaning for RFM and CLV.
   */
  exclude: string | null;
}

const NUMERIC = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|DOUBLE|REAL|DECIMAL)/i;
const TEMPORAL = /^(DATE|TIMESTAMP)/i;

/** Suggests the customer, date, amount and invoice columns; the user can change each one. */
export function guessTransactionColumns(columns: readonly ColumnSpec[]): TransactionColumns {
  const find = (pattern: RegExp, type?: RegExp) =>
    columns.find((c) => pattern.test(normalised(c.name)) && (!type || type.test(c.type)))?.name ?? null;
  const customer = find(/^(customer|client|user|member|account|buyer)(id|no|number|key)?$/) ?? find(/(customer|client|user|member|account)(id|no|number|key)/);
  const date = find(/(date|time|timestamp|day|at)$/, TEMPORAL) ?? find(/(invoicedate|orderdate|date|timestamp)/, TEMPORAL) ?? find(/date/);
  const invoice = find(/^(invoice|order|receipt|transaction|basket)(id|no|number|key)?$/);
  const total = find(/^(amount|revenue|sales|total|value|spend|monetary|ordervalue|price|lineamount|linetotal|netamount)$/, NUMERIC);
  const quantity = find(/^(quantity|qty|units|count)$/, NUMERIC);
  const price = find(/^(unitprice|price|itemprice)$/, NUMERIC);
  const amount = total && total !== price ? total : quantity && price ? `${quote(quantity)} * ${quote(price)}` : total;
  return { customer, date, amount, invoice, exclude: amount ? `(${amount}) <= 0` : null };
}

function normalised(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

function quote(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
