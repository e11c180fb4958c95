import { isNumericType } from '../db/column-types.ts';
import { guessCustomerColumns, guessTransactionColumns, type TransactionColumns } from './column-guess.ts';
import { createCell } from './new-cell.ts';
import { cellsWithInserted, type Cell, type CellKind, type ColumnSpec, type Workbook } from './workbook.ts';

/** One next step for a loaded table: the cells one click adds, their columns already mapped. */
export interface CellSuggestion {
  /** Stable within one table, e.g. "rfm" or "kpi". */
  key: string;
  /** What the button says, e.g. "RFM segments". */
  label: string;
  /** Why it fits and what it will use, e.g. "scores recency, frequency and monetary per customer". */
  detail: string;
  /** The cells to append, in order; the last one is the one asked for. */
  cells: Cell[];
}

export interface TableSuggestions {
  table: string;
  /** What the table looks like, e.g. "This looks like transactions (customer customer_id, date invoice_date, amount …)". */
  shape: string;
  suggestions: CellSuggestion[];
}

/** Fewer numeric columns than this give a clustering nothing to separate. */
const MIN_CLUSTER_FEATURES = 2;
const TEMPORAL = /^(DATE|TIMESTAMP)/i;

/**
 * The next cells that fit the shape of `table` (a loaded source), read from its columns' names and
 * types: transactions (a customer, a date and an amount per row) suggest RFM, CLV and KPIs by RFM
 * segment; a table of customers with numeric columns suggests clustering, and one with a segment
 * column a profile of those segments. Suggestions the workbook already acts on (a cell of that kind
 * reading the table) are left out. Null when nothing fits.
 */
export function suggestCells(wb: Workbook, table: string, columns: readonly ColumnSpec[]): TableSuggestions | null {
  const tx = transactionsOf(columns);
  const suggestions = tx ? forTransactions(wb, table, columns, tx) : forCustomers(wb, table, columns);
  const fresh = suggestions.filter((s) => !alreadyThere(wb, table, s));
  if (!fresh.length) return null;
  const shape = tx
    ? `This looks like transactions (customer ${tx.customer}, date ${tx.date}, amount ${tx.amount})`
    : `This looks like one row per customer (${customerWords(columns)})`;
  return { table, shape, suggestions: fresh };
}

/** The mapped columns, when every one RFM and CLV need was found and the date is a real date. */
function transactionsOf(columns: readonly ColumnSpec[]): (TransactionColumns & { customer: string; date: string; amount: string }) | null {
  const guess = guessTransactionColumns(columns);
  const { customer, date, amount } = guess;
  if (!customer || !date || !amount) return null;
  const dateType = columns.find((c) => c.name === date)?.type ?? '';
  return TEMPORAL.test(dateType) ? { ...guess, customer, date, amount } : null;
}

function forTransactions(wb: Workbook, table: string, columns: readonly ColumnSpec[], tx: TransactionColumns): CellSuggestion[] {
  const columnsOf = (t: string) => (t === table ? [...columns] : []);
  const rfm = appended(wb, 'rfm', columnsOf, table);
  const clv = appended(wb, 'clv', columnsOf, table);
  // KPIs need segments: those of an RFM cell on this table, added with them when there is none yet.
  const existing = wb.cells.find((c) => c.kind === 'rfm' && c.input === table);
  const segments = existing ?? rfm;
  const made = appended(existing ? wb : { ...wb, cells: [...wb.cells, rfm] }, 'kpi', columnsOf, table);
  const kpi: Cell = made.kind === 'kpi' && segments.kind === 'rfm'
    ? { ...made, input: table, customer: tx.customer ?? '', date: tx.date ?? '', amount: tx.amount ?? '', segments: segments.name, segmentKey: segments.customer, segmentColumn: 'segment' }
    : made;
  return [
    { key: 'rfm', label: 'RFM segments', detail: 'scores each customer on recency, frequency and monetary value and names the segments', cells: [rfm] },
    { key: 'clv', label: 'Customer lifetime value', detail: 'fits BG/NBD and Gamma-Gamma to predict each customer’s purchases and value', cells: [clv] },
    { key: 'kpi', label: 'KPIs by RFM segment', detail: `${existing ? '' : 'adds RFM segments and '}follows active customers, revenue and retention per segment and month`, cells: existing ? [kpi] : [rfm, kpi] },
  ];
}

function forCustomers(wb: Workbook, table: string, columns: readonly ColumnSpec[]): CellSuggestion[] {
  const columnsOf = (t: string) => (t === table ? [...columns] : []);
  const guess = guessCustomerColumns(columns);
  const out: CellSuggestion[] = [];
  if (guess.features.length >= MIN_CLUSTER_FEATURES) {
    const cell = appended(wb, 'cluster', columnsOf, table);
    const shown = guess.features.slice(0, 4).join(', ') + (guess.features.length > 4 ? ` and ${guess.features.length - 4} more` : '');
    out.push({ key: 'cluster', label: 'Cluster customers', detail: `k-means on ${shown}`, cells: [cell] });
  }
  if (guess.segment) {
    const cell = appended(wb, 'profile', columnsOf, table);
    out.push({ key: 'profile', label: `Profile the ${guess.segment} segments`, detail: 'describes each segment against the rest and drafts personas', cells: [cell] });
  }
  return out;
}

function appended(wb: Workbook, kind: CellKind, columnsOf: (table: string) => ColumnSpec[], input: string): Cell {
  return createCell(kind, wb, wb.cells.length, columnsOf, input);
}

function customerWords(columns: readonly ColumnSpec[]): string {
  const guess = guessCustomerColumns(columns);
  const numeric = columns.filter((c) => isNumericType(c.type) && c.name !== guess.key).length;
  return [guess.key ? `key ${guess.key}` : '', `${numeric} numeric column${numeric === 1 ? '' : 's'}`, guess.segment ? `segments in ${guess.segment}` : '']
    .filter(Boolean).join(', ');
}

/** A suggestion is done once a cell of its last kind reads the table (KPIs: as their transactions). */
function alreadyThere(wb: Workbook, table: string, s: CellSuggestion): boolean {
  const last = s.cells.at(-1);
  return !!last && wb.cells.some((c) => c.kind === last.kind && 'input' in c && c.input === table);
}

/** `wb` with a suggestion's cells appended, for the notebook to take as its new workbook. */
export function withSuggestion(wb: Workbook, s: CellSuggestion): Workbook {
  return { ...wb, cells: s.cells.reduce((cells, cell) => cellsWithInserted(cells, cells.length, cell), wb.cells) };
}
