import type { HeatmapData } from '../charts/profile-heatmap.ts';
import type { TargetingData } from '../charts/targeting-bubbles.ts';
import type { ValueBarsData } from '../charts/segment-value-bars.ts';
import type { Persona } from '../engine/persona.ts';
import type { ProfileSummary } from '../engine/cells/profile/profile-cell.ts';

/**
 * How a segment is shown in charts and tables: its label and its persona's name, once when they
 * are the same words (a rule or RFM segment keeps its label as its persona name).
 */
export function segmentTitle(label: string, persona: Persona | undefined): string {
  if (!persona || sameWords(label, persona.name)) return label;
  return `${label} · ${persona.name}`;
}

function sameWords(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

/** The data of the profile's three charts, shared by the cell's view and the persona report. */
export function personaChartData(summary: ProfileSummary, personas: readonly Persona[], targets: readonly string[]) {
  const title = (label: string) => segmentTitle(label, personas.find((p) => p.segment === label));
  const labels = summary.segments.map((s) => title(s.label));
  const heatmap: HeatmapData = {
    rows: labels,
    columns: summary.numeric.map((n) => n.column),
    z: summary.segments.map((s) => s.numeric.map((n) => n.z)),
  };
  const withValue = summary.valueColumn !== null;
  const targeting: TargetingData | null = withValue
    ? {
        labels: summary.segments.map((s) => s.label), names: labels, size: summary.segments.map((s) => s.size), valuePerCustomer: summary.segments.map((s) => s.valuePerCustomer ?? 0),
        growth: summary.segments.map((s) => (summary.hasGrowth ? s.growth : null)), targeted: summary.segments.map((s) => targets.includes(s.label)),
      }
    : null;
  const bars: ValueBarsData | null = withValue
    ? { labels, share: summary.segments.map((s) => s.share), valueShare: summary.segments.map((s) => s.valueShare ?? 0) }
    : null;
  return { heatmap: heatmap.columns.length ? heatmap : null, targeting, bars };
}
