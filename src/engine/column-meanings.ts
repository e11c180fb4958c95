import { buildGraph, upstreamOf } from './graph.ts';
import { entryOf } from './cells/registry.ts';
import type { ColumnMeanings } from './persona-traits.ts';
import { SEGMENT_COLUMN } from './cells/rules/rules-sql.ts';
import { cellOutputs, type Cell, type Workbook } from './workbook.ts';

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
  const entry = entryOf(cell);
  if (entry.columnMeanings) return entry.columnMeanings;
  return entry.passesInputThrough && 'input' in cell ? declaredMeanings(wb, cell.input, seen) : {};
}

/** The segment names a cell gives in its own segment column (rules and RFM cells), or none. */
function namesGivenBy(cell: Cell): string[] {
  return entryOf(cell).segmentNames?.(cell) ?? [];
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
  const entry = entryOf(cell);
  if (entry.segmentNames && ownColumn) return new Set(entry.segmentNames(cell));
  if (entry.passesInputThrough && 'input' in cell) return ownColumn ? new Set() : upstreamSegmentNames(wb, cell.input, column, seen);
  if (cell.kind === 'sql') {
    const graph = buildGraph(wb);
    return new Set([...upstreamOf(graph, cell.id)].flatMap((id) => {
      const up = wb.cells.find((c) => c.id === id);
      return up ? namesGivenBy(up) : [];
    }));
  }
  return new Set();
}
