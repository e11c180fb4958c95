import type { Database } from '../../src/db/database.ts';
import { emptyWorkbook, type Workbook } from '../../src/engine/workbook.ts';
import { nodeParsers } from '../../src/ingest/node-parsers.ts';
import type { WorkerParsers } from '../../src/ingest/worker-parsers.ts';
import { SourceStore, type SourceHost } from '../../src/ui/sources.svelte.ts';

/** A SourceStore on native DuckDB and the Node parsers, with the workbook and remembered handles in plain variables. */
export function sourceStore(db: Database, start: Workbook = emptyWorkbook()) {
  let workbook = start;
  const handles = new Map<string, FileSystemFileHandle | null>();
  const host: SourceHost = {
    workbook: () => workbook,
    changeSources: (change) => (workbook = { ...workbook, sources: change(workbook.sources) }),
    db,
    parsers: { forLoad: () => nodeParsers } as unknown as WorkerParsers,
    sourceLoaded: () => undefined,
    sourceRemoved: () => undefined,
    persist: () => undefined,
    rememberHandle: (table, handle) => handles.set(table, handle),
  };
  const sources = new SourceStore(host);
  /**
   * Waits for the schema previews the loads set off: a query still running on native DuckDB when
   * the test closes the database ends the test process.
   */
  async function profiled(): Promise<void> {
    for (let i = 0; i < 500; i++) {
      if ([...sources.runtime.values()].every((r) => r.status !== 'ready' || r.profile !== null)) return;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error('the schema previews did not finish');
  }
  return { sources, workbook: () => workbook, handles, profiled };
}


export function xlsxFile(bytes: Uint8Array, name: string): File {
  return new File([new Uint8Array(bytes)], name);
}
