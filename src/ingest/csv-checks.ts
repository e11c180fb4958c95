import { LoadError } from './load-error.ts';
import type { TextEncoding } from './detect.ts';

const DELIMITERS = [',', '\t', ';', '|'];

/** Decodes the start of a text file in its detected encoding. */
export function decodeHead(head: Uint8Array, encoding: TextEncoding): string {
  if (encoding === 'latin-1') return new TextDecoder('latin1').decode(head);
  if (encoding === 'utf-16') return new TextDecoder('utf-16le').decode(head);
  if (encoding === 'utf-16be') return new TextDecoder('utf-16be').decode(head);
  return new TextDecoder('utf-8').decode(head).replace(/^\uFEFF/, '');
}

/** Splits one CSV line into fields, honouring double quotes. */
export function splitLine(line: string, delimiter: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === delimiter) {
      fields.push(field);
      field = '';
    } else field += c;
  }
  fields.push(field);
  return fields;
}

function lines(text: string): string[] {
  const all = text.split(/\r?\n/);
  // The head was cut at a byte count; its last line is probably incomplete.
  all.pop();
  return all.filter((l) => l !== '');
}

/**
 * DuckDB reads a CSV whose rows have different numbers of fields as a single text column.
 * Called when that happened: throws a message naming the first line that does not fit.
 */
export function explainSingleColumn(fileName: string, headText: string, fullHeadRead: boolean): void {
  const rows = fullHeadRead ? headText.split(/\r?\n/).filter((l) => l !== '') : lines(headText);
  const header = rows[0] ?? '';
  const delimiter = DELIMITERS.find((d) => header.includes(d));
  if (!delimiter) return;
  const expected = splitLine(header, delimiter).length;
  const bad = rows.findIndex((r, i) => i > 0 && splitLine(r, delimiter).length !== expected);
  const name = delimiter === '\t' ? 'tab' : `"${delimiter}"`;
  const where =
    bad > 0 ? `the header has ${expected} fields but line ${bad + 1} has ${splitLine(rows[bad], delimiter).length}` : 'its rows have different numbers of fields';
  throw new LoadError(
    `${fileName}: ${where} (separated by ${name}), so it cannot be read as a table. ` +
      `Fix the rows with missing or extra separators, or quote fields that contain ${name}, and load it again.`,
  );
}

/** Notes about header cells DuckDB had to rename: blanks and duplicates. */
export function headerNotes(fileName: string, headText: string, columnNames: string[]): string[] {
  if (columnNames.every((c) => /^column\d+$/.test(c))) return []; // no header row
  const header = headText.split(/\r?\n/)[0] ?? '';
  const delimiter = DELIMITERS.find((d) => splitLine(header, d).length === columnNames.length);
  if (!delimiter) return [];
  const raw = splitLine(header, delimiter).map((f) => f.trim());
  const notes: string[] = [];
  const seen = new Map<string, number>();
  raw.forEach((name, i) => {
    if (name === '') {
      notes.push(`${fileName}: column ${i + 1} has no header; it was named "${columnNames[i]}". Rename it with a SQL cell if needed.`);
      return;
    }
    const first = seen.get(name.toLowerCase());
    if (first !== undefined) {
      notes.push(
        `${fileName}: header "${name}" appears more than once (columns ${first + 1} and ${i + 1}); column ${i + 1} was named "${columnNames[i]}".`,
      );
    } else seen.set(name.toLowerCase(), i);
  });
  return notes;
}
