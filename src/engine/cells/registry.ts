import { chartKind } from './chart/kind.ts';
import { clusterKind } from './cluster/kind.ts';
import { clvKind } from './clv/kind.ts';
import type { CellKindEntry } from './kind.ts';
import { kpiKind } from './kpi/kind.ts';
import { markdownKind } from './markdown/kind.ts';
import { migrationKind } from './migration/kind.ts';
import { profileKind } from './profile/kind.ts';
import { rfmKind } from './rfm/kind.ts';
import { rulesKind } from './rules/kind.ts';
import { sampleKind } from './sample/kind.ts';
import { scoreKind } from './score/kind.ts';
import { sqlKind } from './sql/kind.ts';
import { validateKind } from './validate/kind.ts';

/**
 * Every kind of cell this Segbook knows, in the order the notebook offers them (that of a typical
 * analysis). Adding a kind is adding its folder and one line here.
 */
const ENTRIES = [
  sqlKind, markdownKind, sampleKind, rfmKind, clvKind, rulesKind, clusterKind, validateKind, scoreKind, profileKind, kpiKind, migrationKind, chartKind,
] as const;

type Entry = (typeof ENTRIES)[number];

/** A cell of any kind. */
export type Cell = ReturnType<Entry['read']>;
export type CellKind = Cell['kind'];
/** What a finished cell found, beyond its table, for the views to show. */
export type CellResult = NonNullable<Awaited<ReturnType<NonNullable<Entry['run']>>>['result']>;
// Not ReturnType: a kind without a result takes `never`, which ReturnType answers with `any`.
type ReportOf<E> = E extends { report?(...args: never[]): infer P } ? P : never;
/** A result as the command line's run.json reports it. */
export type ReportedResult = ReportOf<Entry>;

type AnyEntry = CellKindEntry<Cell, CellResult, ReportedResult>;

// A Map, so that a kind like "constructor" or "__proto__" is not found on a prototype.
const BY_KIND: ReadonlyMap<string, AnyEntry> = new Map(ENTRIES.map((e): [string, AnyEntry] => [e.kind, e]));

/** The entry of a kind, or undefined for a kind this Segbook does not know. */
export function kindEntry(kind: unknown): AnyEntry | undefined {
  return typeof kind === 'string' ? BY_KIND.get(kind) : undefined;
}

/** The entry of a cell's own kind. */
export function entryOf(cell: Cell): AnyEntry {
  const entry = BY_KIND.get(cell.kind);
  if (!entry) throw new Error(`unknown cell kind: ${JSON.stringify(cell.kind)}`);
  return entry;
}

/** Every kind, in the registry's order. */
export const CELL_KINDS: readonly CellKind[] = ENTRIES.map((e) => e.kind);

/** What the user calls a kind, e.g. "Profile and personas". */
export function kindLabel(kind: CellKind): string {
  return BY_KIND.get(kind)?.label ?? kind;
}
