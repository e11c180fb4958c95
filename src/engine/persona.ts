import type { PersonaEdit, PlaybookEntry } from './cells/profile/model.ts';
import { countOf, formatNumber, formatPercent, formatRatio } from './number-format.ts';
import { capitalise, columnWords, conceptOf, numericWords, valueWords, type ColumnMeanings, type Concept } from './persona-traits.ts';
import type { ProfileSummary, SegmentProfile } from './cells/profile/profile-cell.ts';
import { MISSING_LABEL } from './cells/profile/profile-sql.ts';

export type PlaybookTrait = PlaybookEntry['trait'];

/** One distinguishing trait in plain words, with its number. */
export interface TraitLine {
  column: string;
  /** The column in words, when the text does not already name it ("buys 2.3x as often as average"). */
  columnLabel: string | null;
  text: string;
  /** |standardised difference|; for a categorical value, that of its 0/1 indicator. */
  strength: number;
  /** The segment's figure and everyone's: means of a numeric column, shares of a categorical value. */
  value: number;
  overall: number;
}

export interface Persona {
  segment: string;
  name: string;
  description: string;
  /** One line under the name on the card: the user's description once they wrote one. */
  headline: string;
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
const TYPICAL = 'Typical customers';

interface Candidate extends TraitLine {
  kind: 'numeric' | 'categorical';
  concept: Concept | null;
  adjective: string;
  noun: string;
  /** Follows a name to tell two segments apart. */
  tail: string;
  recognised: boolean;
}

function candidates(segment: SegmentProfile, summary: ProfileSummary): Candidate[] {
  const out: Candidate[] = [];
  segment.numeric.forEach((s, i) => {
    const overall = summary.numeric[i]?.mean;
    if (s.z === null || s.mean === null || overall === null || overall === undefined) return;
    const concept = conceptOf(s.column, summary.meanings);
    const words = numericWords({ column: s.column, mean: s.mean, overall, z: s.z }, concept);
    const label = columnWords(s.column);
    out.push({
      kind: 'numeric', column: s.column, columnLabel: words.line.includes(label) ? null : label, text: words.line,
      strength: Math.abs(s.z), value: s.mean, overall, concept, ...words,
    });
  });
  for (const { column, values } of segment.categorical) {
    // The most over-represented common value stands for the column.
    const best = values
      .filter((v) => v.popShare > 0 && v.popShare < 1 && v.share >= 0.2 && v.lift >= 1.2)
      .map((v) => ({ ...v, strength: (v.share - v.popShare) / Math.sqrt(v.popShare * (1 - v.popShare)) }))
      .sort((a, b) => b.strength - a.strength)[0];
    if (!best) continue;
    const words = columnWords(column);
    const missing = best.value === MISSING_LABEL;
    const often = best.share >= 0.5 ? 'mostly' : 'often';
    const phrase = missing ? `${often} no ${words}` : `${often} ${best.value} (${words})`;
    out.push({
      kind: 'categorical', column, columnLabel: null, strength: best.strength, value: best.share, overall: best.popShare,
      concept: null, adjective: capitalise(phrase), noun: capitalise(phrase), tail: phrase, recognised: false,
      text: `${words} is ${missing ? 'missing' : best.value} for ${formatPercent(best.share)}, ${formatRatio(best.lift)} the ${formatPercent(best.popShare)} overall`,
    });
  }
  return out.sort((a, b) => b.strength - a.strength || a.column.localeCompare(b.column));
}

/** The persona's name from its strongest traits, and the columns the name already says. */
function nameFrom(ranked: Candidate[]): { name: string; used: Set<string> } {
  const strong = ranked.filter((c) => c.strength >= MIN_NAME);
  const [first] = strong;
  if (!first) return { name: TYPICAL, used: new Set() };
  if (first.kind === 'categorical' || !first.recognised) return { name: first.adjective, used: new Set([first.column]) };
  const second = strong.find((c) => c.kind === 'numeric' && c.recognised && c.concept !== first.concept);
  return second
    ? { name: `${second.adjective} ${first.noun}`, used: new Set([first.column, second.column]) }
    : { name: capitalise(first.noun), used: new Set([first.column]) };
}

interface Draft {
  name: string;
  tails: string[];
  /** A label a cell upstream gave as a name: it stays as it is. */
  kept: boolean;
  ranked: Candidate[];
  used: Set<string>;
  share: number;
}

/**
 * Two segments never share a name: each one whose name another also has takes on its strongest
 * trait that the name does not say yet and that differs from the other's ("Big spenders who
 * bought recently"), until the names differ. Segments alike in every trait are told apart by size,
 * or failing that by number.
 */
function makeUnique(drafts: Draft[]): void {
  const groups = () => {
    const byName = new Map<string, Draft[]>();
    for (const d of drafts) byName.set(d.name, [...(byName.get(d.name) ?? []), d]);
    return [...byName.values()].filter((g) => g.length > 1);
  };
  const tailOf = (d: Draft, column: string) => d.ranked.find((c) => c.column === column)?.tail;
  for (let clashes = groups(); clashes.length; clashes = groups()) {
    let extended = false;
    for (const group of clashes) {
      for (const d of group) {
        if (d.kept) continue;
        const others = group.filter((e) => e !== d);
        const next = d.ranked.find((c) => !d.used.has(c.column) && others.some((e) => tailOf(e, c.column) !== c.tail));
        if (!next) continue;
        d.used.add(next.column);
        d.name = `${d.name}${d.tails.length ? ',' : ''} ${next.tail}`;
        d.tails.push(next.tail);
        extended = true;
      }
    }
    if (!extended) break;
  }
  for (const group of groups()) {
    const free = group.filter((d) => !d.kept);
    const bySize = new Set(free.map((d) => formatPercent(d.share))).size === free.length;
    free.forEach((d, i) => {
      d.name = bySize ? `${d.name}, ${formatPercent(d.share)} of customers` : `${d.name} (${i + 1})`;
    });
  }
}

/** The playbook traits a segment shows, judged from its statistics. */
export function playbookTraits(segment: SegmentProfile, meanings: ColumnMeanings = {}): PlaybookTrait[] {
  const z = (concept: Concept) => {
    const stats = segment.numeric.filter((s) => s.z !== null && conceptOf(s.column, meanings) === concept);
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

/** Churn and growth, in sentences that follow the headline and the description alike. */
function outlook(segment: SegmentProfile, summary: ProfileSummary): string {
  let text = '';
  if (segment.churnRiskShare !== null && summary.churnThreshold !== null) {
    text += ` ${formatPercent(segment.churnRiskShare)} are at risk of churn (P(alive) below ${formatNumber(summary.churnThreshold)}).`;
  }
  if (segment.growth !== null) text += ` ${segment.growth >= 0 ? 'Grew' : 'Shrank'} ${formatPercent(Math.abs(segment.growth))} since the earlier snapshot.`;
  return text;
}

/** Size, value, churn and growth; a segment that keeps its label is first said in its traits' words. */
function describe(segment: SegmentProfile, summary: ProfileSummary, character: string | null): string {
  let text = `${character ? `${character}. ` : ''}${countOf(segment.size, 'customer')}, ${formatPercent(segment.share)} of all`;
  if (segment.valueShare !== null) text += `, bringing ${formatPercent(segment.valueShare)} of the ${valueWords(summary.valueColumn)}`;
  return `${text}.${outlook(segment, summary)}`;
}

/**
 * The card's line under the name: what a customer of the segment is worth against the average
 * one, after the traits' words where the name does not say them already. Size and share are the
 * card's large figures, so they are not repeated here.
 */
function headlineOf(segment: SegmentProfile, summary: ProfileSummary, character: string | null, ranked: Candidate[]): string {
  const index = segment.valueShare !== null && segment.share > 0 ? segment.valueShare / segment.share : null;
  const worth = index === null ? null : `worth ${formatRatio(index)} the average`;
  const fallback = ranked[0] ? capitalise(ranked[0].text) : 'Close to the average customer';
  const first = character ? (worth ? `${character}, each ${worth} customer.` : `${character}.`) : worth ? `Each customer is ${worth} one.` : `${fallback}.`;
  return `${first}${outlook(segment, summary)}`;
}

function actionsFor(traits: PlaybookTrait[], playbook: readonly PlaybookEntry[]): string[] {
  const actions = playbook.filter((p) => traits.includes(p.trait)).flatMap((p) => p.actions);
  return [...new Set(actions.map((a) => a.trim()).filter(Boolean))];
}

/** Personas as generated from a profile and a playbook, before the user's edits. */
export function generatePersonas(summary: ProfileSummary, playbook: readonly PlaybookEntry[]): Persona[] {
  const named = new Set(summary.namedLabels);
  const drafts = summary.segments.map((segment) => {
    const ranked = candidates(segment, summary);
    const kept = named.has(segment.label);
    const fromTraits = nameFrom(ranked);
    const draft: Draft = { ...fromTraits, name: kept ? segment.label : fromTraits.name, kept, tails: [], ranked, share: segment.share };
    return { segment, ranked, draft, character: kept && fromTraits.name !== TYPICAL ? fromTraits.name : null };
  });
  makeUnique(drafts.map((d) => d.draft));
  return drafts.map(({ segment, ranked, draft, character }): Persona => {
    const distinguishing = ranked.filter((c) => c.strength >= MIN_TRAIT).slice(0, MAX_TRAITS);
    const shown = distinguishing.length >= MIN_TRAITS ? distinguishing : ranked.slice(0, MIN_TRAITS);
    const traits = playbookTraits(segment, summary.meanings);
    const generated = { name: draft.name, description: describe(segment, summary, character), actions: actionsFor(traits, playbook) };
    return {
      segment: segment.label, ...generated, headline: headlineOf(segment, summary, character, ranked), generated, edited: false,
      traits: shown.map(({ column, columnLabel, text, strength, value, overall }) => ({ column, columnLabel, text, strength, value, overall })),
      playbookTraits: traits, size: segment.size, share: segment.share, valueShare: segment.valueShare,
      churnRiskShare: segment.churnRiskShare, growth: segment.growth,
    };
  });
}

/** The user's text where they wrote some, the generated text elsewhere. */
export function applyEdit(persona: Persona, edit: PersonaEdit | undefined): Persona {
  if (!edit) return persona;
  const name = edit.name?.trim() ? edit.name : persona.name;
  const description = edit.description?.trim() ? edit.description : persona.description;
  const actions = edit.actions ?? persona.actions;
  const edited = name !== persona.generated.name || description !== persona.generated.description || actions.join('\n') !== persona.generated.actions.join('\n');
  const headline = description !== persona.generated.description ? description : persona.headline;
  return { ...persona, name, description, headline, actions, edited };
}

export function personasFor(summary: ProfileSummary, playbook: readonly PlaybookEntry[], edits: Record<string, PersonaEdit>): Persona[] {
  return generatePersonas(summary, playbook).map((p) => applyEdit(p, Object.hasOwn(edits, p.segment) ? edits[p.segment] : undefined));
}
