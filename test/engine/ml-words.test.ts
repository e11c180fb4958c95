import { describe, expect, it } from 'vitest';
import { SettingsError } from '../../src/engine/cells/settings-error.ts';
import { noteText, progressText, rethrowWorded } from '../../src/engine/ml-words.ts';
import { FeatureError, type MlNote, type MlProgress } from '../../src/ml/notes.ts';
import { fromPlainError, toPlainError } from '../../src/workers/protocol.ts';

// The sentences the kernels used to write themselves, word for word: the kernels now return the
// facts and these must read exactly as before.
describe('the engine words what the ML jobs found', () => {
  it('words each note as the kernels used to', () => {
    const cases: Array<[MlNote, string]> = [
      [{ kind: 'sampled-restarts', restarts: 10, sample: 50_000, rows: 400_000 },
        'The 10 k-means++ restarts ran on a seeded sample of 50,000 of 400,000 rows; the best then ran to convergence on every row.'],
      [{ kind: 'sampled-sweep', sample: 1000, rows: 6000 },
        'Each k was fitted on a seeded sample of 1,000 of 6,000 rows; every row then took its nearest centre, so inertia, Davies-Bouldin and Calinski-Harabasz count every row.'],
      [{ kind: 'sampled-bootstrap', resamples: 20, sample: 20_000, rows: 1_000_000, settle: 100_000, passes: 5 },
        'Each of the 20 bootstrap re-clusterings chose among its restarts on a seeded sample of 20,000 of its 1,000,000 rows, converged on 100,000 of them, then took at most 5 passes over all of them; each Jaccard is given ± its standard error across the resamples.'],
      [{ kind: 'sampled-bootstrap', resamples: 20, sample: 50_000, rows: 80_000, settle: null, passes: 5 },
        'Each of the 20 bootstrap re-clusterings chose among its restarts on a seeded sample of 50,000 of its 80,000 rows, then ran on all of them; each Jaccard is given ± its standard error across the resamples.'],
      [{ kind: 'rows-without-segment', count: 1234 }, '1,234 rows without a segment were left out.'],
      [{ kind: 'value-not-different', p: 0.41237 }, 'The segments do not differ in value (Kruskal-Wallis p = 0.41).'],
      [{ kind: 'values-filled', column: 'spend', count: 3, policy: 'mean', log1p: true, fill: 4.04305 },
        `3 missing values of "spend" were replaced by the mean of log1p(spend), 4.04305 (${Number(Math.expm1(4.04305).toPrecision(6))} in spend).`],
      [{ kind: 'not-converged', model: 'Gamma-Gamma' }, 'Gamma-Gamma did not converge within its evaluation budget; its parameters are the best found.'],
      [{ kind: 'at-limit', model: 'BG/NBD', parameters: ['a'] },
        "BG/NBD's a ran to the edge of the range searched: the data do not pin it down, so treat its predictions as rough."],
      [{ kind: 'too-few-spenders', customers: 2, needed: 10, fallback: 12.3456 },
        'Only 2 customers have a positive repeat spend, too few to fit Gamma-Gamma (10 needed); every customer gets the mean spend 12.35.'],
      [{ kind: 'infinite-mean-spend', q: 0.81234, fallback: 1234.5 },
        "Gamma-Gamma's q is 0.8123, at most 1, so its population mean spend is infinite; customers outside the model get the repeat customers' mean spend 1,235 instead."],
    ];
    for (const [note, text] of cases) expect(noteText(structuredClone(note))).toBe(text);
  });

  it("adds to Ward's sampling sentence that the other rows joined their nearest centre", () => {
    const text = noteText({ kind: 'all-pairs-sampled', step: 'ward', rows: 12_000, d: 2, sample: 10_000 });
    expect(text).toMatch(/^Ward clustering compares every pair of rows: on all 12,000 rows that is 144 million distances .* Every other row joined its nearest centre\.$/);
  });

  it('words progress counts as the cell shows them', () => {
    const cases: Array<[MlProgress, string]> = [
      [{ stage: 'restart', restart: 2, restarts: 10, iteration: 7, inertia: 1234.56789 }, 'restart 2 of 10 · iteration 7 · inertia 1234.57'],
      [{ stage: 'sample-restart', restart: 1, restarts: 10, iteration: 3, sample: 50_000 }, 'restart 1 of 10 on a sample of 50,000 rows · iteration 3'],
      [{ stage: 'ward', done: 1500, total: 9999 }, 'Ward: 1,500 of 9,999 merges'],
      [{ stage: 'sweep', k: 4, done: 3, total: 9, sample: 50_000 }, 'k = 4 (3 of 9) on a sample of 50,000 rows'],
      [{ stage: 'sweep', k: 4, done: 3, total: 9, sample: null }, 'k = 4 (3 of 9)'],
      [{ stage: 'gap', references: 5 }, 'gap statistic: 5 reference sets'],
      [{ stage: 'silhouette' }, 'silhouette'],
      [{ stage: 'bootstrap', done: 3, total: 20 }, 'bootstrap 3 of 20'],
      [{ stage: 'fit', model: 'BG/NBD' }, 'fitting BG/NBD'],
      [{ stage: 'predict' }, 'predicting'],
    ];
    for (const [p, text] of cases) expect(progressText(structuredClone(p))).toBe(text);
  });

  it("turns a kernel's FeatureError, after it crossed a worker as plain data, into a settings error naming the column and value", () => {
    const crossed = fromPlainError(structuredClone(toPlainError(new FeatureError({ code: 'log1p-domain', column: 'spend', value: -3 }))));
    expect(crossed).toBeInstanceOf(FeatureError);
    let worded: unknown;
    try {
      rethrowWorded(crossed);
    } catch (e) {
      worded = e;
    }
    expect(worded).toBeInstanceOf(SettingsError);
    expect(worded).toHaveProperty('message', 'column "spend" has values of -1 or less, which log1p cannot take: -3');
    const other = new RangeError('k must be at least 2: 1');
    expect(() => rethrowWorded(other)).toThrow(other);
  });
});
