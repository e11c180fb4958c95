/** Types a user can pick for a column in the schema preview. */
export const COLUMN_TYPES = ['VARCHAR', 'BIGINT', 'INTEGER', 'DOUBLE', 'DECIMAL(18,2)', 'BOOLEAN', 'DATE', 'TIMESTAMP', 'TIME'] as const;

// Column types end up inside CAST(... AS type); a workbook from a link must not smuggle SQL in.
const TYPE_NAME = /^[A-Za-z][A-Za-z0-9_ ]{0,40}(\(\s*\d{1,3}\s*(,\s*\d{1,3}\s*)?\))?(\[\])?$/;

export function isSafeTypeName(type: string): boolean {
  return TYPE_NAME.test(type) && !/;|--|\/\*/.test(type);
}

/** A column of a table: its name and its DuckDB type. */
export interface ColumnSpec {
  name: string;
  type: string;
}
