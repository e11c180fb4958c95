import { isObject, optionalStr, required, strings, tableName, type FieldReader, type Raw } from '../fields.ts';

/** What the user wrote over a generated persona; unset fields keep the generated text. */
export interface PersonaEdit {
  name?: string;
  description?: string;
  actions?: string[];
}

/** A playbook line: segments with this trait get these suggested actions. */
export interface PlaybookEntry {
  trait: 'dormant' | 'high-value' | 'new' | 'at-risk' | 'frequent' | 'low-value' | 'churn-risk';
  actions: string[];
}

export interface ProfileCell {
  id: string;
  kind: 'profile';
  name: string;
  input: string;
  segmentColumn: string;
  numeric: string[];
  categorical: string[];
  valueColumn: string | null;
  /** Edits by segment label. */
  personas: Record<string, PersonaEdit>;
  playbook: PlaybookEntry[];
  /** Segments marked for targeting, by label. */
  targets: string[];
  /** P(alive) from a CLV cell's table, joined on the customer key. */
  churn: { table: string; key: string; threshold: number } | null;
  /** Attribute columns (e.g. survey ratings) for the perceptual map; empty hides it. */
  attributes: string[];
  /** An earlier snapshot with the same segment column, for growth in the targeting view. */
  previous: string | null;
  /** Columns "Explain in rules" may use; empty means the numeric and categorical columns. */
  explainColumns: string[];
}

const PLAYBOOK_TRAITS: readonly PlaybookEntry['trait'][] = ['dormant', 'high-value', 'new', 'at-risk', 'frequent', 'low-value', 'churn-risk'];

export function readProfileCell(c: Raw, id: string, r: FieldReader): ProfileCell {
  const name = tableName(c, r);
  const { text, number } = required(name, r);
  const churn = isObject(c.churn)
    ? { table: text(c.churn.table, 'churn table'), key: text(c.churn.key, 'churn key'), threshold: number(c.churn.threshold, 'churn threshold') }
    : null;
  return {
    id, kind: 'profile', name,
    input: text(c.input, 'input'), segmentColumn: text(c.segmentColumn, 'segment column'),
    numeric: strings(c.numeric), categorical: strings(c.categorical), valueColumn: optionalStr(c.valueColumn),
    personas: readPersonas(c.personas), playbook: readPlaybook(c.playbook), targets: strings(c.targets), churn,
    attributes: strings(c.attributes), previous: optionalStr(c.previous), explainColumns: strings(c.explainColumns),
  };
}

function readPersonas(v: unknown): Record<string, PersonaEdit> {
  if (!isObject(v)) return {};
  // fromEntries defines own properties, so a segment called "constructor" is an ordinary key, and
  // readers look edits up with Object.hasOwn. "__proto__" is left out: copying the workbook
  // (Svelte's snapshot) would turn that key into the copy's prototype.
  return Object.fromEntries(
    Object.entries(v).flatMap(([segment, edit]): Array<[string, PersonaEdit]> => {
      if (!isObject(edit) || segment === '__proto__') return [];
      const persona: PersonaEdit = {};
      if (typeof edit.name === 'string') persona.name = edit.name;
      if (typeof edit.description === 'string') persona.description = edit.description;
      if (Array.isArray(edit.actions)) persona.actions = strings(edit.actions);
      return [[segment, persona]];
    }),
  );
}

function readPlaybook(v: unknown): PlaybookEntry[] {
  if (!Array.isArray(v)) return [];
  return v.flatMap((e): PlaybookEntry[] => {
    const trait = PLAYBOOK_TRAITS.find((t) => isObject(e) && t === e.trait);
    return isObject(e) && trait ? [{ trait, actions: strings(e.actions) }] : [];
  });
}
