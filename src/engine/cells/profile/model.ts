/**
 * The cells that turn transactions and segments into marketing answers: RFM, CLV, rule segments,
 * profiles and personas, segment KPIs, migration between segmentations, and charts. Each one is
 * plain data so it can be saved in a workbook file or a share link.
 */

/** Which rows a range of scores covers, both ends included, e.g. [4, 5]. */
export type ScoreRange = [number, number];

/** One line of the RFM segment map. The first line whose ranges hold a customer's scores names it. */
export interface RfmSegmentRule {
  segment: string;
  recency: ScoreRange;
  frequency: ScoreRange;
}

export type RfmBins =
  | { kind: 'quintile' }
  /** Ascending inner edges per measure: four edges give scores 1 to 5. */
  | { kind: 'edges'; recency: number[]; frequency: number[]; monetary: number[] };

export interface RfmCell {
  id: string;
  kind: 'rfm';
  name: string;
  /** The transactions table. */
  input: string;
  customer: string;
  date: string;
  /** A column or an SQL expression over the input's columns, e.g. Quantity * UnitPrice. */
  amount: string;
  /** When given, frequency counts distinct invoices; otherwise transactions. */
  invoice: string | null;
  /** An SQL condition; rows where it holds are left out, e.g. cancellations. */
  exclude: string | null;
  /** YYYY-MM-DD; null means the day after the last transaction. */
  referenceDate: string | null;
  bins: RfmBins;
  segmentMap: RfmSegmentRule[];
}

export interface ClvCell {
  id: string;
  kind: 'clv';
  name: string;
  input: string;
  customer: string;
  date: string;
  amount: string;
  exclude: string | null;
  /** YYYY-MM-DD, the last day of the calibration period; null means the last day in the data. */
  calibrationEnd: string | null;
  /** Length of one period in days: 7 counts in weeks. */
  periodDays: number;
  /** How many periods ahead to predict purchases and value. */
  horizon: number;
  /** Yearly discount rate for CLV, e.g. 0.1. */
  discountRate: number;
  /** Customers whose P(alive) is below this are flagged as a churn risk. */
  aliveThreshold: number;
}

export type RuleOperator =
  | '=' | '!=' | '<' | '<=' | '>' | '>='
  | 'between' | 'in' | 'not in' | 'contains' | 'is null' | 'is not null'
  /** The top or bottom share of rows by the column; value is a percentage. */
  | 'top %' | 'bottom %'
  /** For occasion flags: the month of a date column is one of a comma-separated list, e.g. "Nov, Dec" or "11, 12". */
  | 'month in';

export interface RuleCondition {
  column: string;
  op: RuleOperator;
  /** Literal text; numbers are recognised, lists for in / not in are comma-separated. */
  value: string;
  /** The upper end for between. */
  value2?: string;
}

export interface RuleSegment {
  name: string;
  match: 'all' | 'any';
  conditions: RuleCondition[];
}

export interface RulesCell {
  id: string;
  kind: 'rules';
  name: string;
  input: string;
  /** In order: a row takes the first segment whose conditions it meets. */
  segments: RuleSegment[];
  elseSegment: string;
}

/** What the user wrote over a generated persona; unset fields keep the generated text. */
export interface PersonaEdit {
  name?: string;
  description?: string;
  actions?: string[];
}

/** A playbook line: segments with this trait get these suggested actions. */
export interface PlaybookEntry {
  trait: 'dormant' | 'high-value' | 'new' | 'at-risk' | 'frequent' | 'low-value' | 'churn-risk';
  actions: string[];
}

export interface ProfileCell {
  id: string;
  kind: 'profile';
  name: string;
  input: string;
  segmentColumn: string;
  numeric: string[];
  categorical: string[];
  valueColumn: string | null;
  /** Edits by segment label. */
  personas: Record<string, PersonaEdit>;
  playbook: PlaybookEntry[];
  /** Segments marked for targeting, by label. */
  targets: string[];
  /** P(alive) from a CLV cell's table, joined on the customer key. */
  churn: { table: string; key: string; threshold: number } | null;
  /** Attribute columns (e.g. survey ratings) for the perceptual map; empty hides it. */
  attributes: string[];
  /** An earlier snapshot with the same segment column, for growth in the targeting view. */
  previous: string | null;
  /** Columns "Explain in rules" may use; empty means the numeric and categorical columns. */
  explainColumns: string[];
}

export interface KpiCell {
  id: string;
  kind: 'kpi';
  name: string;
  /** The transactions table. */
  input: string;
  customer: string;
  date: string;
  amount: string;
  /** The table that gives each customer a segment, joined on `segmentKey` = `customer`. */
  segments: string;
  segmentKey: string;
  segmentColumn: string;
  period: 'month' | 'week';
}

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

export type ChartMark = 'dot' | 'bar' | 'line' | 'box' | 'cell' | 'area';

/** A chart of any table. It writes no table of its own. */
export interface ChartCell {
  id: string;
  kind: 'chart';
  input: string;
  mark: ChartMark;
  x: string;
  y: string | null;
  color: string | null;
  facet: string | null;
  title: string;
}
