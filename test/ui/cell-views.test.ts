// The list of cell views: every kind has its own view, and a kind the app does not know gets an
// error, never another kind's view (the list once drew any unknown kind as a chart).
import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import { CELL_KINDS } from '../../src/engine/cells/registry.ts';
import { ADDABLE_KINDS, cellKindLabel } from '../../src/ui/cells/cell-kinds.ts';
import { cellView } from '../../src/ui/cells/cell-views.ts';
import UnknownCellView from '../../src/ui/cells/UnknownCellView.svelte';

describe('cellView', () => {
  it('has a view for every kind, SQL and notes with the app and the rest loaded on first use', async () => {
    const kinds: string[] = [...CELL_KINDS];
    expect([...ADDABLE_KINDS].sort()).toEqual([...kinds].sort());
    const loaded = new Set<unknown>();
    for (const kind of kinds) {
      const view = cellView({ kind });
      expect(view, kind).not.toBeNull();
      if (!view) continue;
      if (kind === 'sql' || kind === 'markdown') {
        expect('ready' in view, kind).toBe(true);
        if ('ready' in view) loaded.add(view.ready);
      } else {
        expect('load' in view, kind).toBe(true);
        if (!('load' in view)) continue;
        // The same promise each time, so that a view mounts once however often the list asks.
        expect(view.load()).toBe(view.load());
        const component = await view.load();
        expect(typeof component, kind).toBe('function');
        loaded.add(component);
      }
    }
    expect(loaded.size).toBe(kinds.length);
  }, 120_000);

  it('has no view for a kind it does not know, including names Object.prototype holds', () => {
    for (const kind of ['segments', 'Chart', '', '__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      expect(cellView({ kind }), kind).toBeNull();
      expect(cellKindLabel(kind)).toBe(kind);
    }
    expect(cellKindLabel('rfm')).toBe('RFM');
  });
});

describe('UnknownCellView', () => {
  it('says the kind is unknown, as an alert, and draws nothing else', () => {
    const { body } = render(UnknownCellView, { props: { kind: 'segments"<b>' } });
    expect(body).toContain('role="alert"');
    expect(body).toContain('unknown kind "segments\\"&lt;b>"');
    expect(body).not.toContain('<figure');
    expect(body).not.toContain('<svg');
  });
});
