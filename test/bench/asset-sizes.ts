import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface AssetGroup {
  label: string;
  files: string[];
  raw: number;
  gzip: number;
  /** The group the < 300 KB gzip target applies to. */
  target?: boolean;
}

/**
 * The built app's code in groups: the JS the page loads at start (the entry script and the
 * modules index.html preloads; apache-arrow and duckdb-wasm's main-thread API are bundled into
 * it), the JS loaded when a kind of cell first appears, the app's workers, DuckDB's worker and
 * the wasm binaries. Gzip at zlib's default level, as a static host would serve them.
 */
export async function assetSizes(distDir: string): Promise<AssetGroup[]> {
  const html = await readFile(join(distDir, 'index.html'), 'utf8');
  const atStart = new Set([...html.matchAll(/(?:src|href)="\/assets\/([^"]+\.js)"/g)].map((m) => m[1]));
  const group = (label: string, target = false): AssetGroup => ({ label, files: [], raw: 0, gzip: 0, target });
  const groups = {
    start: group('App JS loaded at start (not counting DuckDB\'s worker)', true),
    onUse: group('App JS loaded when a kind of cell first appears (charts, segmentation and marketing views, Markdown)'),
    workers: group('App workers (file parsing and export, clustering and metrics, k-means helper)'),
    duckdb: group('DuckDB worker JS'),
    wasm: group('wasm (DuckDB, parquet-wasm)'),
  };
  const assets = join(distDir, 'assets');
  for (const name of (await readdir(assets)).sort()) {
    const into = name.endsWith('.wasm') ? groups.wasm
      : !name.endsWith('.js') ? null
      : name.startsWith('duckdb-') ? groups.duckdb
      : /\.worker-/.test(name) ? groups.workers
      : atStart.has(name) ? groups.start
      : groups.onUse;
    if (!into) continue;
    const bytes = await readFile(join(assets, name));
    into.files.push(name);
    into.raw += bytes.length;
    into.gzip += gzipSync(bytes).length;
  }
  return Object.values(groups);
}
