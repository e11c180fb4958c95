import type { Cell } from '../engine/workbook.ts';

/** One line of a cell's settings as a reader sees it, e.g. ["Customer column", "customer_id"]. */
export type SettingLine = [label: string, value: string];

/**
 * Fields every cell has, fields shown elsewhere in the export (the name, a SQL cell's code, a
 * note's text), and long ones that only the app can edit in a useful way (an RFM segment map,
 * a profile's playbook and persona edits, a fitted model): the export names them, briefly.
 */
const SHOWN_ELSEWHERE = new Set(['id', 'kind', 'name', 'sql', 'text', 'model']);
const BRIEFLY: Record<string, (v: unknown) => string> = {
  segmentMap: (v) => plural(count(v), 'named segment'),
  playbook: (v) => plural(count(v), 'playbook entry', 'playbook entries'),
  personas: (v) => plural(typeof v === 'object' && v ? Object.keys(v).length : 0, 'edited persona'),
};

const count = (v: unknown) => (Array.isArray(v) ? v.length : 0);
const plural = (n: number, one: string, many = `${one}s`) => (n === 0 ? '' : `${n} ${n === 1 ? one : many}`);

/** A setting left empty (no churn table, no categorical columns) says nothing a reader needs. */
const isEmpty = (v: unknown) => v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0)
  || (typeof v === 'object' && v !== null && Object.keys(v).length === 0);

/** "segmentColumn" → "Segment column". */
function label(field: string): string {
  const words = field.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function value(v: unknown): string {
  if (v === null || v === undefined || v === '') return 'none';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return v.length ? v.map(value).join(', ') : 'none';
  if (isRecord(v)) {
    const o = v;
    // Features, conditions and the like read best as "column (details)".
    if (typeof o.column === 'string') {
      const rest = Object.entries(o).filter(([k]) => k !== 'column').map(([k, x]) => `${label(k).toLowerCase()} ${value(x)}`);
      return rest.length ? `${o.column} (${rest.join('; ')})` : o.column;
    }
    if (typeof o.name === 'string') return o.name;
    const keys = Object.keys(o);
    if (keys.length === 1 && keys[0] === 'kind') return value(o.kind);
    return Object.entries(o).map(([k, x]) => `${label(k).toLowerCase()} ${value(x)}`).join('; ');
  }
  return String(v);
}

function ruleSegments(cell: Extract<Cell, { kind: 'rules' }>): SettingLine[] {
  const lines = cell.segments.map((s): SettingLine => {
    const joiner = s.match === 'all' ? ' and ' : ' or ';
    const conditions = s.conditions.map((c) => [c.column, c.op, c.value, c.value2 ? `and ${c.value2}` : ''].filter(Boolean).join(' '));
    return [`Segment "${s.name}"`, conditions.length ? conditions.join(joiner) : 'every row'];
  });
  return [['Input', cell.input], ...lines, ['Everyone else', cell.elseSegment]];
}

/** A readable summary of a cell's settings, for cells that are not SQL or a note. */
export function settingsSummary(cell: Cell): SettingLine[] {
  if (cell.kind === 'rules') return ruleSegments(cell);
  if (cell.kind === 'cluster') {
    const { features, ...rest } = cell;
    return [
      ['Features', features.numeric.map((f) => `${f.column}${f.log1p ? ' (log)' : ''}`).concat(features.categorical.map((f) => `${f.column} (categories)`)).join(', ') || 'none'],
      ['Missing values', features.missing],
      ...settingsOf(rest),
    ];
  }
  return settingsOf(cell);
}

function settingsOf(cell: object): SettingLine[] {
  return Object.entries(cell)
    .filter(([k, v]) => !SHOWN_ELSEWHERE.has(k) && !isEmpty(v))
    .map(([k, v]): SettingLine => [label(k), BRIEFLY[k] ? BRIEFLY[k](v) : value(v)])
    .filter(([, v]) => v !== '');
}
