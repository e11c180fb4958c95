import { SAMPLE_DATASETS } from '../../sample-data/catalog.ts';
import type { Workbook } from '../engine/workbook.ts';
import { fileFromHandle } from './persistence.ts';
import { openSample, type SampleHost } from './samples.ts';
import type { SourceStore } from './sources.svelte.ts';
import type { KeptData } from './storage/kept-data.svelte.ts';
import type { WorkbookKeeper } from './workbook-keeper.svelte.ts';

export interface SourceLoading {
  sources: SourceStore;
  keeper: WorkbookKeeper;
  kept: KeptData;
  sampleHost: SampleHost;
}

export interface SourcesLoaded {
  /** Every source loaded. */
  all: boolean;
  /** How many came from the copies kept in this browser. */
  fromKept: number;
}

/**
 * Loads the sources of a workbook being opened: sample data, tables carried in its link, and, for
 * the user's own workbook only, the data this browser kept, or else files it kept handles to.
 */
export async function loadWorkbookSources(wb: Workbook, trusted: boolean, data: Record<string, string>, to: SourceLoading): Promise<SourcesLoaded> {
  const loads: Promise<boolean>[] = [];
  let fromKept = 0;
  for (const source of wb.sources) {
    if (source.origin === 'sample') {
      if (SAMPLE_DATASETS.some((d) => d.table === source.name)) loads.push(openSample(to.sampleHost, source.name));
      else to.sources.markMissing(source.name, 'shared');
      continue;
    }
    if (Object.hasOwn(data, source.name)) {
      loads.push(to.sources.loadText(source.name, data[source.name]));
      continue;
    }
    if (!trusted) {
      // A file named by someone else's workbook is never looked up among this browser's handles.
      to.sources.markMissing(source.name, 'shared');
      continue;
    }
    const copy = await to.kept.restore(source);
    if (copy) {
      loads.push(to.sources.restoreKept(source.name, copy));
      fromKept++;
      continue;
    }
    const handle = await to.keeper.storage.fileHandle(source.name).catch(() => undefined);
    const file = handle ? await fileFromHandle(handle, false) : null;
    if (file) loads.push(to.sources.reattach(source.name, file, handle ?? null));
    else to.sources.markMissing(source.name);
  }
  const loaded = await Promise.all(loads);
  return { all: loaded.every(Boolean) && loads.length === wb.sources.length, fromKept };
}
