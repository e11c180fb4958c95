import type { FeatureMatrix } from './matrix.ts';

export interface Pca {
  /** Variance along each component (sample variance, n - 1, as scikit-learn), largest first. */
  explainedVariance: Float64Array;
  explainedVarianceRatio: Float64Array;
  /** d x d, row-major: row c is component c, a unit vector whose largest-magnitude entry is positive. */
  components: Float64Array;
  mean: Float64Array;
}

/**
 * Principal components from the eigen-decomposition of the covariance matrix. The matrix is only
 * d x d, so the cyclic Jacobi method is exact enough (eigenvalues to a few ulps of the largest)
 * and simple; the data is read twice, for the mean and for the covariance.
 */
export function pca(m: FeatureMatrix): Pca {
  const { data, n, d } = m;
  if (n < 2) throw new RangeError(`PCA needs at least 2 rows, got ${n}`);
  if (d < 1) throw new RangeError(`PCA needs at least 1 column, got ${d}`);
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let t = 0; t < d; t++) mean[t] += data[i * d + t];
  for (let t = 0; t < d; t++) mean[t] /= n;

  const cov = new Float64Array(d * d);
  const centred = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let t = 0; t < d; t++) centred[t] = data[i * d + t] - mean[t];
    for (let a = 0; a < d; a++) {
      const ca = centred[a];
      for (let b = a; b < d; b++) cov[a * d + b] += ca * centred[b];
    }
  }
  for (let a = 0; a < d; a++) {
    for (let b = a; b < d; b++) {
      cov[a * d + b] /= n - 1;
      cov[b * d + a] = cov[a * d + b];
    }
  }

  const { values, vectors } = jacobiEigen(cov, d);
  const order = Array.from({ length: d }, (_, i) => i).sort((a, b) => values[b] - values[a] || a - b);
  const explainedVariance = new Float64Array(d);
  const components = new Float64Array(d * d);
  let total = 0;
  for (let c = 0; c < d; c++) {
    const src = order[c];
    // Rounding can leave a zero eigenvalue slightly negative; a variance cannot be.
    explainedVariance[c] = Math.max(0, values[src]);
    total += explainedVariance[c];
    let pivot = 0;
    for (let t = 0; t < d; t++) if (Math.abs(vectors[t * d + src]) > Math.abs(vectors[pivot * d + src])) pivot = t;
    const sign = vectors[pivot * d + src] < 0 ? -1 : 1;
    for (let t = 0; t < d; t++) components[c * d + t] = sign * vectors[t * d + src];
  }
  const explainedVarianceRatio = explainedVariance.map((v) => (total > 0 ? v / total : 0));
  return { explainedVariance, explainedVarianceRatio, components, mean };
}

/**
 * Eigenvalues and eigenvectors (columns of `vectors`, row-major d x d) of the symmetric matrix `a`,
 * by cyclic Jacobi rotations until the off-diagonal part is negligible.
 */
function jacobiEigen(input: Float64Array, d: number): { values: Float64Array; vectors: Float64Array } {
  const a = input.slice();
  const v = new Float64Array(d * d);
  for (let i = 0; i < d; i++) v[i * d + i] = 1;
  let scale = 0;
  for (let i = 0; i < d * d; i++) scale += a[i] * a[i];
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < d; p++) for (let q = p + 1; q < d; q++) off += a[p * d + q] * a[p * d + q];
    if (off <= 1e-32 * scale || off === 0) break;
    for (let p = 0; p < d; p++) {
      for (let q = p + 1; q < d; q++) {
        const apq = a[p * d + q];
        if (apq === 0) continue;
        // The rotation angle that zeroes a[p][q], in the numerically stable form (Rutishauser).
        const theta = (a[q * d + q] - a[p * d + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let r = 0; r < d; r++) {
          const arp = a[r * d + p];
          const arq = a[r * d + q];
          a[r * d + p] = c * arp - s * arq;
          a[r * d + q] = s * arp + c * arq;
        }
        for (let r = 0; r < d; r++) {
          const apr = a[p * d + r];
          const aqr = a[q * d + r];
          a[p * d + r] = c * apr - s * aqr;
          a[q * d + r] = s * apr + c * aqr;
        }
        for (let r = 0; r < d; r++) {
          const vrp = v[r * d + p];
          const vrq = v[r * d + q];
          v[r * d + p] = c * vrp - s * vrq;
          v[r * d + q] = s * vrp + c * vrq;
        }
      }
    }
  }
  const values = new Float64Array(d);
  for (let i = 0; i < d; i++) values[i] = a[i * d + i];
  return { values, vectors: v };
}

/** The rows of `m` in the first `nComponents` principal components of `p`. */
export function project(m: FeatureMatrix, p: Pca, nComponents: number): FeatureMatrix {
  const { data, n, d } = m;
  if (p.mean.length !== d) throw new RangeError(`the PCA was fitted on ${p.mean.length} columns, the matrix has ${d}`);
  if (!Number.isInteger(nComponents) || nComponents < 1 || nComponents > d) {
    throw new RangeError(`nComponents must be an integer in [1, ${d}], got ${nComponents}`);
  }
  const out = new Float64Array(n * nComponents);
  const centred = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let t = 0; t < d; t++) centred[t] = data[i * d + t] - p.mean[t];
    for (let c = 0; c < nComponents; c++) {
      let s = 0;
      for (let t = 0; t < d; t++) s += centred[t] * p.components[c * d + t];
      out[i * nComponents + c] = s;
    }
  }
  return { data: out, n, d: nComponents };
}
