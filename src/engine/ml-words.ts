import { FeatureError, type FeatureProblem, type MlNote, type MlProgress } from '../ml/notes.ts';
import { quadraticCost } from '../ml/quadratic-cost.ts';
import { SettingsError } from './cells/settings-error.ts';

/** A job's note as the user reads it. */
export function noteText(note: MlNote): string {
  switch (note.kind) {
    case 'rows-dropped':
      return `${count(note.dropped)} of ${count(note.rows)} rows had a missing value and were dropped.`;
    case 'values-filled': {
      // With log1p the fill is on the log scale; the user also gets it in the column's own units.
      const value = note.log1p
        ? `${note.policy} of log1p(${note.column}), ${sixDigits(note.fill)} (${sixDigits(Math.expm1(note.fill))} in ${note.column})`
        : `${note.policy}, ${sixDigits(note.fill)}`;
      return `${count(note.count)} missing values of "${note.column}" were replaced by the ${value}.`;
    }
    case 'zero-variance':
      return `Dropped columns with zero variance: ${note.columns.join(', ')}.`;
    case 'all-pairs-sampled':
      return note.step === 'ward'
        ? `${allPairsSampled('Ward clustering', note.rows, note.d, note.sample)} Every other row joined its nearest centre.`
        : allPairsSampled('The silhouette', note.rows, note.d, note.sample);
    case 'sampled-restarts':
      return `The ${note.restarts} k-means++ restarts ran on a seeded sample of ${count(note.sample)} of ${count(note.rows)} rows; ` +
        'the best then ran to convergence on every row.';
    case 'sampled-sweep':
      return `Each k was fitted on a seeded sample of ${count(note.sample)} of ${count(note.rows)} rows; ` +
        'every row then took its nearest centre, so inertia, Davies-Bouldin and Calinski-Harabasz count every row.';
    case 'sampled-bootstrap':
      return `Each of the ${note.resamples} bootstrap re-clusterings chose among its restarts on a seeded sample of ${count(note.sample)} ` +
        `of its ${count(note.rows)} rows, ` +
        (note.settle === null ? 'then ran on all of them' : `converged on ${count(note.settle)} of them, then took at most ${note.passes} passes over all of them`) +
        '; each Jaccard is given ± its standard error across the resamples.';
    case 'rows-without-segment':
      return `${count(note.count)} rows without a segment were left out.`;
    case 'value-not-different':
      return `The segments do not differ in value (Kruskal-Wallis p = ${note.p.toPrecision(2)}).`;
    case 'not-converged':
      return `${note.model} did not converge within its evaluation budget; its parameters are the best found.`;
    case 'at-limit':
      return `${note.model}'s ${note.parameters.join(', ')} ran to the edge of the range searched: the data do not pin ` +
        `${note.parameters.length > 1 ? 'them' : 'it'} down, so treat its predictions as rough.`;
    case 'too-few-spenders':
      return `Only ${note.customers} customers have a positive repeat spend, too few to fit Gamma-Gamma (${note.needed} needed); ` +
        `every customer gets the mean spend ${fourDigits(note.fallback)}.`;
    case 'infinite-mean-spend':
      return `Gamma-Gamma's q is ${fourDigits(note.q)}, at most 1, so its population mean spend is infinite; ` +
        `customers outside the model get the repeat customers' mean spend ${fourDigits(note.fallback)} instead.`;
  }
}

export function notesText(notes: readonly MlNote[]): string[] {
  return notes.map(noteText);
}

/** How far a job has come, as the cell's progress line says it. */
export function progressText(p: MlProgress): string {
  switch (p.stage) {
    case 'restart':
      return `restart ${p.restart} of ${p.restarts} · iteration ${p.iteration} · inertia ${p.inertia.toPrecision(6)}`;
    case 'sample-restart':
      return `restart ${p.restart} of ${p.restarts} on a sample of ${count(p.sample)} rows · iteration ${p.iteration}`;
    case 'ward':
      return `Ward: ${count(p.done)} of ${count(p.total)} merges`;
    case 'sweep':
      return `k = ${p.k} (${p.done} of ${p.total})${p.sample === null ? '' : ` on a sample of ${count(p.sample)} rows`}`;
    case 'gap':
      return `gap statistic: ${p.references} reference sets`;
    case 'silhouette':
      return 'silhouette';
    case 'bootstrap':
      return `bootstrap ${p.done} of ${p.total}`;
    case 'fit':
      return `fitting ${p.model}`;
    case 'predict':
      return 'predicting';
  }
}

/** An input problem an ML job found, as the cell's error says it: what is wrong, then the bad value. */
export function problemText(p: FeatureProblem): string {
  switch (p.code) {
    case 'no-features':
      return 'choose at least one feature column';
    case 'no-rows':
      return 'the input table has no rows';
    case 'log1p-domain':
      return `column "${p.column}" has values of -1 or less, which log1p cannot take: ${p.value}`;
    case 'all-rows-missing':
      return 'every row has a missing value in some feature; choose mean or median imputation, or other columns';
    case 'column-empty':
      return `column "${p.column}" has no values at all`;
    case 'all-constant':
      return `every feature is constant (${p.columns.join(', ')}), so there is nothing to tell rows apart; choose other columns`;
    case 'k-not-whole':
      return `k must be a whole number of at least 2: ${p.k}`;
    case 'too-few-rows':
      return `clustering needs at least 2 rows, and the input has ${p.rows}`;
    case 'k-above-rows':
      return `k is larger than the number of rows (${p.rows}): ${p.k}`;
    case 'k-range-not-whole':
      return `the k range must be whole numbers: ${p.min} to ${p.max}`;
    case 'k-range-reversed':
      return `the smallest k is larger than the largest: ${p.min} > ${p.max}`;
    case 'bad-sample':
      return p.step === 'restarts'
        ? `the restart sample must be a whole number of rows, at least k: ${p.sample}`
        : `the sample must be a whole number of rows, at least ${p.step === 'sweep' ? 'the largest k' : 'twice k'}: ${p.sample}`;
    case 'too-few-segments':
      return `validation needs at least 2 segments, and the segment column has ${p.segments}`;
    case 'too-few-segmented-rows':
      return 'fewer than 2 rows have both a segment and their features';
    case 'no-customers':
      return 'no customers bought in the calibration period: move the calibration end later';
    case 'no-repeat-buyers':
      return `none of the ${count(p.customers)} customers bought again before the calibration end, so BG/NBD cannot be fitted: move the calibration end later`;
    case 'predictions-not-numbers':
      return `the fitted models gave ${p.count} predictions that are not numbers; check the amount column for extreme values`;
  }
}

/** Rethrows an ML job's FeatureError as the cells' one settings error, worded; any other error as it is. */
export function rethrowWorded(e: unknown): never {
  throw e instanceof FeatureError ? new SettingsError(problemText(e.problem), { cause: e }) : e;
}

/** One sentence: what the exact all-pairs step would have cost, and what ran instead. */
export function allPairsSampled(step: string, n: number, d: number, sample: number): string {
  const exact = quadraticCost(n, d);
  const done = quadraticCost(sample, d);
  return (
    `${step} compares every pair of rows: on all ${count(n)} rows that is ${pairs(exact.pairs)} distances ` +
    `(about ${duration(exact.seconds)}, and ${bytes(exact.matrixBytes)} as a distance matrix), so it ran on a seeded sample of ` +
    `${count(sample)} rows (${pairs(done.pairs)} distances, about ${duration(done.seconds)}).`
  );
}

const count = (x: number) => x.toLocaleString('en');
const sixDigits = (v: number) => Number(v.toPrecision(6)).toString();
const fourDigits = (v: number) => v.toLocaleString('en', { maximumSignificantDigits: 4 });

function pairs(x: number): string {
  if (x >= 1e9) return `${(x / 1e9).toFixed(1)} billion`;
  if (x >= 1e6) return `${(x / 1e6).toFixed(0)} million`;
  return x.toLocaleString('en');
}

function duration(seconds: number): string {
  if (seconds < 1) return `${Math.max(1, Math.round(seconds * 1000))} ms`;
  if (seconds < 120) return `${seconds.toFixed(seconds < 10 ? 1 : 0)} s`;
  return `${Math.round(seconds / 60)} minutes`;
}

function bytes(b: number): string {
  if (b >= 1e12) return `${(b / 1e12).toFixed(1)} TB`;
  return b >= 1e9 ? `${(b / 1e9).toFixed(1)} GB` : `${Math.round(b / 1e6)} MB`;
}
