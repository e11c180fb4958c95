/**
 * Adjusted Rand index between two labelings of the same rows, as scikit-learn's
 * adjusted_rand_score computes it: 1 for the same partition whatever the label numbers, about 0 for
 * chance agreement. Rows where either label is -1 are left out. Labels are any integers >= -1.
 */
export function adjustedRandIndex(a: Int32Array, b: Int32Array): number {
  if (a.length !== b.length) throw new RangeError(`the labelings have ${a.length} and ${b.length} entries`);
  const codesA = denseCodes(a, 'first');
  const codesB = denseCodes(b, 'second');
  const ka = codesA.count;
  const kb = codesB.count;
  const table = new Float64Array(ka * kb);
  for (let i = 0; i < a.length; i++) {
    const x = codesA.codes[i];
    const y = codesB.codes[i];
    if (x >= 0 && y >= 0) table[x * kb + y]++;
  }
  return adjustedRandIndexOfTable(table, ka, kb);
}

/**
 * adjustedRandIndex from the contingency table of two labelings (ka x kb, row-major: rows with
 * label x in the first and y in the second at [x * kb + y]), for callers that count it themselves.
 */
export function adjustedRandIndexOfTable(table: Float64Array, ka: number, kb: number): number {
  const rowSums = new Float64Array(ka);
  const colSums = new Float64Array(kb);
  let n = 0;
  for (let x = 0; x < ka; x++) {
    for (let y = 0; y < kb; y++) {
      const count = table[x * kb + y];
      rowSums[x] += count;
      colSums[y] += count;
      n += count;
    }
  }
  // scikit-learn's pair confusion matrix: counts of row pairs together in both, in one only, in neither.
  let sumSquares = 0;
  for (let i = 0; i < table.length; i++) sumSquares += table[i] * table[i];
  let rowSquares = 0;
  for (let x = 0; x < ka; x++) rowSquares += rowSums[x] * rowSums[x];
  let colSquares = 0;
  for (let y = 0; y < kb; y++) colSquares += colSums[y] * colSums[y];
  const both = sumSquares - n;
  const onlyA = rowSquares - sumSquares;
  const onlyB = colSquares - sumSquares;
  const neither = n * n - onlyA - onlyB - sumSquares;
  // Identical trivial partitions (one cluster, or all singletons) agree perfectly.
  if (onlyA === 0 && onlyB === 0) return 1;
  return (2 * (both * neither - onlyA * onlyB)) / ((both + onlyB) * (onlyB + neither) + (both + onlyA) * (onlyA + neither));
}

function denseCodes(labels: Int32Array, which: string): { codes: Int32Array; count: number } {
  const codes = new Int32Array(labels.length);
  const seen = new Map<number, number>();
  for (let i = 0; i < labels.length; i++) {
    const l = labels[i];
    if (l < -1) throw new RangeError(`label of row ${i} in the ${which} labeling must be -1 or more, got ${l}`);
    if (l === -1) {
      codes[i] = -1;
      continue;
    }
    let code = seen.get(l);
    if (code === undefined) {
      code = seen.size;
      seen.set(l, code);
    }
    codes[i] = code;
  }
  return { codes, count: seen.size };
}

/**
 * Jaccard similarity |a ∩ b| / |a ∪ b| of two sets of row ids, each given in strictly increasing
 * order. Two empty sets count as identical (1).
 */
export function jaccard(a: ArrayLike<number>, b: ArrayLike<number>): number {
  checkIncreasing(a, 'a');
  checkIncreasing(b, 'b');
  if (a.length === 0 && b.length === 0) return 1;
  let i = 0;
  let j = 0;
  let common = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      common++;
      i++;
      j++;
    } else if (a[i] < b[j]) i++;
    else j++;
  }
  return common / (a.length + b.length - common);
}

function checkIncreasing(ids: ArrayLike<number>, name: string): void {
  for (let i = 1; i < ids.length; i++) {
    if (!(ids[i] > ids[i - 1])) throw new RangeError(`jaccard needs row ids in increasing order; ${name}[${i}] follows ${ids[i - 1]} with ${ids[i]}`);
  }
}
