import { RecordBatch, Table, tableFromArrays, tableToIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { tableFromStreams } from '../../src/db/arrow-streams.ts';

/** A table of `n` rows cut into batches of 2,048, as DuckDB sends them. */
function batchedTable(n: number): Table {
  const whole = tableFromArrays({ id: Int32Array.from({ length: n }, (_, i) => i), value: Float64Array.from({ length: n }, (_, i) => i / 4) });
  const batches: RecordBatch[] = [];
  for (let start = 0; start < n; start += 2048) batches.push(...whole.slice(start, Math.min(n, start + 2048)).batches);
  return new Table(whole.schema, batches);
}

/** A stream cut at arbitrary byte boundaries, as separate buffers. */
function cut(stream: Uint8Array, size: number): Uint8Array[] {
  const pieces: Uint8Array[] = [];
  for (let at = 0; at < stream.length; at += size) pieces.push(stream.slice(at, at + size));
  return pieces;
}

describe('Arrow results in pieces of one stream', () => {
  it('joins the pieces back into the result, in order', () => {
    const table = batchedTable(300_000);
    const joined = tableFromStreams(cut(tableToIPC(table, 'stream'), 100_003));
    expect(joined.numRows).toBe(300_000);
    expect(joined.getChild('id')!.get(299_999)).toBe(299_999);
    expect(Array.from(joined.getChild('value')!.toArray())).toEqual(Array.from(table.getChild('value')!.toArray()));
  });

  it('keeps the schema of an empty result', () => {
    const joined = tableFromStreams([tableToIPC(new Table(batchedTable(1).schema, []), 'stream')]);
    expect(joined.numRows).toBe(0);
    expect(joined.schema.fields.map((f) => f.name)).toEqual(['id', 'value']);
  });

  it('reads a single stream as it is', () => {
    expect(tableFromStreams([tableToIPC(batchedTable(10), 'stream')]).numRows).toBe(10);
  });
});
