import { formatChange, formatCount, formatNumber, formatPercent } from './number-format.ts';
import type { Persona, TraitLine } from './persona.ts';
import { valueWords } from './persona-traits.ts';

/** A large figure on a persona card: "467" over "customers, 23.4% of all". */
export interface CardFigure {
  key: 'size' | 'value' | 'churn' | 'growth';
  value: string;
  label: string;
}

/** A trait with the lengths of its two bars: the segment's figure and everyone's, on one scale. */
export interface TraitBar extends TraitLine {
  /** 0-1 of the bar's full length. */
  segmentLength: number;
  overallLength: number;
}

export interface CardContext {
  valueColumn: string | null;
  churnThreshold: number | null;
}

/**
 * The figures a persona card shows large, shared by the card in the app and the persona report so
 * both say the same numbers in the same words.
 */
export function cardFigures(p: Persona, context: CardContext): CardFigure[] {
  const figures: CardFigure[] = [{ key: 'size', value: formatCount(p.size), label: `${p.size === 1 ? 'customer' : 'customers'}, ${formatPercent(p.share)} of all` }];
  if (p.valueShare !== null) figures.push({ key: 'value', value: formatPercent(p.valueShare), label: `of the ${valueWords(context.valueColumn)}` });
  if (p.churnRiskShare !== null && context.churnThreshold !== null) {
    figures.push({ key: 'churn', value: formatPercent(p.churnRiskShare), label: `at risk of churn (P(alive) below ${formatNumber(context.churnThreshold)})` });
  }
  if (p.growth !== null) figures.push({ key: 'growth', value: formatChange(p.growth), label: 'since the earlier snapshot' });
  return figures;
}

/**
 * Each trait's two bars scaled to the larger of the two figures, so a segment that buys 2.7x as
 * often has a bar 2.7 times the population's. Sizes are magnitudes: a negative mean draws as long
 * as its absolute value.
 */
export function traitBars(traits: readonly TraitLine[]): TraitBar[] {
  return traits.map((t) => {
    const scale = Math.max(Math.abs(t.value), Math.abs(t.overall));
    return { ...t, segmentLength: scale > 0 ? Math.abs(t.value) / scale : 0, overallLength: scale > 0 ? Math.abs(t.overall) / scale : 0 };
  });
}
