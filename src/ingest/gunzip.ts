import { LoadError } from './load-error.ts';

/**
 * Unzips a gzipped file into a Blob with the platform's DecompressionStream. A damaged or cut-off
 * file is refused by name, as DuckDB would refuse it while reading.
 */
export async function gunzipBlob(file: Blob, fileName: string): Promise<Blob> {
  try {
    return await new Response(file.stream().pipeThrough(new DecompressionStream('gzip'))).blob();
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    throw new LoadError(`${fileName} could not be unzipped (${reason}): the gzip file is damaged or cut off. Zip it again, or load the unzipped file.`);
  }
}
