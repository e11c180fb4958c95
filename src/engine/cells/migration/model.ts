import { required, tableName, type FieldReader, type Raw } from '../fields.ts';

export interface MigrationCell {
  id: string;
  kind: 'migration';
  name: string;
  before: string;
  after: string;
  /** The customer key, present in both tables. */
  key: string;
  beforeColumn: string;
  afterColumn: string;
}

export function readMigrationCell(c: Raw, id: string, r: FieldReader): MigrationCell {
  const name = tableName(c, r);
  const { text } = required(name, r);
  return {
    id, kind: 'migration', name,
    before: text(c.before, 'earlier table'), after: text(c.after, 'later table'), key: text(c.key, 'customer key'),
    beforeColumn: text(c.beforeColumn, 'earlier segment column'), afterColumn: text(c.afterColumn, 'later segment column'),
  };
}
