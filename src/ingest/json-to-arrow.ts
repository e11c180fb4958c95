import { columnsToArrowIPC, type ArrowColumn } from './arrow-columns.ts';
import { LoadError } from './load-error.ts';

export interface JsonRecords {
  records: Record<string, unknown>[];
  /** Things worth telling the user about how the file was read. */
  notes: string[];
}

/** Parses a JSON array of objects, or NDJSON (one object per line). */
export function parseJsonRecords(fileName: string, text: string): JsonRecords {
  const body = text.replace(/^\uFEFF/, '');
  const first = body.trimStart()[0];
  if (first === undefined) throw new LoadError(`${fileName} is empty. Choose a file with at least one record.`);
  if (first === '[') return { records: parseArray(fileName, body), notes: [] };
  if (first === '{') {
    const lines = body.split(/\r?\n/);
    if (lines.filter((l) => l.trim() !== '').length === 1) {
      const value = parseJson(fileName, body);
      throw new LoadError(
        `${fileName}: expected a JSON array of objects ([{…}, {…}]) or one object per line (NDJSON), but the file holds a single object` +
          ` with keys ${describeKeys(value)}. If the records are inside one of those keys, save that array on its own and load it.`,
      );
    }
    return { records: parseLines(fileName, lines), notes: [] };
  }
  throw new LoadError(
    `${fileName}: expected a JSON array of objects or one object per line (NDJSON), but it starts with "${first}". Check that it is a JSON file.`,
  );
}

function parseJson(fileName: string, text: string, where = ''): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    throw new LoadError(`${fileName}${where}: not valid JSON (${reason}). Check that the file is complete and well-formed.`);
  }
}

function parseArray(fileName: string, text: string): Record<string, unknown>[] {
  const value = parseJson(fileName, text);
  if (!Array.isArray(value)) throw new LoadError(`${fileName}: expected a JSON array of objects.`);
  return value.map((item: unknown, i) => {
    if (!isRecord(item)) {
      throw new LoadError(
        `${fileName}: item ${i + 1} of the array is ${describeType(item)}, not an object. Each item must be an object like {"id": 1, …}.`,
      );
    }
    return item;
  });
}

function parseLines(fileName: string, lines: string[]): Record<string, unknown>[] {
  const records: Record<string, unknown>[] = [];
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    const value = parseJson(fileName, line, `, line ${i + 1}`);
    if (!isRecord(value)) {
      throw new LoadError(`${fileName}: line ${i + 1} is ${describeType(value)}, not an object. Each line of NDJSON must be one object.`);
    }
    records.push(value);
  });
  return records;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function describeType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return `a ${typeof v}`;
}

function describeKeys(v: unknown): string {
  const keys = isRecord(v) ? Object.keys(v).slice(0, 5) : [];
  return keys.length ? keys.map((k) => `"${k}"`).join(', ') : '(none)';
}

type Kind = 'bool' | 'int' | 'float' | 'date' | 'timestamp' | 'string' | 'nested';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?$/;

function kindOf(v: unknown): Kind {
  switch (typeof v) {
    case 'boolean':
      return 'bool';
    case 'number':
      return Number.isSafeInteger(v) ? 'int' : 'float';
    case 'string':
      return DATE.test(v) && isCalendarDate(v) ? 'date' : TIMESTAMP.test(v) && isCalendarDate(v.slice(0, 10)) && !Number.isNaN(Date.parse(v)) ? 'timestamp' : 'string';
    default:
      return 'nested';
  }
}

// Date.parse rolls 2024-02-30 over to March; a real date survives the round trip.
function isCalendarDate(ymd: string): boolean {
  const t = Date.parse(`${ymd}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === ymd;
}

// The narrowest kind that holds both; everything else falls back to text.
function widen(a: Kind | undefined, b: Kind): Kind {
  if (a === undefined || a === b) return b;
  const pair = new Set([a, b]);
  if (pair.has('int') && pair.has('float')) return 'float';
  if (pair.has('date') && pair.has('timestamp')) return 'timestamp';
  return pair.has('nested') ? 'nested' : 'string';
}

/** Builds an Arrow IPC stream from records: each column's kind is the narrowest that holds all its values. */
export function recordsToArrowIPC(records: Record<string, unknown>[]): { ipc: Uint8Array; notes: string[] } {
  const kinds = new Map<string, Kind | undefined>();
  for (const r of records) {
    for (const [k, v] of Object.entries(r)) {
      if (v === null || v === undefined) {
        if (!kinds.has(k)) kinds.set(k, undefined);
      } else kinds.set(k, widen(kinds.get(k), kindOf(v)));
    }
  }
  const notes: string[] = [];
  const nested = [...kinds].filter(([, k]) => k === 'nested').map(([name]) => name);
  if (nested.length) notes.push(`Columns ${nested.map((n) => `"${n}"`).join(', ')} hold lists or mixed nested values; they were kept as JSON text (use json_extract in a SQL cell to take them apart).`);
  const columns = [...kinds].map(([name, kind]): ArrowColumn => {
    const k = kind ?? 'string';
    return { name, kind: k === 'nested' ? 'string' : k, values: plainValues(records.map((r) => r[name]), k) };
  });
  return { ipc: columnsToArrowIPC(columns), notes };
}

/** A JSON column's values as the shared Arrow builder takes them: dates as epoch days, times as epoch microseconds, nested values as JSON text. */
function plainValues(values: unknown[], kind: Kind): ArrowColumn['values'] {
  return values.map((v) => {
    if (v === null || v === undefined) return null;
    switch (kind) {
      case 'bool':
        return v === true;
      case 'int':
      case 'float':
        return Number(v);
      case 'date':
        return Date.parse(`${String(v)}T00:00:00Z`) / 86_400_000;
      case 'timestamp': {
        const s = String(v);
        const zoned = /(Z|[+-]\d{2}:?\d{2})$/.test(s) ? s : `${s.replace(' ', 'T')}Z`;
        const fraction = /\.(\d{1,6})/.exec(s)?.[1] ?? '';
        return Date.parse(zoned) * 1000 + Number(fraction.padEnd(6, '0').slice(3) || 0);
      }
      default:
        return typeof v === 'string' ? v : JSON.stringify(v);
    }
  });
}
