import { guessTransactionColumns } from './column-guess.ts';
import { uniqueIdentifier } from './identifiers.ts';
import { DEFAULT_PLAYBOOK } from './playbook.ts';
import { DEFAULT_RFM_SEGMENT_MAP } from './rfm-segments.ts';
import { isTableCell, newCellId, tableNames, type Cell, type CellKind, type ClusterCell, type ColumnSpec, type Workbook } from './workbook.ts';

/**
 * A new cell of `kind` with defaults that fit where it is inserted: it reads the table above it,
 * and cells that read transactions start with the columns guessed from their names.
 */
export function createCell(kind: CellKind, wb: Workbook, index: number, columnsOf: (table: string) => ColumnSpec[] = () => []): Cell {
  const id = newCellId();
  const above = wb.cells.slice(0, index).reverse();
  const lastTable = above.find(isTableCell);
  const input = lastTable?.name ?? wb.sources[0]?.name ?? '';
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
        features: { numeric: [], categorical: [], missing: 'drop' },
        algorithm: 'kmeans', k: 4, nInit: 10, maxIter: 300, tol: 1e-4, seed: 42,
        sweep: { min: 2, max: 10, references: 5 }, model: null,
      };
    case 'validate':
      return {
        id, kind, name: name('validation'), input: lastCluster?.name ?? input, segmentColumn: 'segment',
        // A JSON copy: the cell may be reactive state, whose proxies structuredClone refuses.
        features: lastCluster ? JSON.parse(JSON.stringify(lastCluster.features)) : { numeric: [], categorical: [], missing: 'drop' },
        minShare: 0.02, bootstrap: 20, seed: 42, valueColumn: null,
      };
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
        id, kind, name: name('profile'), input, segmentColumn: 'segment', numeric: [], categorical: [], valueColumn: null,
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
