import { required, tableName, type FieldReader, type Raw } from '../fields.ts';

export interface ScoreCell {
  id: string;
  kind: 'score';
  name: string;
  input: string;
  /** The cluster cell (by its table name) whose model gives the segments. */
  model: string;
}

export function readScoreCell(c: Raw, id: string, r: FieldReader): ScoreCell {
  const name = tableName(c, r);
  const { text } = required(name, r);
  return { id, kind: 'score', name, input: text(c.input, 'input'), model: text(c.model, 'model') };
}
