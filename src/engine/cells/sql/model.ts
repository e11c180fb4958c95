import { str, tableName, type FieldReader, type Raw } from '../fields.ts';

export interface SqlCell {
  id: string;
  kind: 'sql';
  /** Name of the table the cell's result is stored in. */
  name: string;
  sql: string;
}

export function readSqlCell(c: Raw, id: string, r: FieldReader): SqlCell {
  return { id, kind: 'sql', name: tableName(c, r), sql: str(c.sql) ?? '' };
}
