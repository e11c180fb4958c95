import { Cancelled } from '../cancelled.ts';
import type { Database } from '../db/database.ts';
import { quoteIdentifier, quoteLiteral } from '../db/sql-quote.ts';
import { decodeHead, explainSingleColumn, headerNotes } from './csv-checks.ts';
import { HEAD_BYTES, type FileKind } from './detect.ts';
import { LoadError, formatBytes } from './load-error.ts';
import type { FileParsers, LoadRequest } from './load-request.ts';
import { describeTable } from '../db/catalog.ts';
import { convertDecimalCommas, emptyColumnNotes, mayHaveDecimalCommas, roundedIntegerColumns, typeLargeIntegers } from './csv-repairs.ts';
import { ambiguousDateNote, convertNumericDates, hasNumericDates } from './date-order.ts';
import { castIntegersOnRead, integerColumns, zeroPaddedColumns } from './leading-zeros.ts';

const MAX_CONVERTED_BYTES = 256 * 1024 ** 2;
/** Larger gzipped files are left to DuckDB to unzip as it reads, so that no unzipped copy is held. */
const MAX_UNZIPPED_AHEAD_BYTES = 100 * 1024 ** 2;
/** Columns that may fall back to text before the file is given up on. */
const MAX_TEXT_FALLBACKS = 8;

export interface CsvLoad {
  notes: string[];
  /** Columns of dates like 03/04/2024 whose order of day and month was a guess. */
  ambiguousDates: string[];
}

/** Reads a CSV file into `staging` with DuckDB's own reader; returns notes for the user. */
export async function loadCsv(
  db: Database, req: LoadRequest, kind: FileKind, head: Uint8Array, staging: string, gunzip?: FileParsers['gunzip'],
): Promise<CsvLoad> {
  const { fileName, table } = req;
  const headText = decodeHead(head, kind.encoding);
  if (headText.trim() === '') {
    throw new LoadError(`${fileName} holds only blank lines. Choose a file with a header row and rows of data.`);
  }
  const unzipAhead = kind.gzip && gunzip !== undefined && !req.path && req.file.size <= MAX_UNZIPPED_AHEAD_BYTES;
  const file = unzipAhead ? await gunzip(req.file, fileName) : req.file;
  if (req.signal?.aborted) throw new Cancelled();
  // DuckDB picks gzip from the name, so a gzipped file always gets .gz, whatever it was called.
  const ext = (/\.(csv|tsv|txt|tab)/i.exec(fileName)?.[0] ?? '.csv').toLowerCase() + (kind.gzip && !unzipAhead ? '.gz' : '');
  let upload = { name: `${table}${ext}`, blob: file, path: unzipAhead ? undefined : req.path };
  let encoding = kind.encoding;
  if (encoding === 'utf-16be') {
    // DuckDB reads only little-endian UTF-16; convert the file in memory.
    if ((kind.gzip && !unzipAhead) || file.size > MAX_CONVERTED_BYTES) {
      throw new LoadError(
        `${fileName} is UTF-16 big-endian, which can only be converted for unzipped files up to ${formatBytes(MAX_CONVERTED_BYTES)}. Re-save it as UTF-8 and load it again.`,
      );
    }
    const text = new TextDecoder('utf-16be').decode(await file.arrayBuffer());
    upload = { name: `${table}.csv`, blob: new Blob([text.replace(/^\uFEFF/, '')]), path: undefined };
    encoding = 'utf-8';
  }
  const path = await db.registerUpload(upload);
  const notes: string[] = [];
  // skip=0: otherwise the sniffer may take ragged lines for a preamble and silently drop them.
  const baseOptions = `, skip=0${encoding === 'utf-8' ? '' : `, encoding=${quoteLiteral(encoding)}`}`;
  // Dates like 03/04/2024 are read as text and converted here, so that the order of day and
  // month is decided from every value and can be chosen by the user, not guessed from a sample.
  const sniffed = await sniffedColumns(db, path, baseOptions);
  const dateColumns = hasNumericDates(headText) ? sniffed.filter((c) => c.type === 'DATE' || c.type === 'TIMESTAMP').map((c) => c.name) : [];
  // Integer columns are first read as text and cast as they are read, which looks for values
  // with leading zeros past the sniffer's sample in the same pass (see castIntegersOnRead).
  let castOnRead = integerColumns(sniffed);
  const bigIntegers: string[] = [];
  const asText: string[] = [];
  let zeroChecked = false;
  for (;;) {
    let options = baseOptions;
    const text = [...new Set([...asText, ...dateColumns, ...bigIntegers, ...castOnRead.map((c) => c.name)])];
    if (text.length) options += `, types={${text.map((c) => `${quoteLiteral(c)}: 'VARCHAR'`).join(', ')}}`;
    const select = castOnRead.length ? `* REPLACE (${castIntegersOnRead(castOnRead)})` : '*';
    try {
      await db.exec(`CREATE OR REPLACE TABLE ${quoteIdentifier(staging)} AS SELECT ${select} FROM read_csv(${quoteLiteral(path)}${options})`, {
        signal: req.signal,
        onProgress: req.onProgress,
        progressFile: { path, size: upload.blob.size },
      });
      if (!bigIntegers.length) {
        const rounded = await roundedIntegerColumns(db, staging, await describeTable(db, staging), req.signal);
        if (rounded.length) {
          bigIntegers.push(...rounded);
          continue;
        }
      }
      // A cast read that finished saw no padded value in any integer column.
      zeroChecked ||= castOnRead.length > 0;
      const padded = zeroChecked ? [] : await zeroPaddedColumns(db, path, baseOptions, staging, req.signal);
      zeroChecked = true;
      if (padded.length) {
        asText.push(...padded.map((p) => p.column));
        for (const p of padded) notes.push(`${fileName}: column "${p.column}" has values with leading zeros, such as "${p.example.trim()}"; it was read as text (VARCHAR) to keep them.`);
        continue;
      }
      break;
    } catch (e) {
      if (e instanceof Cancelled) throw e;
      if (castOnRead.length) {
        // A padded value, one that is no integer, or any other problem: read it the plain way,
        // which names the line and keeps the zeros.
        castOnRead = [];
        continue;
      }
      const mixed = mixedColumn(e);
      // The sniffer guesses types from a sample; a column whose later values break the guess
      // is read as text rather than refused, and the user is told.
      if (mixed && !asText.includes(mixed.column) && asText.length < MAX_TEXT_FALLBACKS) {
        asText.push(mixed.column);
        notes.push(
          `${fileName}: column "${mixed.column}" looked like ${mixed.type}, but line ${mixed.line} has "${mixed.value}"; it was read as text (VARCHAR). Choose a type in the schema preview once the values agree, or convert them in a SQL cell.`,
        );
        continue;
      }
      throw new LoadError(`${fileName} could not be read as CSV: ${csvReason(e)}`, { cause: e });
    }
  }
  const columns = await describeTable(db, staging);
  const fullHeadRead = kind.gzip ? head.length < HEAD_BYTES : req.file.size <= head.length;
  if (columns.length === 1) explainSingleColumn(fileName, headText, fullHeadRead);
  notes.push(...headerNotes(fileName, headText, columns.map((c) => c.name)));
  for (const column of bigIntegers) notes.push(...(await typeLargeIntegers(db, staging, fileName, column, req.signal)));
  const chosen = req.columnTypes ?? {};
  const ambiguousDates: string[] = [];
  // The sniffer calls a column text when its sample fits both orders, so text columns are tried too.
  const textColumns = dateColumns.length || hasNumericDates(headText) ? columns.filter((c) => c.type === 'VARCHAR').map((c) => c.name) : [];
  for (const column of new Set([...dateColumns, ...textColumns])) {
    if (chosen[column] === 'VARCHAR') continue;
    const reading = await convertNumericDates(db, staging, column, req.dateOrder, req.signal, !dateColumns.includes(column));
    if (reading?.ambiguous) {
      ambiguousDates.push(column);
      notes.push(ambiguousDateNote(fileName, reading));
    }
  }
  const typed = await describeTable(db, staging);
  if (mayHaveDecimalCommas(headText)) notes.push(...(await convertDecimalCommas(db, staging, fileName, typed, chosen, req.signal)));
  notes.push(...(await emptyColumnNotes(db, staging, fileName, typed, req.signal)));
  return { notes, ambiguousDates };
}

/** The columns and types DuckDB's sniffer gives the file; it reads only a sample, not the file. */
async function sniffedColumns(db: Database, path: string, options: string): Promise<Array<{ name: string; type: string }>> {
  try {
    const columns = await db.query(`DESCRIBE SELECT * FROM read_csv(${quoteLiteral(path)}${options})`);
    return columns.map((c) => ({ name: String(c.column_name), type: String(c.column_type) }));
  } catch {
    // The full read below reports what is wrong with the file.
    return [];
  }
}

/** The column, type and value of a CSV conversion error, when that is what the error is. */
function mixedColumn(e: unknown): { column: string; type: string; value: string; line: string } | null {
  const message = e instanceof Error ? e.message : String(e);
  const m = /Error when converting column "([^"]+)"\. Could not convert string "([^"]*)" to '([^']+)'/.exec(message);
  if (!m) return null;
  return { column: m[1], value: m[2], type: m[3], line: /CSV Error on Line: (\d+)/.exec(message)?.[1] ?? '?' };
}

// DuckDB's CSV errors are long; keep the part a user can act on.
function csvReason(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  const line = /Line: (\d+)/.exec(message)?.[1];
  const reason =
    message.split('\n').find((l) => l.trim() && !/^(Invalid Input Error|Conversion Error: CSV Error on Line|Original Line|Possible Solution)/.test(l)) ??
    message;
  return `${reason.replace(/^[A-Za-z ]+Error: /, '').trim().replace(/\.$/, '')}${line ? ` (line ${line})` : ''}. Check the file's format and encoding.`;
}
