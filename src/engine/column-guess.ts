import type { ColumnSpec } from './column-types.ts';
import { isNumericType } from '../db/column-types.ts';

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

const TEMPORAL = /^(DATE|TIMESTAMP)/i;
const isTemporal = (type: string) => TEMPORAL.test(type);

/** Suggests the customer, date, amount and invoice columns; the user can change each one. */
export function guessTransactionColumns(columns: readonly ColumnSpec[]): TransactionColumns {
  const find = (pattern: RegExp, hasType?: (type: string) => boolean) =>
    columns.find((c) => pattern.test(normalised(c.name)) && (!hasType || hasType(c.type)))?.name ?? null;
  const customer = find(/^(customer|client|user|member|account|buyer)(id|no|number|key)?$/) ?? find(/(customer|client|user|member|account)(id|no|number|key)/);
  const date = find(/(date|time|timestamp|day|at)$/, isTemporal) ?? find(/(invoicedate|orderdate|date|timestamp)/, isTemporal) ?? find(/date/);
  const invoice = find(/^(invoice|order|receipt|transaction|basket)(id|no|number|key)?$/);
  const total = find(/^(amount|revenue|sales|total|value|spend|monetary|ordervalue|price|lineamount|linetotal|netamount)$/, isNumericType);
  const quantity = find(/^(quantity|qty|units|count)$/, isNumericType);
  const price = find(/^(unitprice|price|itemprice)$/, isNumericType);
  const amount = total && total !== price ? total : quantity && price ? `${quote(quantity)} * ${quote(price)}` : total;
  return { customer, date, amount, invoice, exclude: amount ? `(${amount}) <= 0` : null };
}

function normalised(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

function quote(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** What the columns of a customer-level table say they are, for a new cell's defaults. */
export interface CustomerColumns {
  /** The column naming each row's customer (or account, user...), when one looks like it. */
  key: string | null;
  /** A column of segment labels, when one looks like it. */
  segment: string | null;
  /** Numeric columns worth clustering on: recency, frequency and monetary when all three are there. */
  features: string[];
  /** Skewed counts and money among the features, which cluster better after log1p. */
  logged: string[];
  /** The column of money per customer, for a value column. */
  value: string | null;
}

const RECENCY = /^(recency|recencydays|dayssince(last)?(order|purchase|visit)?|lastorderdays)$/;
const FREQUENCY = /^(frequency|orders|ordercount|norders|numorders|purchases|invoices|transactions|visits)$/;
const MONETARY = /^(monetary|revenue|spend|totalspend|annualspend|sales|totalsales|amount|totalamount|value|ltv|clv)$/;
const MONEY = /(monetary|revenue|spend|sales|amount|ltv|clv|value)/;
const SEGMENT = /(segment|cluster|persona|tier|^group$|grouptruth|label)/;
/** Per-segment scores and codes derived from other columns (r_score, rfm_code): never features. */
const DERIVED = /(score|code|rank|quintile|decile|flag)$/;
/** More columns than this make a first clustering hard to read; the user can add more. */
const MAX_FEATURES = 8;

/** Guesses the key, segment, feature and value columns of a table of one row per customer. */
export function guessCustomerColumns(columns: readonly ColumnSpec[]): CustomerColumns {
  const numeric = columns.filter((c) => isNumericType(c.type));
  const named = (pattern: RegExp, among: readonly ColumnSpec[] = numeric) => among.find((c) => pattern.test(normalised(c.name)))?.name ?? null;
  const key = guessTransactionColumns(columns).customer ?? columns.find((c) => isKeyName(c.name))?.name ?? null;
  const segment = columns.find((c) => c.name === 'segment')?.name ?? columns.find((c) => c.name !== key && SEGMENT.test(normalised(c.name)) && !DERIVED.test(normalised(c.name)))?.name ?? null;
  const rfm = [named(RECENCY), named(FREQUENCY), named(MONETARY)];
  const features = rfm.every((c) => c !== null)
    ? rfm.filter((c): c is string => c !== null)
    : numeric
        .map((c) => c.name)
        .filter((name) => name !== key && name !== segment && !isKeyName(name) && !SEGMENT.test(normalised(name)) && !DERIVED.test(normalised(name)))
        .slice(0, MAX_FEATURES);
  const logged = features.filter((name) => FREQUENCY.test(normalised(name)) || MONEY.test(normalised(name)));
  const value = named(MONETARY) ?? named(MONEY);
  return { key, segment, features, logged, value };
}

/** Names such as id, customer_id, CustomerID, accountId, user_key or invoice_no: identifiers, never measures. */
export function isKeyName(name: string): boolean {
  return /^(id|key)$/i.test(name) || /[_\s.-](id|key|no|number|code)$/i.test(name) || /[a-z](ID|Id)$/.test(name);
}
