import type { TableColumn } from '../../db/catalog.ts';
import { guessCustomerColumns, isKeyName } from '../column-guess.ts';

/** The column segmentations write their labels to (see segment-tables.ts and the rules and RFM cells). */
const SEGMENT = 'segment';
const CONTACT = /(e[-_ ]?mail|phone|mobile|^cell$|^tel|whatsapp|^name$|first[-_ ]?name|last[-_ ]?name|full[-_ ]?name|surname|given[-_ ]?name|address|post(al)?[-_ ]?code|zip|city|country)/i;

/**
 * The segment column of a table, or null when it has none: the column the segmentation cells
 * write ("segment"), else one whose name says it holds segments (cluster, persona, tier...).
 */
export function segmentColumnOf(columns: readonly TableColumn[]): string | null {
  if (columns.some((c) => c.name === SEGMENT)) return SEGMENT;
  return guessCustomerColumns(columns).segment;
}

/**
 * True when a table can give audience lists: it has a segment column and a column that names or
 * reaches each customer (an id, email, phone...). A summary with a row per segment has neither.
 */
export function canExportAudiences(columns: readonly TableColumn[]): boolean {
  const segment = segmentColumnOf(columns);
  if (segment === null) return false;
  const others = columns.filter((c) => c.name !== segment);
  return guessCustomerColumns(others).key !== null || others.some((c) => isKeyName(c.name) || CONTACT.test(c.name));
}

/** The id column to suggest: the customer key a new cell would guess, else the first key-like or first other column. */
export function defaultIdColumn(columns: readonly TableColumn[], segmentColumn: string): string | null {
  const others = columns.filter((c) => c.name !== segmentColumn);
  const key = guessCustomerColumns(others).key;
  return key ?? others.find((c) => isKeyName(c.name))?.name ?? others[0]?.name ?? null;
}

/** Columns that look like ways to reach a customer (email, phone, name, address), to tick at first. */
export function defaultContactColumns(columns: readonly TableColumn[], exclude: readonly string[]): string[] {
  return columns.filter((c) => !exclude.includes(c.name) && CONTACT.test(c.name)).map((c) => c.name);
}
