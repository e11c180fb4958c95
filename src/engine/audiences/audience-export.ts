import type { Database } from '../../db/database.ts';
import type { FileToEncode } from '../../db/table-encoders.ts';
import { segmentCountsSql, type AudienceFile, type AudienceFormat } from './audience-plan.ts';

/** A segment label and how many rows carry it; `segment` is null for rows with no segment. */
export interface SegmentCount {
  segment: string | null;
  rows: number;
}

/** The segments of a table with their sizes, as the export dialog lists them. */
export async function readSegmentCounts(db: Database, table: string, segmentColumn: string, signal?: AbortSignal): Promise<SegmentCount[]> {
  const rows = await db.query(segmentCountsSql(table, segmentColumn), { signal });
  return rows.map((r) => ({ segment: r.segment === null ? null : String(r.segment), rows: Number(r.rows) }));
}

/** One planned file with its rows read, ready for the encoder. */
export type AudienceStreams = FileToEncode;

/** Turns the files' Arrow streams into the download: bytes in Node, a Blob from a worker in the browser. */
export type AudienceEncoder<T> = (files: AudienceStreams[], format: AudienceFormat) => Promise<T>;

/** Reads each planned file's rows as Arrow and hands them all to the encoder. */
export async function exportAudiences<T>(db: Database, files: AudienceFile[], format: AudienceFormat, encode: AudienceEncoder<T>, signal?: AbortSignal): Promise<T> {
  const read: AudienceStreams[] = [];
  for (const f of files) read.push({ fileName: f.fileName, sheetName: f.sheetName, streams: await db.queryArrowIPC(f.sql, { signal }), decimals: f.decimals });
  return encode(read, format);
}
