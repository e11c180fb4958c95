import { ExampleBuilder, PITFALLS, type Example } from './build.ts';

export const firmographic: Example = {
  id: 'firmographic',
  title: 'Firmographic segmentation (B2B)',
  summary: 'Business accounts by company size and revenue, with their plans, usage and value.',
  workbook: () =>
    new ExampleBuilder('firmographic', 'Firmographic segmentation (B2B)', ['b2b_accounts'])
      .note(`# Firmographic segmentation (B2B)

The business version of demographics: accounts grouped by industry, headcount, revenue, region
and plan. It decides sales territories, pricing tiers and which accounts get a named manager.

**When to use it.** For B2B go-to-market: who sells to whom, at what price. **Use case:** a
software vendor gives enterprise accounts (1,000+ employees) an account manager and serves small
businesses through self-service.

Size bands say who an account is, not how healthy it is: the profile shows usage, support
tickets and NPS per band, and the at-risk accounts hide inside every band.
${PITFALLS}`)
      .add('rules', {
        name: 'company_size', input: 'b2b_accounts', elseSegment: 'Small business',
        segments: [
          { name: 'Enterprise', match: 'any', conditions: [{ column: 'employees', op: '>=', value: '1000' }, { column: 'annual_revenue', op: '>=', value: '250000' }] },
          { name: 'Mid-market', match: 'all', conditions: [{ column: 'employees', op: 'between', value: '100', value2: '999' }] },
          { name: 'Micro', match: 'all', conditions: [{ column: 'employees', op: '<', value: '10' }] },
        ],
      })
      .sql('size_by_plan', `
SELECT segment AS company_size, plan, count(*) AS accounts, sum(mrr) AS mrr
FROM company_size
GROUP BY ALL
ORDER BY company_size, plan`)
      .add('chart', { input: 'size_by_plan', mark: 'bar', x: 'company_size', y: 'mrr', color: 'plan', facet: null, title: 'Monthly recurring revenue by company size and plan' })
      .add('profile', {
        name: 'account_personas', input: 'company_size', segmentColumn: 'segment',
        numeric: ['employees', 'seats', 'active_users_30d', 'features_used', 'support_tickets_90d', 'nps', 'mrr'],
        categorical: ['industry', 'plan', 'sales_region'], valueColumn: 'mrr',
      })
      .workbook,
};

export const engagementBased: Example = {
  id: 'engagement-based',
  title: 'Engagement-based segmentation',
  summary: 'SaaS users by how often and how deeply they use the product, tracked month by month.',
  workbook: () =>
    new ExampleBuilder('engagement-based', 'Engagement-based segmentation', ['saas_users', 'saas_events'])
      .note(`# Engagement-based segmentation

Groups users by how they engage: how often they come back, how much they do, whether that is
rising or falling. Engagement leads revenue: it drops before a user cancels, so it is the early
warning of churn.

**When to use it.** For subscription products, apps and communities. **Use case:** a SaaS team
calls every user whose activity halved over the quarter before their renewal date.

The KPI cell at the end follows each engagement level month by month: active users and
retention (the share of last month's users still active this month).
${PITFALLS}`)
      .sql('user_engagement', `
SELECT u.user_id, u.plan,
       count(DISTINCT e.event_time::DATE) FILTER (WHERE e.event_time >= TIMESTAMP '2024-10-01') AS active_days_q4,
       count(DISTINCT e.event_time::DATE) FILTER (WHERE e.event_time < TIMESTAMP '2024-07-01') AS active_days_h1,
       count(*) FILTER (WHERE e.event IN ('invite_teammate', 'use_integration', 'export_report')) AS deep_actions,
       count(*) FILTER (WHERE e.event = 'support_ticket') AS support_tickets,
       bool_or(e.event = 'cancel') AS cancelled
FROM saas_users u LEFT JOIN saas_events e USING (user_id)
GROUP BY ALL`)
      .add('rules', {
        name: 'engagement_levels', input: 'user_engagement', elseSegment: 'Casual',
        segments: [
          { name: 'Cancelled', match: 'all', conditions: [{ column: 'cancelled', op: '=', value: 'true' }] },
          { name: 'Power users', match: 'all', conditions: [{ column: 'active_days_q4', op: '>=', value: '25' }, { column: 'deep_actions', op: '>=', value: '40' }] },
          { name: 'Fading', match: 'all', conditions: [{ column: 'active_days_h1', op: '>=', value: '20' }, { column: 'active_days_q4', op: '<', value: '8' }] },
          { name: 'Regular', match: 'all', conditions: [{ column: 'active_days_q4', op: '>=', value: '12' }] },
        ],
      })
      .add('kpi', {
        name: 'engagement_kpis', input: 'saas_events', customer: 'user_id', date: 'event_time', amount: '1',
        segments: 'engagement_levels', segmentKey: 'user_id', segmentColumn: 'segment', period: 'month',
      })
      .add('profile', {
        name: 'engagement_personas', input: 'engagement_levels', segmentColumn: 'segment',
        numeric: ['active_days_q4', 'active_days_h1', 'deep_actions', 'support_tickets'], categorical: ['plan'], valueColumn: null,
      })
      .workbook,
};
