import { LoadError } from './load-error.ts';

/** parquet-wasm's reader, injected so the browser worker and Node can each load their build of it. */
export type ReadParquet = (bytes: Uint8Array) => { intoIPCStream(): Uint8Array };

const MAGIC = [0x50, 0x41, 0x52, 0x31]; // "PAR1", at both ends of every Parquet file

export function parquetToIPC(fileName: string, bytes: Uint8Array, readParquet: ReadParquet): Uint8Array {
  const n = bytes.length;
  const hasMagic = (at: number) => MAGIC.every((b, i) => bytes[at + i] === b);
  if (n < 12 || !hasMagic(0)) {
    throw new LoadError(`${fileName} is not a Parquet file (it does not start with "PAR1"). Check that it was exported as Parquet.`);
  }
  if (!hasMagic(n - 4)) {
    throw new LoadError(
      `${fileName} is cut short: its Parquet footer is missing, so it was probably truncated while copying or downloading. Export or copy it again.`,
    );
  }
  try {
    return readParquet(bytes).intoIPCStream();
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    throw new LoadError(`${fileName} could not be read as Parquet (${reason}). Export it again, or save it as CSV.`, { cause: e });
  }
}
