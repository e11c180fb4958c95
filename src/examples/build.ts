import { SAMPLE_DATASETS } from '../../sample-data/catalog.ts';
import { createCell } from '../engine/new-cell.ts';
import { emptyWorkbook, type Cell, type CellKind, type SourceSpec, type Workbook } from '../engine/workbook.ts';
import type { FeatureSpec, NumericFeature } from '../ml/preprocess.ts';

/** An example workbook in the gallery: one segmentation technique, ready to run on sample data. */
export interface Example {
  id: string;
  title: string;
  /** One line for the gallery card. */
  summary: string;
  workbook: () => Workbook;
}

type CellOf<K extends CellKind> = Extract<Cell, { kind: K }>;

/**
 * Builds an example workbook cell by cell, starting from each kind's defaults. Cell ids are
 * derived from the example's id, so an example is the same workbook (and the same link) every time.
 */
export class ExampleBuilder {
  readonly workbook: Workbook;
  #id: string;

  constructor(id: string, title: string, samples: string[]) {
    this.#id = id;
    this.workbook = { ...emptyWorkbook(title), sources: samples.map(sampleSource) };
  }

  note(text: string): this {
    this.workbook.cells.push({ id: this.#nextId(), kind: 'markdown', text: text.trim() });
    return this;
  }

  sql(name: string, sql: string): this {
    return this.add('sql', { name, sql: sql.trim() });
  }

  add<K extends CellKind>(kind: K, settings: Partial<Omit<CellOf<K>, 'id' | 'kind'>>): this {
    const base = createCell(kind, this.workbook, this.workbook.cells.length);
    this.workbook.cells.push({ ...base, ...settings, id: this.#nextId(), kind });
    return this;
  }

  #nextId(): string {
    return `${this.#id}-${this.workbook.cells.length + 1}`;
  }
}

function sampleSource(table: string): SourceSpec {
  const dataset = SAMPLE_DATASETS.find((d) => d.table === table);
  if (!dataset) throw new Error(`no sample dataset is loaded as ${table}`);
  return { name: table, file: dataset.file, origin: 'sample', format: 'csv', columnTypes: {}, schema: [] };
}

/** Standardised numeric features, with log1p on the skewed ones. */
export function features(columns: string[], logged: string[] = [], categorical: string[] = []): FeatureSpec {
  const numeric = columns.map((column): NumericFeature => ({ column, scale: 'standard', log1p: logged.includes(column), clip: null }));
  return { numeric, categorical: categorical.map((column) => ({ column, topN: 10 })), missing: 'drop' };
}

/** The closing part of every introduction: the pitfalls every technique shares. */
export const PITFALLS = `
**Pitfalls.** Too many segments is the commonest mistake (over-segmentation): each one needs an
action and enough customers to be worth it, so keep the smallest above a few percent. Segments
describe groups, not people: do not profile individuals from sensitive traits, and keep customer
data in this tab (Segbook never sends it anywhere).`;
