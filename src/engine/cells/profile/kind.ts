import { guessCustomerColumns } from '../../column-guess.ts';
import { personasFor, type Persona } from '../../persona.ts';
import { briefPercent } from '../brief-format.ts';
import type { CellKindEntry } from '../kind.ts';
import { readProfileCell, type ProfileCell } from './model.ts';
import { DEFAULT_PLAYBOOK } from './playbook.ts';
import { runProfileCell, type ProfileResult, type ProfileSummary } from './profile-cell.ts';

export const profileKind: CellKindEntry<ProfileCell, ProfileResult, { kind: 'profile' } & ProfileSummary & { personas: Persona[] }> = {
  kind: 'profile',
  label: 'Profile and personas',
  read: readProfileCell,
  create: ({ id, input, name, columnsOf }) => {
    const customers = guessCustomerColumns(columnsOf(input));
    return {
      id, kind: 'profile', name: name('profile'), input, segmentColumn: customers.segment ?? 'segment', numeric: customers.features, categorical: [],
      valueColumn: customers.value,
      personas: {}, playbook: DEFAULT_PLAYBOOK.map((p) => ({ ...p, actions: [...p.actions] })), targets: [], churn: null,
      attributes: [], previous: null, explainColumns: [],
    };
  },
  reads: (cell) => [cell.input, cell.churn?.table, cell.previous].filter((t): t is string => !!t),
  writes: (cell) => [cell.name],
  run: runProfileCell,
  readsCustomers: 'segment',
  summarises: 'a Profile cell: one row per segment',
  leftOutWhenDefault: { field: 'playbook', value: DEFAULT_PLAYBOOK },
  // The persona cards as the view builds them, from the cell's playbook and the user's edits.
  report: (result, cell) => ({ kind: 'profile', ...result.profile, personas: personasFor(result.profile, cell.playbook, cell.personas) }),
  brief: (r) => `personas: ${r.personas.map((p) => `${p.segment} "${p.name}" (${briefPercent(p.share)})`).join('; ')}`,
};
