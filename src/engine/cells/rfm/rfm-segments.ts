import type { RfmSegmentRule } from './model.ts';

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

/** The score pairs no line of the map holds, as [recency, frequency]; customers there get no segment. */
export function uncoveredScorePairs(map: readonly RfmSegmentRule[]): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let r = 5; r >= 1; r--) {
    for (let f = 1; f <= 5; f++) {
      if (!map.some((m) => holds(m.recency, r) && holds(m.frequency, f))) out.push([r, f]);
    }
  }
  return out;
}

/** Why the map cannot be used, naming the line, or null when it is fine. */
export function segmentMapProblem(map: readonly RfmSegmentRule[]): string | null {
  for (const [i, m] of map.entries()) {
    const line = `segment map line ${i + 1}${m.segment.trim() ? ` (${m.segment})` : ''}`;
    if (!m.segment.trim()) return `${line} has no name: name it or remove the line`;
    for (const [what, range] of [['R', m.recency], ['F', m.frequency]] as const) {
      const [lo, hi] = range;
      if (!Number.isInteger(lo) || !Number.isInteger(hi) || lo < 1 || hi > 5 || lo > hi) {
        return `${line} has an invalid ${what} range ${lo}-${hi}: use whole scores from 1 to 5, the lower one first`;
      }
    }
  }
  return null;
}

function holds(range: readonly [number, number], score: number): boolean {
  return score >= range[0] && score <= range[1];
}
