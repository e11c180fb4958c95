import type { Lineage } from './cells/context.ts';
import { declaredMeanings, upstreamSegmentNames } from './column-meanings.ts';
import { cellOutputs, type Cell, type Workbook } from './workbook.ts';

/** What the cells of `wb` say about the tables they write, for a run of one of them. */
export function workbookLineage(wb: Workbook): Lineage {
  const producer = (table: string): Cell | undefined => {
    const name = table.toLowerCase();
    return wb.cells.find((c) => cellOutputs(c).some((t) => t.toLowerCase() === name));
  };
  return {
    fittedModel: (table) => {
      const cell = wb.cells.find((c) => c.kind === 'cluster' && c.name === table);
      return cell?.kind === 'cluster' ? cell.model : undefined;
    },
    producerKind: (table) => producer(table)?.kind,
    meanings: (table) => declaredMeanings(wb, table),
    segmentNames: (table, column) => upstreamSegmentNames(wb, table, column),
  };
}
