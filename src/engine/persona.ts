import type { PersonaEdit, PlaybookEntry } from './marketing-cells.ts';
import { conceptOf, formatNumber, formatPercent, numericWords, type Concept } from './persona-traits.ts';
import type { ProfileSummary, SegmentProfile } from './profile-cell.ts';

export type PlaybookTrait = PlaybookEntry['trait'];

/** One distinguishing trait in plain words, with its number. */
export interface TraitLine {
  column: string;
  text: string;
  /** |standardised difference|; for a categorical value, that of its 0/1 indicator. */
  strength: number;
}

export interface Persona {
  segment: string;
  name: string;
  description: string;
  actions: string[];
  /** What the generator wrote, for "Reset to generated". */
  generated: { name: string; description: string; actions: string[] };
  edited: boolean;
  traits: TraitLine[];
  playbookTraits: PlaybookTrait[];
  size: number;
  share: number;
  valueShare: number | null;
  churnRiskShare: number | null;
  growth: number | null;
}

/** Below this a difference does not count as distinguishing. */
const MIN_TRAIT = 0.2;
/** A trait must be at least this strong to name the persona. */
const MIN_NAME = 0.3;
const MAX_TRAITS = 5;
const MIN_TRAITS = 3;

interface Candidate extends TraitLine {
  kind: 'numeric' | 'categorical';
  concept: Concept | null;
  adjective: string;
  noun: string;
  recognised: boolean;
}

function candidates(segment: SegmentProfile, summary: ProfileSummary): Candidate[] {
  const out: Candidate[] = [];
  segment.numeric.forEach((s, i) => {
    const overall = summary.numeric[i]?.mean;
    if (s.z === null || s.mean === null || overall === null || overall === undefined) return;
    const words = numericWords({ column: s.column, mean: s.mean, overall, z: s.z });
    out.push({ kind: 'numeric', column: s.column, text: words.line, strength: Math.abs(s.z), concept: conceptOf(s.column), ...words });
  });
  for (const { column, values } of segment.categorical) {
    // The most over-represented common value stands for the column.
    const best = values
      .filter((v) => v.popShare > 0 && v.popShare < 1 && v.share >= 0.2 && v.lift >= 1.2)
      .map((v) => ({ ...v, strength: (v.share - v.popShare) / Math.sqrt(v.popShare * (1 - v.popShare)) }))
      .sort((a, b) => b.strength - a.strength)[0];
    if (!best) continue;
    const lift = `${best.lift.toLocaleString('en', { maximumFractionDigits: 1, minimumFractionDigits: 1 })}x`;
    const mostly = best.share >= 0.5;
    const phrase = `${mostly ? 'Mostly' : 'Often'} ${column} = ${best.value} (${lift})`;
    out.push({
      kind: 'categorical', column, strength: best.strength, concept: null, adjective: phrase, noun: phrase, recognised: false,
      text: `${formatPercent(best.share)} have ${column} = ${best.value}, ${lift} the ${formatPercent(best.popShare)} overall`,
    });
  }
  return out.sort((a, b) => b.strength - a.strength || a.column.localeCompare(b.column));
}

function nameFrom(ranked: Candidate[]): string {
  const strong = ranked.filter((c) => c.strength >= MIN_NAME);
  const [first] = strong;
  if (!first) return 'Typical customers';
  if (first.kind === 'categorical' || !first.recognised) return first.adjective;
  const second = strong.find((c) => c.kind === 'numeric' && c.recognised && c.concept !== first.concept);
  const noun = first.noun;
  return second ? `${second.adjective} ${noun}` : noun[0].toUpperCase() + noun.slice(1);
}

/** The playbook traits a segment shows, judged from its statistics. */
export function playbookTraits(segment: SegmentProfile): PlaybookTrait[] {
  const z = (concept: Concept) => {
    const stats = segment.numeric.filter((s) => s.z !== null && conceptOf(s.column) === concept);
    stats.sort((a, b) => Math.abs(b.z ?? 0) - Math.abs(a.z ?? 0));
    return stats[0]?.z ?? 0;
  };
  const recency = z('recency');
  const frequency = z('frequency');
  const monetary = z('monetary');
  const tenure = z('tenure');
  // Value per customer relative to everyone's: 2 means twice the average customer's value.
  const valueIndex = segment.valueShare !== null && segment.share > 0 ? segment.valueShare / segment.share : null;
  const highValue = (valueIndex !== null && valueIndex >= 1.5) || monetary >= 0.8;
  const found = new Set<PlaybookTrait>();
  if (highValue) found.add('high-value');
  if ((valueIndex !== null && valueIndex <= 0.5) || monetary <= -0.5) found.add('low-value');
  if (frequency >= 0.5) found.add('frequent');
  if (tenure <= -0.8 || (recency <= -0.5 && frequency <= -0.5)) found.add('new');
  // Customers who were worth something and are drifting away get a win-back; the rest a reactivation.
  const wasValuable = highValue || frequency >= 0.3 || monetary >= 0.3;
  if (recency >= 0.3 && wasValuable) found.add('at-risk');
  else if (recency >= 0.8) found.add('dormant');
  if (segment.churnRiskShare !== null && segment.churnRiskShare >= 0.5) found.add('churn-risk');
  return [...found];
}

function describe(segment: SegmentProfile, summary: ProfileSummary): string {
  let text = `${segment.size.toLocaleString('en')} customers, ${formatPercent(segment.share)} of all`;
  if (segment.valueShare !== null) text += `, bringing ${formatPercent(segment.valueShare)} of the ${summary.valueColumn ?? 'value'}`;
  text += '.';
  if (segment.churnRiskShare !== null && summary.churnThreshold !== null) {
    text += ` ${formatPercent(segment.churnRiskShare)} are at risk of churn (P(alive) below ${formatNumber(summary.churnThreshold)}).`;
  }
  if (segment.growth !== null) text += ` ${segment.growth >= 0 ? 'Grew' : 'Shrank'} ${formatPercent(Math.abs(segment.growth))} since the earlier snapshot.`;
  return text;
}

function actionsFor(traits: PlaybookTrait[], playbook: readonly PlaybookEntry[]): string[] {
  const actions = playbook.filter((p) => traits.includes(p.trait)).flatMap((p) => p.actions);
  return [...new Set(actions.map((a) => a.trim()).filter(Boolean))];
}

/** Personas as generated from a profile and a playbook, before the user's edits. */
export function generatePersonas(summary: ProfileSummary, playbook: readonly PlaybookEntry[]): Persona[] {
  const personas = summary.segments.map((segment): Persona => {
    const ranked = candidates(segment, summary);
    const distinguishing = ranked.filter((c) => c.strength >= MIN_TRAIT).slice(0, MAX_TRAITS);
    const shown = distinguishing.length >= MIN_TRAITS ? distinguishing : ranked.slice(0, MIN_TRAITS);
    const traits = playbookTraits(segment);
    const generated = { name: nameFrom(ranked), description: describe(segment, summary), actions: actionsFor(traits, playbook) };
    return {
      segment: segment.label, ...generated, generated, edited: false,
      traits: shown.map(({ column, text, strength }) => ({ column, text, strength })),
      playbookTraits: traits, size: segment.size, share: segment.share, valueShare: segment.valueShare,
      churnRiskShare: segment.churnRiskShare, growth: segment.growth,
    };
  });
  // Two segments can share their strongest traits; their labels tell them apart.
  const count = new Map<string, number>();
  for (const p of personas) count.set(p.name, (count.get(p.name) ?? 0) + 1);
  for (const p of personas) {
    if ((count.get(p.name) ?? 0) > 1) {
      p.name = `${p.name} (${summary.segmentColumn} ${p.segment})`;
      p.generated.name = p.name;
    }
  }
  return personas;
}

/** The user's text where they wrote some, the generated text elsewhere. */
export function applyEdit(persona: Persona, edit: PersonaEdit | undefined): Persona {
  if (!edit) return persona;
  const name = edit.name?.trim() ? edit.name : persona.name;
  const description = edit.description?.trim() ? edit.description : persona.description;
  const actions = edit.actions ?? persona.actions;
  const edited = name !== persona.generated.name || description !== persona.generated.description || actions.join('\n') !== persona.generated.actions.join('\n');
  return { ...persona, name, description, actions, edited };
}

export function personasFor(summary: ProfileSummary, playbook: readonly PlaybookEntry[], edits: Record<string, PersonaEdit>): Persona[] {
  return generatePersonas(summary, playbook).map((p) => applyEdit(p, Object.hasOwn(edits, p.segment) ? edits[p.segment] : undefined));
}
