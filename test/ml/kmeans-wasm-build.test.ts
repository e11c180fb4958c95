import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { BYTES_PATH, bytesModule, compileWat, WAT_PATH } from '../../src/ml/wasm/build.ts';

describe('the committed k-means wasm', () => {
  it('is kmeans.wat as wabt compiles it now: run `npm run build:wasm` after editing the .wat', async () => {
    const bytes = await compileWat(await readFile(WAT_PATH, 'utf8'));
    expect(await readFile(BYTES_PATH, 'utf8')).toBe(bytesModule(bytes));
  });
});
