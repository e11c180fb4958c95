/** Plain-words notes on each metric and score, with how to read the number. */
export const EXPLANATIONS = {
  silhouette: {
    label: 'the silhouette',
    text:
      'How much closer each row is to its own segment than to the nearest other one, from -1 to 1. Near 1: well separated; ' +
      'near 0: overlapping segments; below 0: rows that sit closer to another segment. Above 0.5 is a clear structure, ' +
      '0.25 to 0.5 a weak one, below 0.25 little structure.',
  },
  daviesBouldin: {
    label: 'Davies-Bouldin',
    text:
      'For each segment, how wide it and its most similar neighbour are compared with the distance between their centres, ' +
      'averaged. Lower is better: 0 would mean tight segments far apart. Compare it between runs on the same features, not across datasets.',
  },
  calinskiHarabasz: {
    label: 'Calinski-Harabasz',
    text:
      'Spread between segments divided by spread within them, scaled for the number of rows and segments. Higher is better. ' +
      'It has no fixed range, so use it to compare values of k on the same data: a peak suggests a good k.',
  },
  gap: {
    label: 'the gap statistic',
    text:
      'How much tighter the segments are than k segments of random data spread over the same range would be. The suggested k is ' +
      'the smallest whose gap is within one standard error of the next k\u2019s: more segments would not be clearly better than chance.',
  },
  elbow: {
    label: 'the elbow',
    text:
      'Inertia, the sum of squared distances from rows to their centre, always falls as k grows. The elbow is where it stops ' +
      'falling steeply: segments beyond it mostly split groups that belong together.',
  },
  ari: {
    label: 'the ARI',
    text:
      'The adjusted Rand index measures how far two segmentations of the same rows agree, corrected for chance: 1 is identical, ' +
      '0 is no better than random labels, and it can dip below 0. Here it compares runs on bootstrap samples, so near 1 means stable segments.',
  },
  jaccard: {
    label: 'Jaccard stability',
    text:
      'For each segment, its overlap with its best match when the data is resampled (rows in both divided by rows in either), averaged over ' +
      'bootstrap samples. Above 0.75: stable; 0.6 to 0.75: a pattern worth a look; below 0.6: the segment dissolves when the data changes a little.',
  },
  rfm: {
    label: 'the RFM scores',
    plural: true,
    text:
      'Each customer gets 1 to 5 for Recency (5 = bought most recently), Frequency (5 = buys most often) and Monetary value (5 = spends most). ' +
      'With quintiles each score holds a fifth of the customers. The code "545" reads R, F, M. Scores rank customers against each other, ' +
      'so a 5 here is not a 5 in another shop.',
  },
  pAlive: {
    label: 'P(alive)',
    text:
      'The chance, under the BG/NBD model, that a customer has not silently stopped buying. A customer who used to buy every week and has ' +
      'not bought for two months gets a low P(alive); one who buys twice a year is not alarming after the same gap. Below the threshold ' +
      'a customer is flagged as a churn risk.',
  },
} as const satisfies Record<string, { label: string; text: string; plural?: boolean }>;

export type ExplanationTopic = keyof typeof EXPLANATIONS;

/** The toggle's question, its verb agreeing with the label: "What do the RFM scores mean?". */
export function questionFor(topic: ExplanationTopic): string {
  const explanation: { label: string; plural?: boolean } = EXPLANATIONS[topic];
  return `What ${explanation.plural ? 'do' : 'does'} ${explanation.label} mean?`;
}
