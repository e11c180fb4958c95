// The SaaS sample: users of a subscription product and a year of their product events, with
// engagement and churn signals planted per user segment.

import { day, formatDate, formatTimestamp } from './lib/calendar.ts';
import { csv } from './lib/csv.ts';
import { columnTable, segmentCounts } from './lib/markdown-table.ts';
import { Rng, streamSeed } from './lib/random.ts';

const SEED = 20241119;
export const SAAS_USERS_FILE = 'saas-users.csv';
export const SAAS_EVENTS_FILE = 'saas-events.csv';
const START = day('2024-01-01');
const END = day('2024-12-31');

type Weights<T extends string> = readonly (readonly [T, number])[];
const EVENTS = ['login', 'create_project', 'edit_project', 'invite_teammate', 'export_report', 'use_integration', 'support_ticket'] as const;
type EventName = (typeof EVENTS)[number] | 'upgrade' | 'cancel';

interface UserSegment {
  rows: number;
  story: string;
  /** Active days per 30 at the start and at the end of the user's life (a linear trend between). */
  activity: [number, number];
  eventsPerDay: [number, number];
  mix: Weights<(typeof EVENTS)[number]>;
  plan: Weights<'free' | 'pro' | 'team'>;
  /** Signup day window relative to the year. */
  signup: [number, number];
  churns: boolean;
  upgrades: number;
}

export const SAAS_SEGMENTS = ['power_users', 'steady_users', 'declining', 'churned', 'new_users'] as const;
type SaasSegment = (typeof SAAS_SEGMENTS)[number];

const SEGMENTS: Record<SaasSegment, UserSegment> = {
  power_users: {
    rows: 60, story: 'log in most working days, create and share projects, invite teammates and use integrations',
    activity: [12, 13], eventsPerDay: [1, 3], plan: [['team', 6], ['pro', 4]], signup: [-700, -30], churns: false, upgrades: 0.3,
    mix: [['login', 3], ['create_project', 2], ['edit_project', 5], ['invite_teammate', 1], ['export_report', 2], ['use_integration', 3]],
  },
  steady_users: {
    rows: 100, story: 'use the product a few times a month, mostly editing and exporting',
    activity: [6, 6], eventsPerDay: [1, 2], plan: [['pro', 6], ['free', 3], ['team', 1]], signup: [-700, -60], churns: false, upgrades: 0.1,
    mix: [['login', 4], ['edit_project', 4], ['export_report', 2], ['create_project', 1]],
  },
  declining: {
    rows: 60, story: 'were active at the start of the year and use the product less every month; many support tickets: the churn risks',
    activity: [10, 1], eventsPerDay: [1, 2], plan: [['pro', 6], ['team', 2], ['free', 2]], signup: [-600, -90], churns: false, upgrades: 0,
    mix: [['login', 5], ['edit_project', 3], ['export_report', 1], ['support_ticket', 1]],
  },
  churned: {
    rows: 45, story: 'faded and then cancelled during the year; their last event is a cancel',
    activity: [6, 1], eventsPerDay: [1, 2], plan: [['pro', 5], ['free', 4], ['team', 1]], signup: [-500, 120], churns: true, upgrades: 0,
    mix: [['login', 5], ['edit_project', 2], ['support_ticket', 2]],
  },
  new_users: {
    rows: 40, story: 'signed up in the last two months and are still finding their way',
    activity: [8, 10], eventsPerDay: [1, 3], plan: [['free', 7], ['pro', 3]], signup: [305, 350], churns: false, upgrades: 0.15,
    mix: [['login', 4], ['create_project', 3], ['edit_project', 2], ['invite_teammate', 1]],
  },
};

const USER_COLUMNS: readonly (readonly [string, string, string])[] = [
  ['user_id', 'integer', 'User number, 70001 upwards.'],
  ['signup_date', 'date', 'Day the user signed up (2023 or 2024).'],
  ['plan', 'text', 'Plan at the end of 2024 (or when they cancelled): `free`, `pro` or `team`.'],
  ['country', 'text', 'Country of the account.'],
  ['acquisition_channel', 'text', '`organic`, `paid_search`, `referral` or `partner`.'],
  ['churned', 'boolean', 'Whether the user cancelled during 2024.'],
  ['segment_truth', 'text', `The planted segment: ${SAAS_SEGMENTS.map((s) => `\`${s}\``).join(', ')}.`],
];
const EVENT_COLUMNS: readonly (readonly [string, string, string])[] = [
  ['user_id', 'integer', `The user; every id exists in \`${SAAS_USERS_FILE}\`.`],
  ['event_time', 'timestamp', 'When it happened, UTC, during 2024.'],
  ['event', 'text', `${[...EVENTS, 'upgrade', 'cancel'].map((e) => `\`${e}\``).join(', ')}.`],
];
const COUNTRIES = ['United States', 'United Kingdom', 'Germany', 'France', 'Netherlands', 'Spain', 'Canada', 'Australia', 'India', 'Brazil'];

interface User {
  row: (string | number | boolean)[];
  events: [number, number, EventName][];
}

function user(rng: Rng, id: number, segment: SaasSegment): User {
  const s = SEGMENTS[segment];
  const signup = START + rng.int(s.signup[0], s.signup[1]);
  const first = Math.max(START, signup);
  const cancelDay = s.churns ? Math.min(END - 5, first + rng.int(60, 250)) : null;
  const last = cancelDay ?? END;
  let plan = rng.weighted(s.plan);
  const events: [number, number, EventName][] = [];
  const span = Math.max(1, last - first);
  for (let d = first; d <= last; d++) {
    const progress = (d - first) / span;
    const rate = (s.activity[0] + (s.activity[1] - s.activity[0]) * progress) / 30;
    if (!rng.chance(rate)) continue;
    const n = rng.int(s.eventsPerDay[0], s.eventsPerDay[1]);
    let second = d * 86400 + rng.int(7 * 3600, 20 * 3600);
    for (let e = 0; e < n && second < (d + 1) * 86400; e++) {
      events.push([id, second, e === 0 ? 'login' : rng.weighted(s.mix)]);
      second += rng.int(60, 2400);
    }
  }
  if (plan !== 'team' && rng.chance(s.upgrades) && events.length > 2) {
    const at = events[rng.int(1, events.length - 1)];
    events.push([id, at[1] + 30, 'upgrade']);
    plan = plan === 'free' ? 'pro' : 'team';
  }
  if (cancelDay !== null) events.push([id, cancelDay * 86400 + rng.int(9 * 3600, 18 * 3600), 'cancel']);
  const channel = rng.weighted([['organic', 4], ['paid_search', 3], ['referral', segment === 'power_users' ? 4 : 2], ['partner', 1]] as const);
  return { row: [id, formatDate(signup), plan, COUNTRIES[rng.int(0, COUNTRIES.length - 1)], channel, s.churns, segment], events };
}

/** The SaaS users and events files and their README section. Pure: writes nothing. */
export function generateSaas(): { files: Record<string, string>; readme: string } {
  const order = new Rng(SEED).shuffle(SAAS_SEGMENTS.flatMap((s) => Array.from({ length: SEGMENTS[s].rows }, () => s)));
  const users = order.map((segment, i) => user(new Rng(streamSeed(SEED, i + 1)), 70001 + i, segment));
  const events = users.flatMap((u) => u.events).sort((a, b) => a[1] - b[1] || a[0] - b[0]);
  const readme = `## SaaS users and events

\`${SAAS_USERS_FILE}\` (table \`saas_users\`): ${users.length} users of a subscription product.
\`${SAAS_EVENTS_FILE}\` (table \`saas_events\`): their ${events.length} product events in 2024, in time order.
Engagement (how often and how deeply a user works in the product) and churn signals (fading activity,
support tickets, a final cancel) were planted per user segment, recorded in \`segment_truth\`:

${SAAS_SEGMENTS.map((s) => `- \`${s}\`: ${SEGMENTS[s].story}.`).join('\n')}

${segmentCounts(order, SAAS_SEGMENTS)}

### ${SAAS_USERS_FILE}

${columnTable(USER_COLUMNS)}

### ${SAAS_EVENTS_FILE}

${columnTable(EVENT_COLUMNS)}
`;
  return {
    files: {
      [SAAS_USERS_FILE]: csv(USER_COLUMNS.map(([name]) => name), users.map((u) => u.row)),
      [SAAS_EVENTS_FILE]: csv(EVENT_COLUMNS.map(([name]) => name), events.map(([id, second, event]) => [id, formatTimestamp(second), event])),
    },
    readme,
  };
}
