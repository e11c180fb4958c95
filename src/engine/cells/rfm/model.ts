import type { FieldReader } from '../cluster/model.ts';
import type {
  ChartCell, ChartMark, ClvCell, KpiCell, MigrationCell, PersonaEdit, PlaybookEntry, ProfileCell, RfmBins, RfmCell,
  RfmSegmentRule, RuleCondition, RuleOperator, RuleSegment, RulesCell, ScoreRange,
} from '../profile/model.ts';

type Raw = Record<string, unknown>;

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const isObject = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const optionalStr = (v: unknown) => (typeof v === 'string' && v !== '' ? v : null);

const RULE_OPERATORS: readonly RuleOperator[] = [
  '=', '!=', '<', '<=', '>', '>=', 'between', 'in', 'not in', 'contains', 'is null', 'is not null', 'top %', 'bottom %', 'month in',
];
const CHART_MARKS: readonly ChartMark[] = ['dot', 'bar', 'line', 'box', 'cell', 'area'];
const PLAYBOOK_TRAITS: readonly PlaybookEntry['trait'][] = ['dormant', 'high-value', 'new', 'at-risk', 'frequent', 'low-value', 'churn-risk'];

/**
 * Reads the marketing cells of a workbook. Everything may come from a hostile link, so each field
 * is checked for its type; column names and expressions are quoted or run under DuckDB's lockdown
 * wherever SQL uses them.
 */
export function readMarketingCell(c: Raw, id: string, name: string, r: FieldReader): RfmCell | ClvCell | RulesCell | ProfileCell | KpiCell | MigrationCell {
  const where = `cell ${name}`;
  const need = (v: unknown, what: string): string => str(v) ?? r.fail(`${where} has no valid ${what}`);
  const count = (v: unknown, what: string): number => num(v) ?? r.fail(`${where} has no valid ${what}`);
  switch (c.kind) {
    case 'rfm':
      return {
        id, kind: 'rfm', name,
        input: need(c.input, 'input'), customer: need(c.customer, 'customer column'), date: need(c.date, 'date column'),
        amount: need(c.amount, 'amount'), invoice: optionalStr(c.invoice), exclude: optionalStr(c.exclude),
        referenceDate: optionalStr(c.referenceDate), bins: readBins(c.bins, where, r),
        segmentMap: Array.isArray(c.segmentMap) ? c.segmentMap.map((m) => readSegmentRule(m, where, r)) : r.fail(`${where} has no segment map`),
      };
    case 'clv':
      return {
        id, kind: 'clv', name,
        input: need(c.input, 'input'), customer: need(c.customer, 'customer column'), date: need(c.date, 'date column'),
        amount: need(c.amount, 'amount'), exclude: optionalStr(c.exclude), calibrationEnd: optionalStr(c.calibrationEnd),
        periodDays: count(c.periodDays, 'period length'), horizon: count(c.horizon, 'horizon'),
        discountRate: count(c.discountRate, 'discount rate'), aliveThreshold: count(c.aliveThreshold, 'P(alive) threshold'),
      };
    case 'rules':
      return {
        id, kind: 'rules', name, input: need(c.input, 'input'),
        segments: Array.isArray(c.segments) ? c.segments.map((s) => readRuleSegment(s, where, r)) : r.fail(`${where} has no segments`),
        elseSegment: need(c.elseSegment, 'else-segment'),
      };
    case 'profile': {
      const churn = isObject(c.churn)
        ? { table: need(c.churn.table, 'churn table'), key: need(c.churn.key, 'churn key'), threshold: count(c.churn.threshold, 'churn threshold') }
        : null;
      return {
        id, kind: 'profile', name,
        input: need(c.input, 'input'), segmentColumn: need(c.segmentColumn, 'segment column'),
        numeric: strings(c.numeric), categorical: strings(c.categorical), valueColumn: optionalStr(c.valueColumn),
        personas: readPersonas(c.personas), playbook: readPlaybook(c.playbook), targets: strings(c.targets), churn,
        attributes: strings(c.attributes), previous: optionalStr(c.previous), explainColumns: strings(c.explainColumns),
      };
    }
    case 'kpi':
      return {
        id, kind: 'kpi', name,
        input: need(c.input, 'input'), customer: need(c.customer, 'customer column'), date: need(c.date, 'date column'),
        amount: need(c.amount, 'amount'), segments: need(c.segments, 'segments table'), segmentKey: need(c.segmentKey, 'segment key'),
        segmentColumn: need(c.segmentColumn, 'segment column'), period: c.period === 'week' ? 'week' : 'month',
      };
    case 'migration':
      return {
        id, kind: 'migration', name,
        before: need(c.before, 'earlier table'), after: need(c.after, 'later table'), key: need(c.key, 'customer key'),
        beforeColumn: need(c.beforeColumn, 'earlier segment column'), afterColumn: need(c.afterColumn, 'later segment column'),
      };
    default:
      return r.fail(`${where} has an unknown kind ${JSON.stringify(c.kind)}`);
  }
}

export function readChartCell(c: Raw, id: string): ChartCell {
  return {
    id, kind: 'chart', input: str(c.input) ?? '', mark: CHART_MARKS.find((m) => m === c.mark) ?? 'dot', x: str(c.x) ?? '',
    y: optionalStr(c.y), color: optionalStr(c.color), facet: optionalStr(c.facet), title: str(c.title) ?? '',
  };
}

function readBins(v: unknown, where: string, r: FieldReader): RfmBins {
  if (!isObject(v) || v.kind === 'quintile') return { kind: 'quintile' };
  const edges = (x: unknown, what: string) => {
    if (!Array.isArray(x) || !x.every((e) => num(e) !== undefined) || x.length < 1 || x.length > 9) return r.fail(`${where} has invalid ${what} bin edges`);
    return x.map(Number);
  };
  return { kind: 'edges', recency: edges(v.recency, 'recency'), frequency: edges(v.frequency, 'frequency'), monetary: edges(v.monetary, 'monetary') };
}

function readSegmentRule(v: unknown, where: string, r: FieldReader): RfmSegmentRule {
  const range = (x: unknown): ScoreRange => {
    if (!Array.isArray(x) || x.length !== 2 || num(x[0]) === undefined || num(x[1]) === undefined) return r.fail(`${where} has a segment map line with an invalid score range`);
    return [Number(x[0]), Number(x[1])];
  };
  if (!isObject(v) || typeof v.segment !== 'string') return r.fail(`${where} has a segment map line without a name`);
  return { segment: v.segment, recency: range(v.recency), frequency: range(v.frequency) };
}

function readRuleSegment(v: unknown, where: string, r: FieldReader): RuleSegment {
  if (!isObject(v) || typeof v.name !== 'string' || !Array.isArray(v.conditions)) return r.fail(`${where} has a segment without a name or conditions`);
  const conditions = v.conditions.map((c): RuleCondition => {
    const op = RULE_OPERATORS.find((o) => isObject(c) && o === c.op);
    if (!isObject(c) || typeof c.column !== 'string' || !op) return r.fail(`${where} has an invalid condition in segment ${JSON.stringify(v.name)}`);
    const value = typeof c.value === 'string' ? c.value : typeof c.value === 'number' ? String(c.value) : '';
    // Only text or a number: String() of a list or object walks it, and a hostile one is nested beyond the stack.
    if (c.value2 !== undefined && typeof c.value2 !== 'string' && typeof c.value2 !== 'number') {
      return r.fail(`${where} has a condition on ${JSON.stringify(c.column)} whose second value is not text or a number`);
    }
    return { column: c.column, op, value, ...(c.value2 !== undefined ? { value2: String(c.value2) } : {}) };
  });
  return { name: v.name, match: v.match === 'any' ? 'any' : 'all', conditions };
}

function readPersonas(v: unknown): Record<string, PersonaEdit> {
  if (!isObject(v)) return {};
  // fromEntries defines own properties, so a segment called "constructor" is an ordinary key, and
  // readers look edits up with Object.hasOwn. "__proto__" is left out: copying the workbook
  // (Svelte's snapshot) would turn that key into the copy's prototype.
  return Object.fromEntries(
    Object.entries(v).flatMap(([segment, edit]): Array<[string, PersonaEdit]> => {
      if (!isObject(edit) || segment === '__proto__') return [];
      const persona: PersonaEdit = {};
      if (typeof edit.name === 'string') persona.name = edit.name;
      if (typeof edit.description === 'string') persona.description = edit.description;
      if (Array.isArray(edit.actions)) persona.actions = strings(edit.actions);
      return [[segment, persona]];
    }),
  );
}

function readPlaybook(v: unknown): PlaybookEntry[] {
  if (!Array.isArray(v)) return [];
  return v.flatMap((e): PlaybookEntry[] => {
    const trait = PLAYBOOK_TRAITS.find((t) => isObject(e) && t === e.trait);
    return isObject(e) && trait ? [{ trait, actions: strings(e.actions) }] : [];
  });
}
