import {
  Decimal, Field, RecordBatch, Schema, Struct, Table, makeData, makeVector, tableToIPC, type Data,
} from 'apache-arrow';
import { tableFromStreams } from './arrow-streams.ts';
import { writeCsv } from './csv-writer.ts';
import { writeXlsx } from './xlsx-writer.ts';
import { zipFiles } from './zip-writer.ts';
import type { DecimalColumn, ExportFormat } from './table-export.ts';

/** parquet-wasm's writer, injected so the browser worker and Node can each load their build of it. */
export type WriteParquet = (ipc: Uint8Array) => Uint8Array;

/**
 * Encodes an export's Arrow stream (see exportPlan) as CSV, Parquet or .xlsx. Decimal columns
 * arrive as their exact text: CSV writes the text as a number, .xlsx as a number where Excel keeps
 * every digit, Parquet gets them back as 128-bit decimals. `sheetName` names an .xlsx's sheet.
 */
export function encodeTable(streams: Uint8Array[], decimals: DecimalColumn[], format: ExportFormat, writeParquet: WriteParquet, sheetName?: string): Uint8Array {
  const table = tableFromStreams(streams);
  if (format === 'csv') return writeCsv(table, new Set(decimals.map((d) => d.name)));
  if (format === 'xlsx') return writeXlsx(table, new Set(decimals.map((d) => d.name)), sheetName);
  return writeParquet(tableToIPC(withDecimals(table, decimals), 'stream'));
}

/** One file of a several-file export: its rows as Arrow streams from an export query. */
export interface FileToEncode {
  fileName: string;
  sheetName: string;
  streams: Uint8Array[];
  decimals: DecimalColumn[];
}

/**
 * Encodes each file as CSV or .xlsx: one file comes back as itself, several as one .zip named
 * `zipName`, since a browser asks before it lets a page start several downloads at once.
 */
export function encodeFiles(files: FileToEncode[], format: 'csv' | 'xlsx', zipName: string): { fileName: string; bytes: Uint8Array } {
  const encoded = files.map((f) => ({ name: f.fileName, bytes: encodeTable(f.streams, f.decimals, format, noParquet, f.sheetName) }));
  if (encoded.length === 1) return { fileName: encoded[0].name, bytes: encoded[0].bytes };
  return { fileName: zipName, bytes: zipFiles(encoded) };
}

function noParquet(): never {
  throw new Error('audience lists are written as CSV or .xlsx, not Parquet');
}

function withDecimals(table: Table, decimals: DecimalColumn[]): Table {
  if (!decimals.length) return table;
  const byName = new Map(decimals.map((d) => [d.name, d]));
  const fields = table.schema.fields.map((f) => {
    const d = byName.get(f.name);
    return d ? new Field(f.name, new Decimal(d.scale, d.precision, 128), f.nullable) : f;
  });
  const schema = new Schema(fields, table.schema.metadata);
  const batches = table.batches.map((batch) => {
    const children = batch.data.children.map((child, j) => {
      const d = byName.get(fields[j].name);
      return d ? decimalData(child, d) : child;
    });
    return new RecordBatch(schema, makeData({ type: new Struct(fields), length: batch.numRows, nullCount: 0, children }));
  });
  return new Table(schema, batches);
}

/** A 128-bit decimal column from the text of each value, e.g. "-12.50" with scale 2 becomes -1250. */
function decimalData(text: Data, column: DecimalColumn): Data<Decimal> {
  const strings = makeVector(text);
  const words = new BigUint64Array(text.length * 2);
  for (let i = 0; i < text.length; i++) {
    const s = strings.get(i);
    if (s === null || s === undefined) continue;
    const unscaled = unscaledValue(String(s), column);
    words[2 * i] = BigInt.asUintN(64, unscaled);
    words[2 * i + 1] = BigInt.asUintN(64, unscaled >> 64n);
  }
  return makeData({
    type: new Decimal(column.scale, column.precision, 128),
    length: text.length,
    nullCount: text.nullCount,
    nullBitmap: text.nullBitmap,
    data: new Uint32Array(words.buffer),
  });
}

function unscaledValue(s: string, column: DecimalColumn): bigint {
  const match = /^(-?)(\d*)(?:\.(\d*))?$/.exec(s.trim());
  if (!match) throw new Error(`column "${column.name}" holds "${s}", which is not a decimal number`);
  const fraction = (match[3] ?? '').padEnd(column.scale, '0').slice(0, column.scale);
  const digits = BigInt((match[2] || '0') + fraction);
  return match[1] ? -digits : digits;
}
