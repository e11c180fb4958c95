import { describe, expect, it } from 'vitest';
import { notesText } from '../../src/engine/ml-words.ts';
import { kmeans } from '../../src/ml/kmeans.ts';
import { takeRows } from '../../src/ml/matrix.ts';
import { applyPreparation, centroidsInOriginalUnits, prepareFeatures } from '../../src/ml/preprocess.ts';
import {
  expectedMatrix, loadPreprocessFixture, rawFeaturesOf, relativeError, specOf, type PreprocessCombo,
} from './oracles/preprocess-fixture.ts';

// Expected values come from scikit-learn (test/ml/oracles/make_preprocess_oracle.py); the fixture
// is committed, so this runs without Python.
const fixture = loadPreprocessFixture();

function prepare(c: PreprocessCombo) {
  return prepareFeatures(rawFeaturesOf(fixture, c.onehot), specOf(fixture, c));
}

describe(`feature preparation equals scikit-learn ${fixture.sklearn}'s for every option combination`, () => {
  it('covers log1p x clip x scaling x missing policy x one-hot, all 144 of them', () => {
    const seen = new Set(fixture.combos.map((c) => `${c.log1p}|${c.clip}|${c.scale}|${c.missing}|${c.onehot}`));
    expect(seen.size).toBe(2 * 3 * 4 * 3 * 2);
  });

  it('the notes give the number of rows dropped, or of values filled and the fill, in the column\'s own units after log1p', () => {
    const number = String.raw`(-?[\d.e+-]+)`;
    for (const c of fixture.combos) {
      const notes = notesText(prepare(c).notes);
      if (c.missing === 'drop') {
        expect(notes, c.id).toContain(`${fixture.n - c.rows.length} of ${fixture.n} rows had a missing value and were dropped.`);
        continue;
      }
      for (const want of c.numericParams) {
        const count = fixture.data[want.column].filter((v) => v === null).length;
        if (count === 0) continue;
        const unit = c.log1p ? String.raw` of log1p\(${want.column}\), ${number} \(${number} in ${want.column}\)` : `, ${number}`;
        const pattern = new RegExp(`^${count} missing values of "${want.column}" were replaced by the ${c.missing}${unit}\\.$`);
        const match = notes.map((note) => pattern.exec(note)).find((m) => m !== null);
        expect(match, `${c.id}: ${notes.join(' | ')}`).toBeTruthy();
        // Six significant digits: within half a unit of the last one.
        const shown = (text: string, value: number) => expect(Math.abs(Number(text) - value), `${c.id}: ${text} vs ${value}`).toBeLessThanOrEqual(5e-6 * Math.abs(value));
        shown(match![1], want.fill!);
        if (c.log1p) shown(match![2], Math.expm1(want.fill!));
      }
    }
  });

  for (const c of fixture.combos) {
    it(`${c.id}: same rows, columns, fitted clip bounds, fill, centre and scale, and matrix to 1e-12`, () => {
      const { matrix, preparation, rows } = prepare(c);
      expect(Array.from(rows)).toEqual(c.rows);
      expect(preparation.columns).toEqual(c.columns);
      preparation.numeric.forEach((t, j) => {
        const want = c.numericParams[j];
        expect(t.column).toBe(want.column);
        for (const key of ['clipLow', 'clipHigh', 'fill'] as const) {
          const got = t[key];
          const expected = want[key];
          if (expected === null) expect(got, `${t.column}.${key}`).toBeNull();
          else expect(relativeError(got ?? NaN, expected), `${t.column}.${key}: ${got} vs ${expected}`).toBeLessThan(1e-12);
        }
        expect(relativeError(t.center, want.center), `${t.column}.center: ${t.center} vs ${want.center}`).toBeLessThan(1e-12);
        expect(relativeError(t.scale, want.scale), `${t.column}.scale: ${t.scale} vs ${want.scale}`).toBeLessThan(1e-12);
      });
      const expected = expectedMatrix(fixture, c);
      expect([matrix.n, matrix.d]).toEqual([expected.n, expected.d]);
      let worst = 0;
      for (let i = 0; i < matrix.data.length; i++) worst = Math.max(worst, relativeError(matrix.data[i], expected.data[i]));
      expect(worst).toBeLessThan(1e-12);
    });

    it(`${c.id}: the fitted preparation applied to the same rows again gives the same matrix, as a fitted pipeline's transform does`, () => {
      const raw = rawFeaturesOf(fixture, c.onehot);
      const fitted = prepareFeatures(raw, specOf(fixture, c));
      const again = applyPreparation(raw, fitted.preparation);
      expect(Array.from(again.rows)).toEqual(c.rows);
      expect(Array.from(again.matrix.data)).toEqual(Array.from(fitted.matrix.data));
    });

    it(`${c.id}: k-means from the same fixed centres gives scikit-learn's labels, each row's distance and the centres in original units to 1e-9`, () => {
      const { matrix, rows, preparation } = prepare(c);
      const at = fixture.initRows.map((r) => rows.indexOf(r));
      expect(at).not.toContain(-1);
      const fit = kmeans(matrix, { k: fixture.k, nInit: 1, maxIter: 300, tol: 0, seed: 0, init: takeRows(matrix, at).data });
      expect(Array.from(fit.labels)).toEqual(c.labels);
      let worst = 0;
      fit.distances.forEach((d, i) => (worst = Math.max(worst, relativeError(d, c.distances[i]))));
      expect(worst).toBeLessThan(1e-9);
      expect(relativeError(fit.inertia, c.inertia)).toBeLessThan(1e-9);
      expect(fit.iterations).toBe(c.iterations);
      const centres = centroidsInOriginalUnits(fit.centroids, fixture.k, preparation);
      let off = 0;
      centres.forEach((centre, s) => fixture.numeric.forEach((name, j) => (off = Math.max(off, relativeError(centre[name], c.centresInOriginalUnits[s][j])))));
      expect(off).toBeLessThan(1e-9);
    });
  }
});
