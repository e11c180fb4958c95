import { existsSync, readFileSync } from 'node:fs';
import { problemMessage } from './feature-problem.ts';
import { FeatureError } from '../../src/ml/notes.ts';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { noteText, notesText } from '../../src/engine/ml-words.ts';
import {
  applyPreparation, centroidsInOriginalUnits, prepareFeatures, type FeatureSpec, type RawFeatures,
} from '../../src/ml/preprocess.ts';

const ORACLES = resolve(import.meta.dirname, '../../../shared/oracles');

function rawOf(columns: number[][], categorical: number[][] = [], categories: string[][] = []): RawFeatures {
  return {
    numeric: columns.map((c) => Float64Array.from(c)),
    categorical: categorical.map((c) => Int32Array.from(c)),
    categories,
    n: (columns[0] ?? categorical[0]).length,
  };
}

function standard(columns: string[]): FeatureSpec {
  return { numeric: columns.map((column) => ({ column, scale: 'standard', log1p: false, clip: null })), categorical: [], missing: 'drop' };
}

describe.runIf(existsSync(ORACLES))('standardisation matches scikit-learn StandardScaler', () => {
  for (const name of ['iris', 'wine', 'blobs', 'online_retail_rfm']) {
    it(`${name}: means, population standard deviations and the standardised matrix to 1e-12`, () => {
      const [header, ...lines] = readFileSync(`${ORACLES}/${name}.features.csv`, 'utf8').trim().split('\n');
      const names = header.split(',');
      const columns = names.map((_, j) => lines.map((l) => Number(l.split(',')[j])));
      const expected = JSON.parse(readFileSync(`${ORACLES}/${name}.expected.json`, 'utf8'));
      const { matrix, preparation } = prepareFeatures(rawOf(columns), standard(names));
      preparation.numeric.forEach((t, j) => {
        expect(Math.abs(t.center - expected.standardize.mean[j])).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(expected.standardize.mean[j])));
        expect(Math.abs(t.scale - expected.standardize.std_population[j]) / expected.standardize.std_population[j]).toBeLessThan(1e-12);
      });
      let worst = 0;
      for (let i = 0; i < matrix.n; i++) {
        for (let j = 0; j < matrix.d; j++) {
          const want = (columns[j][i] - expected.standardize.mean[j]) / expected.standardize.std_population[j];
          worst = Math.max(worst, Math.abs(matrix.data[i * matrix.d + j] - want) / Math.max(1, Math.abs(want)));
        }
      }
      expect(worst).toBeLessThan(1e-12);
    });
  }
});

describe('prepareFeatures', () => {
  it('scales min-max to [0, 1] and robust by median and interquartile range', () => {
    const raw = rawOf([[1, 2, 3, 4, 5], [10, 20, 30, 40, 1000]]);
    const spec: FeatureSpec = {
      numeric: [
        { column: 'a', scale: 'minmax', log1p: false, clip: null },
        { column: 'b', scale: 'robust', log1p: false, clip: null },
      ],
      categorical: [],
      missing: 'drop',
    };
    const { matrix } = prepareFeatures(raw, spec);
    expect(Array.from({ length: 5 }, (_, i) => matrix.data[i * 2])).toEqual([0, 0.25, 0.5, 0.75, 1]);
    // median 30, IQR 40 - 20 = 20
    expect(Array.from({ length: 5 }, (_, i) => matrix.data[i * 2 + 1])).toEqual([-1, -0.5, 0, 0.5, 48.5]);
  });

  it('applies log1p before scaling and clips at the chosen percentiles', () => {
    const raw = rawOf([[0, Math.E - 1, 100]]);
    const logged = prepareFeatures(raw, { numeric: [{ column: 'm', scale: 'none', log1p: true, clip: null }], categorical: [], missing: 'drop' });
    expect(logged.matrix.data[0]).toBe(0);
    expect(logged.matrix.data[1]).toBeCloseTo(1, 12);
    const clipped = prepareFeatures(rawOf([[1, 2, 3, 4, 100]]), { numeric: [{ column: 'm', scale: 'none', log1p: false, clip: [0, 75] }], categorical: [], missing: 'drop' });
    expect(Array.from(clipped.matrix.data)).toEqual([1, 2, 3, 4, 4]);
  });

  it('drops rows with missing values, or imputes the mean or median, and says how many', () => {
    const raw = rawOf([[1, NaN, 3, 10], [5, 6, NaN, 8]]);
    const dropped = prepareFeatures(raw, { ...standard(['a', 'b']), missing: 'drop' });
    expect(Array.from(dropped.rows)).toEqual([0, 3]);
    expect(noteText(dropped.notes[0])).toBe('2 of 4 rows had a missing value and were dropped.');
    const median = prepareFeatures(raw, { numeric: [{ column: 'a', scale: 'none', log1p: false, clip: null }], categorical: [], missing: 'median' });
    expect(Array.from(median.matrix.data)).toEqual([1, 3, 3, 10]);
    expect(noteText(median.notes[0])).toMatch(/1 missing values of "a" were replaced by the median, 3/);
    const mean = prepareFeatures(raw, { numeric: [{ column: 'a', scale: 'none', log1p: false, clip: null }], categorical: [], missing: 'mean' });
    expect(mean.matrix.data[1]).toBeCloseTo(14 / 3, 12);
  });

  it('one-hot encodes categories, with "other" for the rest', () => {
    const raw = rawOf([[1, 2, 3, 4]], [[1, 2, 0, 1]], [['web', 'app']]);
    const { matrix, preparation } = prepareFeatures(raw, {
      numeric: [{ column: 'x', scale: 'none', log1p: false, clip: null }],
      categorical: [{ column: 'channel', topN: 2 }],
      missing: 'drop',
    });
    expect(preparation.columns).toEqual(['x', 'channel=web', 'channel=app', 'channel=other']);
    expect(Array.from(matrix.data)).toEqual([1, 1, 0, 0, 2, 0, 1, 0, 3, 0, 0, 1, 4, 1, 0, 0]);
  });

  it('drops zero-variance columns with a note, and refuses when every feature is constant', () => {
    const raw = rawOf([[1, 2, 3], [7, 7, 7]]);
    const prepared = prepareFeatures(raw, standard(['a', 'b']));
    expect(prepared.preparation.columns).toEqual(['a']);
    expect(notesText(prepared.notes)).toContain('Dropped columns with zero variance: b.');
    expect(problemMessage(() => prepareFeatures(rawOf([[7, 7, 7]]), standard(['b'])))).toMatch(/every feature is constant \(b\)/);
  });

  it('refuses no features, no rows, and log1p of values at or below -1', () => {
    expect(() => prepareFeatures(rawOf([[1]]), { numeric: [], categorical: [], missing: 'drop' })).toThrow(FeatureError);
    expect(problemMessage(() => prepareFeatures({ numeric: [new Float64Array()], categorical: [], categories: [], n: 0 }, standard(['a'])))).toMatch(/no rows/);
    expect(problemMessage(() => prepareFeatures(rawOf([[-2, 1]]), { numeric: [{ column: 'a', scale: 'none', log1p: true, clip: null }], categorical: [], missing: 'drop' }))).toMatch(/log1p cannot take: -2/);
  });

  it('prepares new rows with the fitted parameters and maps centroids back to original units', () => {
    const spec: FeatureSpec = { numeric: [{ column: 'spend', scale: 'standard', log1p: true, clip: null }], categorical: [], missing: 'mean' };
    const fitted = prepareFeatures(rawOf([[9, 99, 999]]), spec);
    const again = applyPreparation(rawOf([[9, NaN]]), fitted.preparation);
    expect(again.matrix.data[0]).toBeCloseTo(fitted.matrix.data[0], 12);
    expect(Array.from(again.rows)).toEqual([0, 1]);
    const z = fitted.matrix.data[1];
    const [centre] = centroidsInOriginalUnits(Float64Array.of(z), 1, fitted.preparation);
    expect(centre.spend).toBeCloseTo(99, 9);
  });
});

describe('log1p is taken once, whatever the scaling', () => {
  it('log1p with standardise gives mean 0 and standard deviation 1 on [1, 10, 100, 1000, 10000] (it gave 4.99 and 4.77)', () => {
    const { matrix } = prepareFeatures(rawOf([[1, 10, 100, 1000, 10000]]), {
      numeric: [{ column: 'spend', scale: 'standard', log1p: true, clip: null }], categorical: [], missing: 'drop',
    });
    const xs = Array.from(matrix.data);
    const mu = xs.reduce((a, b) => a + b, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mu) ** 2, 0) / xs.length);
    expect(Math.abs(mu)).toBeLessThan(1e-12);
    expect(Math.abs(sd - 1)).toBeLessThan(1e-12);
  });
  it('log1p with min-max spans exactly 0 to 1', () => {
    const { matrix } = prepareFeatures(rawOf([[1, 10, 100, 1000, 10000]]), {
      numeric: [{ column: 'spend', scale: 'minmax', log1p: true, clip: null }], categorical: [], missing: 'drop',
    });
    expect(Math.min(...matrix.data)).toBe(0);
    expect(Math.abs(Math.max(...matrix.data) - 1)).toBeLessThan(1e-12);
  });
});
