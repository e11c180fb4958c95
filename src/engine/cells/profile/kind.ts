import { guessCustomerColumns } from '../../column-guess.ts';
import type { CellKindEntry } from '../kind.ts';
import { readProfileCell, type ProfileCell } from './model.ts';
import { DEFAULT_PLAYBOOK } from './playbook.ts';
import { runProfileCell, type ProfileResult } from './profile-cell.ts';

export const profileKind: CellKindEntry<ProfileCell, ProfileResult> = {
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
};
