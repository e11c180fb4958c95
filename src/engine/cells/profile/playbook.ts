import type { PlaybookEntry } from './model.ts';

/** Suggested actions by trait; a workbook keeps its own edited copy. */
export const DEFAULT_PLAYBOOK: readonly PlaybookEntry[] = [
  { trait: 'high-value', actions: ['Loyalty rewards and early access to new products', 'A named contact or priority service'] },
  { trait: 'frequent', actions: ['Cross-sell related categories', 'Invite them to a referral programme'] },
  { trait: 'new', actions: ['An onboarding series: welcome, how-to content, then a second-purchase incentive'] },
  { trait: 'at-risk', actions: ['A win-back campaign with a personal offer', 'Ask what changed with a one-question survey'] },
  { trait: 'dormant', actions: ['A reactivation offer with a deadline', 'Stop costly channels if they do not respond'] },
  { trait: 'churn-risk', actions: ['Reach out before they lapse: a reminder with an incentive'] },
  { trait: 'low-value', actions: ['Serve through low-cost channels', 'Bundles and thresholds that raise the basket size'] },
];
