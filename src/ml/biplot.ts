import type { FeatureMatrix } from './matrix.ts';
import { pca, project } from './pca.ts';

export interface Biplot {
  /** Each segment's mean in the first two principal components of the segment means. */
  points: Array<{ label: string; x: number; y: number }>;
  /** Each attribute's loadings on the two components, times `scale`. */
  arrows: Array<{ attribute: string; x: number; y: number }>;
  /** Share of the spread between segment means along each axis. */
  explained: [number, number];
  /** Loadings are unit-length vectors; they are stretched by this to reach as far as the points. */
  scale: number;
}

/**
 * A PCA biplot of segment means: one row per segment, one column per attribute (already on a
 * common scale, e.g. z-scores over customers). The PCA is fitted on the means themselves, each
 * segment weighing the same whatever its size, so the axes are the directions in which the
 * segments differ most.
 */
export function biplot(means: FeatureMatrix, segments: string[], attributes: string[]): Biplot {
  if (means.n !== segments.length) throw new RangeError(`${means.n} rows of means for ${segments.length} segments`);
  if (means.d !== attributes.length) throw new RangeError(`${means.d} columns of means for ${attributes.length} attributes`);
  if (means.n < 2) throw new RangeError(`a perceptual map needs at least 2 segments, got ${means.n}`);
  if (means.d < 2) throw new RangeError(`a perceptual map needs at least 2 attributes, got ${means.d}`);
  const fit = pca(means);
  const scores = project(means, fit, 2);
  const points = segments.map((label, i) => ({ label, x: scores.data[i * 2], y: scores.data[i * 2 + 1] }));
  const d = means.d;
  let reach = 0;
  for (const p of points) reach = Math.max(reach, Math.hypot(p.x, p.y));
  let longest = 0;
  for (let t = 0; t < d; t++) longest = Math.max(longest, Math.hypot(fit.components[t], fit.components[d + t]));
  const scale = reach > 0 && longest > 0 ? reach / longest : 1;
  const arrows = attributes.map((attribute, t) => ({ attribute, x: fit.components[t] * scale, y: fit.components[d + t] * scale }));
  return { points, arrows, explained: [fit.explainedVarianceRatio[0], fit.explainedVarianceRatio[1]], scale };
}
