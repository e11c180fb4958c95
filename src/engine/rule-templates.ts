import { COUNTRY_REGIONS } from './country-regions.ts';
import type { RuleCondition, RuleSegment } from './cells/rules/model.ts';
import { valueKind } from './rule-values.ts';
import type { ColumnSpec } from './column-types.ts';

/** A ready-made list of segments for one column of the input, offered in the template menu. */
export interface RuleTemplate {
  /** Unique in one menu, e.g. "age-bands:age". */
  id: string;
  /** The kind of segmentation, for grouping the menu. */
  group: 'Demographic' | 'Geographic' | 'Firmographic' | 'Value' | 'Engagement' | 'Occasion';
  label: string;
  segments: RuleSegment[];
}

const normalised = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, '');

const AGE = /^(customer)?age(years|yrs)?$/;
const INCOME = /(income|salary|earnings)/;
const COUNTRY = /^(country|countryname|nation|(billing|shipping|ship|customer)country)$/;
const EMPLOYEES = /^(employees|employeecount|numemployees|numberofemployees|headcount|staff|staffcount|fte)$/;
const FIRM_REVENUE = /^(annualrevenue|companyrevenue|firmrevenue|turnover|annualturnover)$/;
const VALUE = /(value|monetary|spend|revenue|sales|amount|clv|ltv|income)/;
const ACTIVITY = /(sessions|visits|logins|emailopens|opens|clicks|pageviews|frequency|orders|purchases)/;
const LAST_SEEN = /^last(login|seen|active|activity|visit|order|purchase|emailopen)(date|at|time)?$/;

const when = (column: string, op: RuleCondition['op'], value = '', value2?: string): RuleCondition =>
  value2 === undefined ? { column, op, value } : { column, op, value, value2 };
const all = (name: string, ...conditions: RuleCondition[]): RuleSegment => ({ name, match: 'all', conditions });
const any = (name: string, ...conditions: RuleCondition[]): RuleSegment => ({ name, match: 'any', conditions });

/** Segments of a chain of upper bounds: a row takes the first band whose bound it is under. */
function bands(column: string, bounds: number[], names: string[]): RuleSegment[] {
  return names.map((name, i) => (i < bounds.length ? all(name, when(column, '<', String(bounds[i]))) : all(name, when(column, '>=', String(bounds.at(-1))))));
}

/**
 * The templates that fit a table with these columns. Columns are recognised by name (and type),
 * so the menu only offers templates whose columns exist; each template is one per matching column.
 */
export function ruleTemplates(columns: readonly ColumnSpec[]): RuleTemplate[] {
  const out: RuleTemplate[] = [];
  const numeric = columns.filter((c) => valueKind(c.type) === 'number');
  const temporal = columns.filter((c) => ['date', 'timestamp'].includes(valueKind(c.type)));
  const named = (list: readonly ColumnSpec[], pattern: RegExp) => list.filter((c) => pattern.test(normalised(c.name))).map((c) => c.name);

  for (const c of named(numeric, AGE)) {
    out.push({
      id: `age-bands:${c}`, group: 'Demographic', label: `Age bands by ${c}`,
      segments: bands(c, [25, 35, 45, 55, 65], ['Age under 25', 'Age 25-34', 'Age 35-44', 'Age 45-54', 'Age 55-64', 'Age 65+']),
    });
  }
  for (const c of named(numeric, INCOME)) {
    out.push({
      id: `income-bands:${c}`, group: 'Demographic', label: `Income bands by ${c} (quartiles)`,
      segments: [all('High income', when(c, 'top %', '25')), all('Middle income', when(c, 'top %', '75')), all('Low income', when(c, 'bottom %', '25'))],
    });
  }
  for (const c of named(columns.filter((col) => valueKind(col.type) === 'text'), COUNTRY)) {
    out.push({
      id: `regions:${c}`, group: 'Geographic', label: `World regions by ${c}`,
      segments: Object.entries(COUNTRY_REGIONS).map(([region, countries]) => any(region, when(c, 'in', countries.join(', ')))),
    });
  }
  for (const c of named(numeric, EMPLOYEES)) {
    out.push({
      id: `employee-bands:${c}`, group: 'Firmographic', label: `Company size by ${c}`,
      segments: bands(c, [10, 50, 250], ['Micro (under 10)', 'Small (10-49)', 'Medium (50-249)', 'Large (250+)']),
    });
  }
  for (const c of named(numeric, FIRM_REVENUE)) {
    out.push({
      id: `revenue-bands:${c}`, group: 'Firmographic', label: `Company revenue bands by ${c}`,
      segments: bands(c, [2e6, 10e6, 50e6], ['Revenue under 2M', 'Revenue 2M-10M', 'Revenue 10M-50M', 'Revenue 50M+']),
    });
  }
  for (const c of named(numeric, VALUE)) {
    out.push({ id: `vip:${c}`, group: 'Value', label: `VIP: top 20% by ${c}`, segments: [all('VIP', when(c, 'top %', '20'))] });
    out.push({
      id: `value-tiers:${c}`, group: 'Value', label: `Value tiers by ${c} (VIP 20%, high 30%, medium 30%, low 20%)`,
      segments: [
        all('VIP', when(c, 'top %', '20')), all('High value', when(c, 'top %', '50')),
        all('Medium value', when(c, 'top %', '80')), all('Low value', when(c, 'bottom %', '20')),
      ],
    });
  }
  for (const c of named(numeric, ACTIVITY)) {
    out.push({
      id: `engagement:${c}`, group: 'Engagement', label: `Engagement levels by ${c}`,
      segments: [
        all('Highly engaged', when(c, 'top %', '25'), when(c, '>', '0')), all('Engaged', when(c, '>', '0')),
        any('Not engaged', when(c, '<=', '0'), when(c, 'is null')),
      ],
    });
  }
  for (const c of named(temporal, LAST_SEEN)) {
    out.push({
      id: `recency:${c}`, group: 'Engagement', label: `Engagement by recency of ${c}`,
      segments: [
        all('Active recently', when(c, 'top %', '25')), all('Lapsing', when(c, 'top %', '50')),
        all('Dormant', when(c, 'is not null')), all('Never active', when(c, 'is null')),
      ],
    });
  }
  for (const c of temporal.map((col) => col.name)) {
    out.push({
      id: `occasions:${c}`, group: 'Occasion', label: `Occasion flags by month of ${c}`,
      segments: [
        all('Holiday season', when(c, 'month in', 'Nov, Dec')), all("Valentine's", when(c, 'month in', 'Feb')),
        all('Summer', when(c, 'month in', 'Jun, Jul, Aug')),
      ],
    });
  }
  return out;
}

/**
 * The segments after adding a template's at the end. A name already taken (or the else-segment's)
 * gets a number, so the result always runs.
 */
export function applyTemplate(existing: readonly RuleSegment[], elseSegment: string, template: RuleTemplate): RuleSegment[] {
  const taken = new Set([...existing.map((s) => s.name.trim()), elseSegment.trim()]);
  const added = template.segments.map((s) => {
    let name = s.name;
    for (let i = 2; taken.has(name); i++) name = `${s.name} (${i})`;
    taken.add(name);
    return { name, match: s.match, conditions: s.conditions.map((c) => ({ ...c })) };
  });
  return [...existing, ...added];
}
