import { RecordBatch, Table, tableFromArrays, tableToIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { tableFromStreams, tableToStreams } from '../../src/db/arrow-streams.ts';

/** A table of `n` rows cut into batches of 2,048, as DuckDB sends them. */
function batchedTable(n: number): Table {
  const whole = tableFromArrays({ id: Int32Array.from({ length: n }, (_, i) => i), value: Float64Array.from({ length: n }, (_, i) => i / 4) });
  const batches: RecordBatch[] = [];
  for (let start = 0; start < n; start += 2048) batches.push(...whole.slice(start, Math.min(n, start + 2048)).batches);
  return new Table(whole.schema, batches);
}

describe('Arrow results as several streams', () => {
  it('splits a result into streams of a few batches, yielding to the page between groups, and joins them back in order', async () => {
    const table = batchedTable(300_000);
    let yields = 0;
    const streams = await tableToStreams(table, async () => void yields++);
    expect(streams.length).toBe(Math.ceil(table.batches.length / 2));
    expect(yields).toBeGreaterThanOrEqual(2);
    const joined = tableFromStreams(streams);
    expect(joined.numRows).toBe(300_000);
    expect(joined.getChild('id')!.get(299_999)).toBe(299_999);
    expect(Array.from(joined.getChild('value')!.toArray())).toEqual(Array.from(table.getChild('value')!.toArray()));
  });

  it('keeps the schema of an empty result', async () => {
    const empty = new Table(batchedTable(1).schema, []);
    const streams = await tableToStreams(empty, async () => undefined);
    expect(streams).toHaveLength(1);
    const joined = tableFromStreams(streams);
    expect(joined.numRows).toBe(0);
    expect(joined.schema.fields.map((f) => f.name)).toEqual(['id', 'value']);
  });

  it('reads a single stream as it is', () => {
    const table = batchedTable(10);
    expect(tableFromStreams([tableToIPC(table, 'stream')]).numRows).toBe(10);
  });
});
