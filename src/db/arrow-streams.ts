import { Table, tableFromIPC, tableToIPC } from 'apache-arrow';

/** Record batches (of 2,048 rows from DuckDB) per stream when a result is split. */
const STREAM_BATCHES = 2;
/** Streams encoded between two yields to the page: about 130,000 rows, a few milliseconds. */
const STREAMS_PER_TURN = 32;

/**
 * A result as Arrow IPC streams of a few thousand rows each, yielding to the page between groups
 * of them: encoded as one stream, a 1M-row result held the page's main thread for 55 ms, 31 of
 * them joining buffers. An empty result is one stream with the schema only.
 */
export async function tableToStreams(table: Table, yieldToPage: () => Promise<void>): Promise<Uint8Array[]> {
  const streams: Uint8Array[] = [];
  const { batches } = table;
  for (let i = 0; i === 0 || i < batches.length; i += STREAM_BATCHES) {
    streams.push(tableToIPC(new Table(table.schema, batches.slice(i, i + STREAM_BATCHES)), 'stream'));
    if (streams.length % STREAMS_PER_TURN === 0) await yieldToPage();
  }
  return streams;
}

/** One table from streams of the same schema, their batches in order. */
export function tableFromStreams(streams: Uint8Array[]): Table {
  const tables = streams.map((s) => tableFromIPC(s));
  if (tables.length === 1) return tables[0];
  return new Table(tables[0].schema, tables.flatMap((t) => t.batches));
}
