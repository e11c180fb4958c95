import { DISTINCT_SILHOUETTE, STABLE_JACCARD, type SegmentVerdict, type ValidationResult } from '../../../ml/validate-job.ts';
import type { ValidateCell } from './model.ts';

const fmt = (x: number) => x.toLocaleString('en', { maximumFractionDigits: 2, minimumFractionDigits: 2 });

/** "Segment 3", "Segments 3 and 4", "Segments "Families" and "Students"". */
function segmentList(segments: readonly SegmentVerdict[], midSentence = false): string {
  const names = segments.map((s) => (/^\d+$/.test(s.segment) ? s.segment : `"${s.segment}"`));
  const list = names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
  const word = names.length === 1 ? 'Segment' : 'Segments';
  return `${midSentence ? word.toLowerCase() : word} ${list}`;
}

function range(values: number[]): string {
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  return lo === hi ? fmt(lo) : `${fmt(lo)} to ${fmt(hi)}`;
}

/**
 * What "not distinct" means for this segmentation and what to try next, in plain sentences; null
 * when every segment is distinct. `inputMadeBy` is the kind of cell that wrote the segments. Stable but overlapping segments are tendencies that shade into
 * each other (survey scales often give these); unstable ones would come out differently on
 * another sample.
 */
export function distinctnessNote(v: ValidationResult, cell: ValidateCell, inputMadeBy: string | undefined): string | null {
  const clustered = inputMadeBy === 'cluster' || inputMadeBy === 'score';
  const flagged = v.segments.filter((s) => s.silhouette < DISTINCT_SILHOUETTE);
  if (!flagged.length) return null;
  const they = (n: number) => (n === 1 ? 'It' : 'They');
  const negative = flagged.filter((s) => s.silhouette < 0);
  const overlapping = flagged.filter((s) => s.silhouette >= 0);
  const silhouettes = range(flagged.map((s) => s.silhouette));
  const sentences = [
    flagged.length === v.segments.length
      ? `No segment stands apart: all ${v.segments.length} have a silhouette below ${DISTINCT_SILHOUETTE} (${silhouettes}).`
      : `${segmentList(flagged)} ${flagged.length === 1 ? 'does' : 'do'} not stand apart: silhouette ${silhouettes}, below ${DISTINCT_SILHOUETTE}.`,
  ];
  if (overlapping.length) {
    const where = negative.length ? `In ${segmentList(overlapping, true)}, a` : 'A';
    sentences.push(`${where} typical customer is about as close to another segment as to their own.`);
  }
  if (negative.length) {
    const who = overlapping.length ? segmentList(negative) : they(negative.length);
    sentences.push(`${who} ${negative.length === 1 ? 'has' : 'have'} a negative silhouette: most of ${negative.length === 1 ? 'its' : 'their'} customers are closer to another segment than to their own.`);
  }
  const unstable = flagged.filter((s) => s.jaccard !== null && s.jaccard < STABLE_JACCARD);
  if (!clustered) {
    sentences.push(`These segments were not found by clustering on these features, so they can overlap on them: check that these are the features the segments should differ on, or change how the segments are defined.`);
    return sentences.join(' ');
  }
  if (flagged.every((s) => s.jaccard === null)) {
    sentences.push('Run the check with bootstrap samples to learn whether they are at least stable.');
  } else if (unstable.length) {
    const who = unstable.length === flagged.length ? they(unstable.length) : segmentList(unstable);
    sentences.push(`${who} ${unstable.length === 1 ? 'is' : 'are'} also unstable (Jaccard below ${STABLE_JACCARD} over bootstrap samples): another sample of customers would give other segments, so do not act on ${unstable.length === 1 ? 'it' : 'them'} as ${unstable.length === 1 ? 'it is' : 'they are'}.`);
  } else {
    sentences.push(`${they(flagged.length)} ${flagged.length === 1 ? 'is' : 'are'} stable (the same groups come back over bootstrap samples), so ${flagged.length === 1 ? 'it is a real tendency that shades' : 'they are real tendencies that shade'} into the others rather than separate groups: read their personas as leanings, and expect customers near the borders to respond like their neighbours.`);
  }
  const features = cell.features.numeric.length + cell.features.categorical.length;
  sentences.push(`To try next: fewer segments (compare k with the cluster cell's sweep), or fewer features: ${features} are used here, and each one the segments do not differ on blurs the distances between them.`);
  return sentences.join(' ');
}
