import { num, optionalStr, required, tableName, type FieldReader, type Raw } from '../fields.ts';

/** A seeded sample of a table's rows: a simple random one, or one stratified by a column. */
export interface SampleCell {
  id: string;
  kind: 'sample';
  name: string;
  input: string;
  /** random: any rows; stratified: each value of `stratum` keeps its share of the rows. */
  method: 'random' | 'stratified';
  /** The column whose values are the strata; null for a random sample. */
  stratum: string | null;
  /** A number of rows, or a percentage of the input's rows (0 to 100). */
  size: number;
  unit: 'rows' | 'percent';
  seed: number;
}

export function readSampleCell(c: Raw, id: string, r: FieldReader): SampleCell {
  const name = tableName(c, r);
  const { text, number } = required(name, r);
  return {
    id, kind: 'sample', name,
    input: text(c.input, 'input'),
    method: c.method === 'stratified' ? 'stratified' : 'random',
    stratum: optionalStr(c.stratum),
    size: number(c.size, 'size'),
    unit: c.unit === 'percent' ? 'percent' : 'rows',
    seed: num(c.seed) ?? 42,
  };
}
