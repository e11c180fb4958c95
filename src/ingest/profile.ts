import type { Database, Value } from '../db/database.ts';
import { quoteIdentifier } from '../engine/identifiers.ts';
import type { ColumnSpec } from '../engine/workbook.ts';

/** What the schema preview shows for one column. */
export interface ColumnProfile {
  name: string;
  type: string;
  /** Share of rows that are NULL, 0..1. */
  nullShare: number;
  approxDistinct: number;
  /** Only for numbers and dates. */
  min: string | null;
  max: string | null;
  samples: string[];
}

const ORDERED = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|DOUBLE|DECIMAL|DATE|TIMESTAMP|TIME)/;

export async function profileTable(db: Database, table: string): Promise<ColumnProfile[]> {
  const summary = await db.query(`SUMMARIZE ${quoteIdentifier(table)}`);
  const sample = await db.query(`SELECT * FROM ${quoteIdentifier(table)} LIMIT 50`);
  return summary.map((s) => {
    const name = String(s.column_name);
    const type = String(s.column_type);
    const ordered = ORDERED.test(type);
    return {
      name,
      type,
      nullShare: Number(s.null_percentage) / 100,
      approxDistinct: Number(s.approx_unique),
      min: ordered ? text(s.min) : null,
      max: ordered ? text(s.max) : null,
      samples: [...new Set(sample.map((r) => r[name]).filter((v) => v !== null).map(String))].slice(0, 3),
    };
  });
}

function text(v: Value): string | null {
  return v === null ? null : String(v);
}

export async function describeTable(db: Database, table: string): Promise<ColumnSpec[]> {
  const rows = await db.query(`DESCRIBE ${quoteIdentifier(table)}`);
  return rows.map((r) => ({ name: String(r.column_name), type: String(r.column_type) }));
}
