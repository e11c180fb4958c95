export const STATEMENT_PREFIX = 'duckdb: ';

/** Which of the SerialQueue's lanes a statement ran in, and when it was queued (page clock). */
export interface StatementDetail {
  lane: 'foreground' | 'background';
  queued: number;
}

/**
 * Records a statement as a User Timing entry named "duckdb: " and its first 120 characters: it
 * shows in the browser's performance panel, and profiles set the browser's and native DuckDB's
 * statements side by side (test/bench/profile-pipeline.ts). Its detail holds its lane and when it
 * was queued, so a profile can tell a cell's wait behind background work from its own statements.
 * The text never leaves the process.
 */
export function measureStatement(sql: string, started: number, detail?: StatementDetail): void {
  performance.measure(`${STATEMENT_PREFIX}${sql.replace(/\s+/g, ' ').slice(0, 120)}`, { start: started, detail });
}
