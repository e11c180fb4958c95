import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface AssetGroup {
  label: string;
  files: string[];
  raw: number;
  gzip: number;
}

/**
 * The built app's code, in three groups: the app's own JS (everything but DuckDB's worker),
 * DuckDB's worker JS, and the wasm binaries. Sample data files are left out: they load only
 * when asked for. Gzip at zlib's default level, as a static host would serve them.
 */
export async function assetSizes(assetsDir: string): Promise<AssetGroup[]> {
  const groups: AssetGroup[] = [
    { label: 'App JS (not counting DuckDB\'s worker)', files: [], raw: 0, gzip: 0 },
    { label: 'DuckDB worker JS', files: [], raw: 0, gzip: 0 },
    { label: 'wasm (DuckDB, parquet-wasm)', files: [], raw: 0, gzip: 0 },
  ];
  for (const name of (await readdir(assetsDir)).sort()) {
    const group = name.endsWith('.wasm') ? groups[2] : name.endsWith('.js') ? (name.startsWith('duckdb-') ? groups[1] : groups[0]) : null;
    if (!group) continue;
    const bytes = await readFile(join(assetsDir, name));
    group.files.push(name);
    group.raw += bytes.length;
    group.gzip += gzipSync(bytes).length;
  }
  return groups;
}
