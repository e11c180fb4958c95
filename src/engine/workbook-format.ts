import { isSafeTypeName } from './column-types.ts';
import { isValidIdentifier } from './identifiers.ts';
import { MAX_CELLS, MAX_JSON_DEPTH, jsonDepth } from './json-limits.ts';
import { kindEntry } from './cells/registry.ts';
import { isObject, str } from './cells/fields.ts';
import { WORKBOOK_VERSION, cellOutputs, type Cell, type ColumnSpec, type SourceSpec, type Workbook } from './workbook.ts';

/** Cell ids are made by Segbook (short random text); a longer one is not from a real workbook. */
const MAX_ID_LENGTH = 64;

/** A workbook file or link that cannot be opened, with the reason. */
export class WorkbookFormatError extends Error {
  override name = 'WorkbookFormatError';
}

type Migration = (old: Record<string, unknown>) => Record<string, unknown>;

/**
 * Upgrades from each older version to the next, in order: MIGRATIONS.get(n) turns version n into n + 1.
 * Version 1 is the first, so there is nothing to upgrade yet.
 */
const MIGRATIONS: ReadonlyMap<number, Migration> = new Map();

export function serializeWorkbook(wb: Workbook): string {
  return JSON.stringify(wb, null, 2) + '\n';
}

/** Reads a workbook from JSON text, upgrading older versions. `origin` names the file or link in messages. */
export function parseWorkbook(text: string, origin = 'the workbook'): Workbook {
  checkDepth(text, origin);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new WorkbookFormatError(`${origin} is not valid JSON (${e instanceof Error ? e.message : e}). Choose a .json file saved by Segbook.`);
  }
  return readWorkbook(raw, origin);
}

export function readWorkbook(raw: unknown, origin = 'the workbook'): Workbook {
  if (!isObject(raw) || raw.format !== 'segbook-workbook') {
    throw new WorkbookFormatError(`${origin} is not a Segbook workbook (no "format": "segbook-workbook"). Choose a .json file saved by Segbook.`);
  }
  let version = raw.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new WorkbookFormatError(`${origin} has an invalid version: ${JSON.stringify(version)}.`);
  }
  if (version > WORKBOOK_VERSION) {
    throw new WorkbookFormatError(
      `${origin} was made by a newer Segbook (format version ${version}); this one reads up to version ${WORKBOOK_VERSION}. Update Segbook to open it.`,
    );
  }
  let doc: Record<string, unknown> = raw;
  while (version < WORKBOOK_VERSION) {
    const migrate = MIGRATIONS.get(version);
    if (!migrate) throw new WorkbookFormatError(`${origin} has format version ${version}, which this Segbook cannot upgrade.`);
    doc = migrate(doc);
    version++;
  }
  if (Array.isArray(doc.cells) && doc.cells.length > MAX_CELLS) {
    throw new WorkbookFormatError(
      `${origin} has ${doc.cells.length.toLocaleString('en')} cells; Segbook opens workbooks of up to ${MAX_CELLS} cells. Split it into smaller workbooks.`,
    );
  }
  return validate(doc, origin);
}

/**
 * Refuses JSON nested deeper than any workbook before it is parsed or walked: readers that
 * recurse (String() of an array, structuredClone, Svelte's proxies) would run out of stack.
 */
export function checkDepth(text: string, origin: string): void {
  const depth = jsonDepth(text, MAX_JSON_DEPTH);
  if (depth > MAX_JSON_DEPTH) {
    throw new WorkbookFormatError(
      `${origin} nests lists or objects more than ${MAX_JSON_DEPTH} levels deep, which no Segbook workbook does; it was not opened.`,
    );
  }
}

function validate(doc: Record<string, unknown>, origin: string): Workbook {
  const fail = (what: string): never => {
    throw new WorkbookFormatError(`${origin} is damaged: ${what}.`);
  };
  if (!Array.isArray(doc.cells)) fail('"cells" is not a list');
  if (!Array.isArray(doc.sources)) fail('"sources" is not a list');
  const ids = new Set<string>();
  const names = new Set<string>();
  const sources = (doc.sources as unknown[]).map((s, i): SourceSpec => {
    if (!isObject(s)) return fail(`source ${i + 1} is not an object`);
    const name = str(s.name) ?? fail(`source ${i + 1} has no name`);
    if (!isValidIdentifier(name)) fail(`source ${i + 1} has an invalid table name ${JSON.stringify(name)}`);
    if (names.has(name)) fail(`two tables are called ${name}`);
    names.add(name);
    const format = s.format === 'csv' || s.format === 'parquet' || s.format === 'json' || s.format === 'excel' ? s.format : fail(`source ${name} has an unknown format`);
    return {
      name,
      file: str(s.file) ?? fail(`source ${name} has no file name`),
      origin: s.origin === 'sample' ? 'sample' : 'file',
      format,
      columnTypes: isObject(s.columnTypes) ? columnTypes(s.columnTypes, name, fail) : {},
      schema: Array.isArray(s.schema) ? s.schema.filter(isColumn) : [],
      ...(s.dateOrder === 'month-first' || s.dateOrder === 'day-first' ? { dateOrder: s.dateOrder } : {}),
      ...(s.sheet === undefined ? {} : { sheet: sheetName(s.sheet, name, fail) }),
      ...(s.pasted === true ? { pasted: true } : {}),
    };
  });
  const cells = (doc.cells as unknown[]).map((c, i): Cell => {
    if (!isObject(c)) return fail(`cell ${i + 1} is not an object`);
    const id = str(c.id) ?? fail(`cell ${i + 1} has no id`);
    if (id === '' || id.length > MAX_ID_LENGTH) fail(`cell ${i + 1} has an id that is empty or longer than ${MAX_ID_LENGTH} characters`);
    if (ids.has(id)) fail(`two cells have the id ${JSON.stringify(id)}`);
    ids.add(id);
    const entry = kindEntry(c.kind) ?? fail(`cell ${i + 1} has an unknown kind ${JSON.stringify(c.kind)}; open it in the Segbook that made it`);
    const cell: Cell = entry.read(c, id, { position: i + 1, fail });
    for (const table of cellOutputs(cell)) {
      if (names.has(table)) fail(`two tables are called ${table}`);
      names.add(table);
    }
    return cell;
  });
  return { format: 'segbook-workbook', version: WORKBOOK_VERSION, title: str(doc.title) ?? 'Untitled workbook', sources, cells };
}

// fromEntries defines own properties: a column called __proto__ stays a column, not a prototype.
function columnTypes(v: Record<string, unknown>, source: string, fail: (what: string) => never): Record<string, string> {
  return Object.fromEntries(
    Object.entries(v).map(([column, type]) => {
      if (typeof type !== 'string' || !isSafeTypeName(type)) fail(`source ${source} asks for column ${JSON.stringify(column)} an invalid type ${JSON.stringify(type)}`);
      return [column, String(type)];
    }),
  );
}

// Excel's own rule: 1 to 31 characters, none of : \\ / ? * [ ]; control characters are refused too,
// since the name is shown to whoever opens a shared link.
function sheetName(v: unknown, source: string, fail: (what: string) => never): string {
  if (typeof v !== 'string' || v.length === 0 || v.length > 31 || /[:\\/?*[\]\u0000-\u001f\u007f]/.test(v)) {
    return fail(`source ${source} names an invalid sheet ${JSON.stringify(typeof v === 'string' ? v.slice(0, 40) : v)}`);
  }
  return v;
}

function isColumn(v: unknown): v is ColumnSpec {
  return isObject(v) && typeof v.name === 'string' && typeof v.type === 'string';
}
