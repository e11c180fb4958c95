import { type Table, tableFromIPC } from 'apache-arrow';

/**
 * One table from the pieces of one Arrow IPC stream, in order: the messages DuckDB's worker sends
 * (its schema, then a message per batch of 2,048 rows), or a whole stream as one piece.
 */
export function tableFromStreams(pieces: Uint8Array[]): Table {
  return tableFromIPC(pieces);
}
