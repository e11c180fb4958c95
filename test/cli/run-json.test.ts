import { expect, it } from 'vitest';
import { jsonSafe } from '../../src/cli/cell-results.ts';

it('writes run.json numbers JSON can hold: bigints as numbers, NaN and infinities as null, typed arrays as arrays', () => {
  const text = JSON.stringify({ rows: 4338n, gap: [1.5, Infinity], mean: NaN, sizes: new Float64Array([1, 2]), ids: new BigInt64Array([7n]) }, jsonSafe);
  expect(JSON.parse(text)).toEqual({ rows: 4338, gap: [1.5, null], mean: null, sizes: [1, 2], ids: [7] });
});
