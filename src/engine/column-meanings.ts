import { buildGraph, upstreamOf } from './graph.ts';
import type { ColumnMeanings, Concept } from './persona-traits.ts';
import { segmentNames, SEGMENT_COLUMN } from './cells/rules/rules-sql.ts';
import { cellOutputs, type Cell, type Workbook } from './workbook.ts';

/** The columns an RFM cell writes, by what they measure. */
const RFM_MEANINGS: Record<string, Concept | null> = { recency_days: 'recency', frequency: 'frequency', monetary: 'monetary' };

/**
 * The columns a CLV cell writes. Its recency and T are BG/NBD's: the age at the last purchase and
 * the age now, in periods, so recency is not days since the last purchase.
 */
const CLV_MEANINGS: Record<string, Concept | null> = {
  frequency: 'frequency', recency: null, T: 'tenure', monetary_value: 'monetary', historical_value: 'monetary',
  p_alive: 'alive', expected_purchases: 'frequency', expected_avg_value: 'monetary', clv: 'monetary',
};

/** Cells whose table is their input's rows with a segment added: the input's columns keep their meaning. */
type PassThrough = Extract<Cell, { kind: 'rules' | 'cluster' | 'score' }>;
const isPassThrough = (cell: Cell): cell is PassThrough => cell.kind === 'rules' || cell.kind === 'cluster' || cell.kind === 'score';

function producerOf(wb: Workbook, table: string): Cell | undefined {
  const name = table.toLowerCase();
  return wb.cells.find((c) => cellOutputs(c).some((t) => t.toLowerCase() === name));
}

/**
 * What the cells that made `table` say its columns mean, following tables that pass their input's
 * columns through (rules, clusters, scores). A SQL cell may rename anything, so nothing passes it.
 */
export function declaredMeanings(wb: Workbook, table: string, seen = new Set<string>()): ColumnMeanings {
  const cell = producerOf(wb, table);
  if (!cell || seen.has(cell.id)) return {};
  seen.add(cell.id);
  if (cell.kind === 'rfm') return RFM_MEANINGS;
  if (cell.kind === 'clv') return CLV_MEANINGS;
  return isPassThrough(cell) ? declaredMeanings(wb, cell.input, seen) : {};
}

/** The segment names a rules or RFM cell gives, or none for other cells. */
function namesGivenBy(cell: Cell): string[] {
  if (cell.kind === 'rules') return segmentNames(cell);
  if (cell.kind === 'rfm') return cell.segmentMap.map((s) => s.segment.trim());
  return [];
}

/**
 * The names a rules or RFM cell upstream gave to the labels in `column` of `table`. A rules or RFM
 * cell names its own segment column; a cell that passes its input through keeps the input's names
 * in other columns; after a SQL cell, any name given by a rules or RFM cell it reads from, directly
 * or not, counts (the occasion example picks each customer's main occasion in SQL).
 */
export function upstreamSegmentNames(wb: Workbook, table: string, column: string, seen = new Set<string>()): Set<string> {
  const cell = producerOf(wb, table);
  if (!cell || seen.has(cell.id)) return new Set();
  seen.add(cell.id);
  const ownColumn = column === SEGMENT_COLUMN;
  if ((cell.kind === 'rules' || cell.kind === 'rfm') && ownColumn) return new Set(namesGivenBy(cell));
  if (isPassThrough(cell)) return ownColumn ? new Set() : upstreamSegmentNames(wb, cell.input, column, seen);
  if (cell.kind === 'sql') {
    const graph = buildGraph(wb);
    return new Set([...upstreamOf(graph, cell.id)].flatMap((id) => {
      const up = wb.cells.find((c) => c.id === id);
      return up ? namesGivenBy(up) : [];
    }));
  }
  return new Set();
}
