import { describe, expect, it } from 'vitest';
import { distinctnessNote } from '../../src/engine/cells/validate/distinctness-note.ts';
import { workbookLineage } from '../../src/engine/lineage.ts';
import { createCell } from '../../src/engine/new-cell.ts';
import { emptyWorkbook, type ValidateCell, type Workbook } from '../../src/engine/workbook.ts';
import type { SegmentVerdict, ValidationResult } from '../../src/ml/validate-job.ts';

const madeBy = (wb: Workbook, cell: ValidateCell) => workbookLineage(wb).producerKind(cell.input);

function verdict(segment: string, silhouette: number, jaccard: number | null): SegmentVerdict {
  return { segment, size: 100, share: 0.25, tooSmall: false, silhouette, jaccard, jaccardError: null, meanValue: null, totalValue: null, verdict: '' };
}

function validation(segments: SegmentVerdict[]): ValidationResult {
  return {
    segments, silhouette: 0.2, silhouetteSample: null, daviesBouldin: 1, calinskiHarabasz: 10, meanAri: null, bootstrapSample: null, kruskalWallis: null,
    plot: { segment: [], silhouette: [] }, notes: [],
  };
}

/** A validate cell reading a cluster cell's table, with three features. */
function clustered(): { cell: ValidateCell; wb: Workbook } {
  const wb: Workbook = { ...emptyWorkbook(), cells: [] };
  const cluster = createCell('cluster', wb, 0);
  if (cluster.kind !== 'cluster') throw new Error('expected a cluster cell');
  wb.cells.push({ ...cluster, name: 'segments' });
  const validate = createCell('validate', wb, 1);
  if (validate.kind !== 'validate') throw new Error('expected a validate cell');
  const numeric = ['a', 'b', 'c'].map((column) => ({ column, scale: 'standard' as const, log1p: false, clip: null }));
  const cell = { ...validate, input: 'segments', features: { numeric, categorical: [], missing: 'drop' as const } };
  wb.cells.push(cell);
  return { cell, wb };
}

describe('the note on segments that are not distinct', () => {
  it('says nothing when every segment stands apart', () => {
    const { cell, wb } = clustered();
    expect(distinctnessNote(validation([verdict('1', 0.4, 0.9), verdict('2', 0.25, 0.9)]), cell, madeBy(wb, cell))).toBeNull();
  });

  it('names the overlapping clusters, says they would change on another sample when unstable, and what to try', () => {
    const { cell, wb } = clustered();
    const note = distinctnessNote(validation([verdict('1', 0.5, 0.95), verdict('2', 0.12, 0.55), verdict('3', 0.2, 0.9)]), cell, madeBy(wb, cell));
    expect(note).toBe(
      'Segments 2 and 3 do not stand apart: silhouette 0.12 to 0.20, below 0.25. A typical customer is about as close to another segment as to their own. ' +
      'Segment 2 is also unstable (Jaccard below 0.75 over bootstrap samples): another sample of customers would give other segments, so do not act on it as it is. ' +
      "To try next: fewer segments (compare k with the cluster cell's sweep), or fewer features: 3 are used here, and each one the segments do not differ on blurs the distances between them.",
    );
  });

  it('asks for bootstrap samples when stability was not measured', () => {
    const { cell, wb } = clustered();
    const note = distinctnessNote(validation([verdict('1', 0.1, null), verdict('2', -0.05, null)]), cell, madeBy(wb, cell));
    expect(note).toContain('In segment 1, a typical customer is about as close to another segment as to their own. Segment 2 has a negative silhouette: most of its customers are closer to another segment than to their own.');
    expect(note).toContain('Run the check with bootstrap samples to learn whether they are at least stable.');
  });
});
