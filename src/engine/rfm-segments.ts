import type { RfmSegmentRule } from './marketing-cells.ts';

/**
 * The usual RFM segment map on recency and frequency scores (1 to 5, 5 best). It is read in order
 * and the first line that holds a customer's scores names them; together the lines cover all 25
 * score pairs, so no customer is left without a segment.
 */
export const DEFAULT_RFM_SEGMENT_MAP: readonly RfmSegmentRule[] = [
  { segment: 'Champions', recency: [4, 5], frequency: [4, 5] },
  { segment: 'Need Attention', recency: [3, 3], frequency: [3, 3] },
  { segment: 'Loyal', recency: [3, 5], frequency: [3, 5] },
  { segment: 'New Customers', recency: [5, 5], frequency: [1, 1] },
  { segment: 'Promising', recency: [4, 4], frequency: [1, 1] },
  { segment: 'Potential Loyalist', recency: [4, 5], frequency: [2, 2] },
  { segment: 'About to Sleep', recency: [3, 3], frequency: [1, 2] },
  { segment: "Can't Lose Them", recency: [1, 1], frequency: [4, 5] },
  { segment: 'At Risk', recency: [1, 2], frequency: [3, 5] },
  { segment: 'Hibernating', recency: [2, 2], frequency: [1, 2] },
  { segment: 'Lost', recency: [1, 1], frequency: [1, 2] },
];
