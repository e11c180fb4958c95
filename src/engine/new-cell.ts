import type { FeatureSpec } from '../ml/preprocess.ts';
import { guessCustomerColumns, guessTransactionColumns } from './column-guess.ts';
import { uniqueIdentifier } from './identifiers.ts';
import { nearestCustomerTable, nearestCustomerTableChecked, readsCustomers, type TableLookup } from './input-fit.ts';
import { DEFAULT_PLAYBOOK } from './cells/profile/playbook.ts';
import { DEFAULT_RFM_SEGMENT_MAP } from './cells/rfm/rfm-segments.ts';
import { isTableCell, newCellId, tableNames, type Cell, type CellKind, type ClusterCell, type ColumnSpec, type Workbook } from './workbook.ts';

/**
 * createCell after reading the shape of the tables above: cluster, validate and profile cells
 * pass over summaries (one row per segment, a handful of rows) and transactions to the nearest
 * table of one row per customer.
 */
export async function createFittingCell(kind: CellKind, wb: Workbook, index: number, lookup: TableLookup): Promise<Cell> {
  const input = readsCustomers(kind) ? await nearestCustomerTableChecked(kind, wb, index, lookup) : undefined;
  return createCell(kind, wb, index, (table) => [...lookup.columns(table)], input);
}

/**
 * A new cell of `kind` with defaults that fit where it is inserted: it reads the nearest table
 * above it that suits its job (`input` when given), cells that read transactions start with the
 * columns guessed from their names, and cells that read customers with their features and value
 * column guessed the same way.
 */
export function createCell(kind: CellKind, wb: Workbook, index: number, columnsOf: (table: string) => ColumnSpec[] = () => [], input?: string): Cell {
  const id = newCellId();
  const above = wb.cells.slice(0, index).reverse();
  const lastTable = above.find(isTableCell);
  if (input === undefined) input = readsCustomers(kind) ? nearestCustomerTable(kind, wb, index, columnsOf) : lastTable?.name ?? wb.sources[0]?.name ?? '';
  const customers = guessCustomerColumns(columnsOf(input));
  const lastCluster = above.find((c): c is ClusterCell => c.kind === 'cluster');
  const name = (base: string) => uniqueIdentifier(base, tableNames(wb));
  switch (kind) {
    case 'markdown':
      return { id, kind, text: '' };
    case 'sql':
      return {
        id, kind, name: name(`query_${wb.cells.filter((c) => c.kind === 'sql').length + 1}`),
        sql: input ? `SELECT *\nFROM ${input}\nLIMIT 100` : 'SELECT 42 AS answer',
      };
    case 'cluster':
      return {
        id, kind, name: name('segments'), input,
        features: featureSpec(customers.features, customers.logged),
        algorithm: 'kmeans', k: 4, nInit: 10, maxIter: 300, tol: 1e-4, seed: 42,
        sweep: { min: 2, max: 10, references: 5 }, model: null,
      };
    case 'validate': {
      const cluster = lastCluster?.name === input ? lastCluster : null;
      return {
        id, kind, name: name('validation'), input, segmentColumn: customers.segment ?? 'segment',
        // A JSON copy: the cell may be reactive state, whose proxies structuredClone refuses.
        features: cluster ? JSON.parse(JSON.stringify(cluster.features)) : featureSpec(customers.features, customers.logged),
        minShare: 0.02, bootstrap: 20, seed: 42, valueColumn: customers.value,
      };
    }
    case 'score':
      return { id, kind, name: name('scored'), input: wb.sources.at(-1)?.name ?? input, model: lastCluster?.name ?? '' };
    case 'rfm': {
      const guess = guessTransactionColumns(columnsOf(input));
      return {
        id, kind, name: name('rfm'), input, customer: guess.customer ?? '', date: guess.date ?? '', amount: guess.amount ?? '',
        invoice: guess.invoice, exclude: guess.exclude, referenceDate: null,
        bins: { kind: 'quintile' }, segmentMap: DEFAULT_RFM_SEGMENT_MAP.map((m) => ({ ...m, recency: [...m.recency], frequency: [...m.frequency] })),
      };
    }
    case 'clv': {
      const guess = guessTransactionColumns(columnsOf(input));
      return {
        id, kind, name: name('clv'), input, customer: guess.customer ?? '', date: guess.date ?? '', amount: guess.amount ?? '',
        exclude: guess.exclude, calibrationEnd: null, periodDays: 7, horizon: 52, discountRate: 0.1, aliveThreshold: 0.5,
      };
    }
    case 'rules':
      return { id, kind, name: name('rule_segments'), input, segments: [], elseSegment: 'Other' };
    case 'profile':
      return {
        id, kind, name: name('profile'), input, segmentColumn: customers.segment ?? 'segment', numeric: customers.features, categorical: [],
        valueColumn: customers.value,
        personas: {}, playbook: DEFAULT_PLAYBOOK.map((p) => ({ ...p, actions: [...p.actions] })), targets: [], churn: null,
        attributes: [], previous: null, explainColumns: [],
      };
    case 'kpi': {
      const transactions = wb.sources.find((s) => guessTransactionColumns(s.schema).date !== null)?.name ?? wb.sources[0]?.name ?? input;
      const guess = guessTransactionColumns(columnsOf(transactions));
      return {
        id, kind, name: name('segment_kpis'), input: transactions, customer: guess.customer ?? '', date: guess.date ?? '',
        amount: guess.amount ?? '', segments: input, segmentKey: guess.customer ?? '', segmentColumn: 'segment', period: 'month',
      };
    }
    case 'migration':
      return { id, kind, name: name('migration'), before: input, after: input, key: '', beforeColumn: 'segment', afterColumn: 'segment' };
    case 'chart':
      return { id, kind, input, mark: 'dot', x: '', y: null, color: null, facet: null, title: '' };
  }
}

/** Standardised numeric features, with log1p on the skewed ones (counts and money). */
function featureSpec(columns: string[], logged: string[]): FeatureSpec {
  return { numeric: columns.map((column) => ({ column, scale: 'standard', log1p: logged.includes(column), clip: null })), categorical: [], missing: 'drop' };
}

/**
 * The features of a cell whose input changes to a table with `columns`: those the new table has,
 * or, when it has none of them, the ones guessed from its columns. Unknown columns (the table has
 * not been made yet) keep the features as they are.
 */
export function featuresForInput(features: FeatureSpec, columns: readonly ColumnSpec[]): FeatureSpec {
  if (columns.length === 0) return features;
  const has = (c: { column: string }) => columns.some((col) => col.name === c.column);
  const numeric = features.numeric.filter(has);
  const categorical = features.categorical.filter(has);
  if (numeric.length + categorical.length > 0) return { ...features, numeric, categorical };
  const guess = guessCustomerColumns(columns);
  return { ...featureSpec(guess.features, guess.logged), missing: features.missing };
}
