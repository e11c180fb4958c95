import { Float64, Int32, Table, makeData, makeVector, tableToIPC } from 'apache-arrow';

/**
 * The per-row result of a segmentation as an Arrow IPC stream: rowid, segment (1-based, NULL
 * where a row has none) and distance. Built from typed arrays with makeData, because Arrow's
 * builders call `new Function`, which the page's Content-Security-Policy forbids.
 */
export function segmentsToArrowIPC(rowids: Float64Array, labels: Int32Array, distances: Float64Array): Uint8Array {
  const n = rowids.length;
  const segment = new Int32Array(n);
  const valid = new Uint8Array((n + 7) >> 3);
  let nullCount = 0;
  for (let i = 0; i < n; i++) {
    if (labels[i] >= 0) {
      segment[i] = labels[i] + 1;
      valid[i >> 3] |= 1 << (i & 7);
    } else nullCount++;
  }
  const table = new Table({
    __rowid: makeVector(makeData({ type: new Float64(), length: n, data: rowids })),
    segment: makeVector(makeData({ type: new Int32(), length: n, nullCount, nullBitmap: valid, data: segment })),
    distance: makeVector(makeData({ type: new Float64(), length: n, data: distances })),
  });
  return tableToIPC(table, 'stream');
}
