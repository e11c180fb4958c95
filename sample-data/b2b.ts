// The B2B sample: business accounts of a software vendor with firmographics and product usage,
// each drawn from one of five planted account segments.

import { day, formatDate } from './lib/calendar.ts';
import { csv } from './lib/csv.ts';
import { columnTable, segmentCounts } from './lib/markdown-table.ts';
import { Rng, around, count, streamSeed } from './lib/random.ts';

const SEED = 20241112;
export const B2B_FILE = 'b2b-accounts.csv';
const AS_OF = day('2024-12-31');

type Weights<T extends string> = readonly (readonly [T, number])[];
type Plan = 'free' | 'starter' | 'growth' | 'enterprise';

const INDUSTRIES = ['software', 'manufacturing', 'retail', 'healthcare', 'finance', 'education', 'logistics', 'media'] as const;
/** [country, sales region] */
const COUNTRIES: readonly (readonly [string, string])[] = [
  ['United States', 'North America'], ['Canada', 'North America'], ['United Kingdom', 'EMEA'], ['Germany', 'EMEA'],
  ['France', 'EMEA'], ['Netherlands', 'EMEA'], ['Sweden', 'EMEA'], ['South Africa', 'EMEA'], ['India', 'APAC'],
  ['Japan', 'APAC'], ['Australia', 'APAC'], ['Singapore', 'APAC'], ['Brazil', 'LATAM'], ['Mexico', 'LATAM'],
];
const NAME_START = ['North', 'Blue', 'Bright', 'Iron', 'Silver', 'Green', 'Swift', 'Atlas', 'Nova', 'Summit', 'Harbor', 'Pine', 'Orbit', 'Cedar', 'Delta'];
const NAME_END = ['Labs', 'Systems', 'Works', 'Logistics', 'Health', 'Partners', 'Media', 'Foods', 'Analytics', 'Industries', 'Retail', 'Capital'];
const PRICE: Record<Plan, number> = { free: 0, starter: 15, growth: 35, enterprise: 60 };

interface AccountSegment {
  rows: number;
  story: string;
  employees: [number, number];
  revenuePerEmployee: number;
  industries: Weights<(typeof INDUSTRIES)[number]>;
  plan: Weights<Plan>;
  /** Share of employees with a seat, and share of seats active. */
  seatShare: number;
  activeShare: number;
  features: number;
  apiCalls: number;
  tickets: number;
  nps: number;
  tenureMonths: [number, number];
}

export const B2B_SEGMENTS = ['enterprise_champions', 'scaling_midmarket', 'steady_smb', 'at_risk_accounts', 'trial_tire_kickers'] as const;
type B2bSegment = (typeof B2B_SEGMENTS)[number];

const SEGMENTS: Record<B2bSegment, AccountSegment> = {
  enterprise_champions: {
    rows: 70, story: 'large companies on the enterprise plan, using most features and the API heavily',
    employees: [2000, 40000], revenuePerEmployee: 260, industries: [['finance', 3], ['software', 3], ['healthcare', 2], ['manufacturing', 2]],
    plan: [['enterprise', 9], ['growth', 1]], seatShare: 0.08, activeShare: 0.85, features: 17, apiCalls: 180000, tickets: 9, nps: 8.5, tenureMonths: [24, 72],
  },
  scaling_midmarket: {
    rows: 130, story: 'growing mid-sized firms adding seats quickly on the growth plan',
    employees: [200, 2000], revenuePerEmployee: 190, industries: [['software', 4], ['retail', 2], ['media', 2], ['logistics', 2]],
    plan: [['growth', 7], ['enterprise', 2], ['starter', 1]], seatShare: 0.15, activeShare: 0.8, features: 12, apiCalls: 40000, tickets: 5, nps: 8, tenureMonths: [6, 30],
  },
  steady_smb: {
    rows: 190, story: 'small businesses on the starter plan with steady, modest use',
    employees: [5, 200], revenuePerEmployee: 140, industries: [['retail', 3], ['education', 2], ['manufacturing', 2], ['healthcare', 2], ['media', 1]],
    plan: [['starter', 7], ['growth', 2], ['free', 1]], seatShare: 0.3, activeShare: 0.65, features: 6, apiCalls: 1500, tickets: 2, nps: 7, tenureMonths: [12, 60],
  },
  at_risk_accounts: {
    rows: 110, story: 'paying accounts whose usage is low and whose support tickets and low scores signal churn',
    employees: [50, 5000], revenuePerEmployee: 170, industries: [['manufacturing', 3], ['logistics', 3], ['education', 2], ['finance', 1]],
    plan: [['growth', 5], ['starter', 4], ['enterprise', 1]], seatShare: 0.1, activeShare: 0.25, features: 4, apiCalls: 800, tickets: 14, nps: 3.5, tenureMonths: [10, 48],
  },
  trial_tire_kickers: {
    rows: 100, story: 'very small free-plan accounts that signed up recently and barely use the product',
    employees: [1, 30], revenuePerEmployee: 110, industries: [['software', 3], ['media', 3], ['retail', 2], ['education', 2]],
    plan: [['free', 9], ['starter', 1]], seatShare: 0.4, activeShare: 0.3, features: 2, apiCalls: 40, tickets: 1, nps: 6, tenureMonths: [0, 4],
  },
};

const COLUMNS: readonly (readonly [string, string, string])[] = [
  ['account_id', 'text', 'Account number, `ACC0001` upwards.'],
  ['company', 'text', 'Made-up company name.'],
  ['industry', 'text', INDUSTRIES.map((i) => `\`${i}\``).join(', ') + '.'],
  ['employees', 'integer', 'Company headcount.'],
  ['annual_revenue', 'integer', "Company's yearly revenue in thousands of euros."],
  ['country', 'text', 'Headquarters country.'],
  ['sales_region', 'text', '`North America`, `EMEA`, `APAC` or `LATAM`.'],
  ['plan', 'text', '`free`, `starter`, `growth` or `enterprise`.'],
  ['seats', 'integer', 'Licensed users.'],
  ['active_users_30d', 'integer', 'Seats used in the last 30 days.'],
  ['features_used', 'integer', 'Distinct product features used in the last 30 days (of 20).'],
  ['api_calls_30d', 'integer', 'API calls in the last 30 days.'],
  ['support_tickets_90d', 'integer', 'Support tickets opened in the last 90 days.'],
  ['nps', 'integer', 'Last Net Promoter answer, 0-10; empty when the account never answered.'],
  ['customer_since', 'date', 'Contract start.'],
  ['mrr', 'integer', 'Monthly recurring revenue in euros (seats times the plan price).'],
  ['segment_truth', 'text', `The planted account segment: ${B2B_SEGMENTS.map((s) => `\`${s}\``).join(', ')}.`],
];

function account(rng: Rng, index: number, segment: B2bSegment): (string | number | null)[] {
  const s = SEGMENTS[segment];
  // The product of two uniforms skews headcounts towards the small end, as real firm sizes are.
  const employees = Math.round(s.employees[0] + (s.employees[1] - s.employees[0]) * rng.next() * rng.next());
  const [country, region] = COUNTRIES[rng.int(0, COUNTRIES.length - 1)];
  const plan = rng.weighted(s.plan);
  const seats = Math.max(1, Math.round(employees * s.seatShare * (0.6 + rng.next() * 0.8)));
  const active = Math.min(seats, count(rng, seats * s.activeShare, seats * 0.15));
  const nps = rng.chance(0.2) ? null : Math.max(0, Math.min(10, Math.round(around(rng, s.nps, 1.5))));
  const tenure = rng.int(s.tenureMonths[0], s.tenureMonths[1]);
  const name = `${NAME_START[rng.int(0, NAME_START.length - 1)]} ${NAME_END[rng.int(0, NAME_END.length - 1)]}`;
  return [
    `ACC${String(index + 1).padStart(4, '0')}`, name, rng.weighted(s.industries), employees,
    Math.max(50, Math.round(employees * around(rng, s.revenuePerEmployee, s.revenuePerEmployee * 0.3))), country, region, plan, seats, active,
    Math.max(0, Math.min(20, count(rng, s.features, 2))), count(rng, s.apiCalls, s.apiCalls * 0.5), count(rng, s.tickets, s.tickets * 0.5),
    nps, formatDate(AS_OF - tenure * 30 - rng.int(0, 29)), seats * PRICE[plan], segment,
  ];
}

/** The B2B accounts file and its README section. Pure: writes nothing. */
export function generateB2b(): { files: Record<string, string>; readme: string } {
  const order = new Rng(SEED).shuffle(B2B_SEGMENTS.flatMap((s) => Array.from({ length: SEGMENTS[s].rows }, () => s)));
  const rows = order.map((segment, i) => account(new Rng(streamSeed(SEED, i + 1)), i, segment));
  const readme = `## B2B accounts

\`${B2B_FILE}\` (table \`b2b_accounts\`): ${rows.length} business accounts of a software vendor, with
firmographics (industry, headcount, revenue, region) and product usage. Each was drawn from one of
five planted segments, recorded in \`segment_truth\`:

${B2B_SEGMENTS.map((s) => `- \`${s}\`: ${SEGMENTS[s].story}.`).join('\n')}

${segmentCounts(order, B2B_SEGMENTS)}

${columnTable(COLUMNS)}
`;
  return { files: { [B2B_FILE]: csv(COLUMNS.map(([name]) => name), rows) }, readme };
}
