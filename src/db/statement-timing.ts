export const STATEMENT_PREFIX = 'duckdb: ';

/**
 * Records a statement as a User Timing entry named "duckdb: " and its first 120 characters: it
 * shows in the browser's performance panel, and profiles set the browser's and native DuckDB's
 * statements side by side (test/bench/profile-pipeline.ts). The text never leaves the process.
 */
export function measureStatement(sql: string, started: number): void {
  performance.measure(`${STATEMENT_PREFIX}${sql.replace(/\s+/g, ' ').slice(0, 120)}`, { start: started });
}
