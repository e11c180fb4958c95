import { createCell } from '../../src/engine/new-cell.ts';
import { emptyWorkbook, type Cell, type CellKind, type Workbook } from '../../src/engine/workbook.ts';

type CellOf<K extends CellKind> = Extract<Cell, { kind: K }>;

function add<K extends CellKind>(wb: Workbook, kind: K, settings: Partial<Omit<CellOf<K>, 'id' | 'kind'>>): void {
  const base = createCell(kind, wb, wb.cells.length);
  wb.cells.push({ ...base, ...settings, id: `runner-${wb.cells.length + 1}`, kind });
}

/**
 * The runner row's workbook: RFM over the transactions, then k-means (k = 4) on log recency,
 * frequency and monetary value, which the runner fits on a seeded sample and scores in SQL.
 */
export function runnerWorkbook(): Workbook {
  const wb: Workbook = {
    ...emptyWorkbook('Runner at scale'),
    sources: [{ name: 'transactions', file: 'transactions.csv', origin: 'file', format: 'csv', columnTypes: {}, schema: [] }],
  };
  add(wb, 'rfm', { name: 'rfm', input: 'transactions', customer: 'customer_id', date: 'invoice_date', amount: 'amount', invoice: null, exclude: null, referenceDate: null });
  add(wb, 'cluster', {
    name: 'segments', input: 'rfm', k: 4, nInit: 3, maxIter: 100, algorithm: 'kmeans',
    features: {
      numeric: [
        { column: 'recency_days', scale: 'standard', log1p: false, clip: null },
        { column: 'frequency', scale: 'standard', log1p: true, clip: null },
        { column: 'monetary', scale: 'standard', log1p: true, clip: null },
      ],
      categorical: [],
      missing: 'drop',
    },
  });
  return wb;
}
