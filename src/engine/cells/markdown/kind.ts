import type { CellKindEntry } from '../kind.ts';
import { str } from '../fields.ts';

export interface NoteCell {
  id: string;
  kind: 'markdown';
  text: string;
}

export const markdownKind: CellKindEntry<NoteCell> = {
  kind: 'markdown',
  label: 'Note',
  read: (c, id) => ({ id, kind: 'markdown', text: str(c.text) ?? '' }),
  create: ({ id }) => ({ id, kind: 'markdown', text: '' }),
  reads: () => [],
  writes: () => [],
};
