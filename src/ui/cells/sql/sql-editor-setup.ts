import { sql, PostgreSQL } from '@codemirror/lang-sql';
import { HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { Compartment, Prec, type Extension } from '@codemirror/state';
import { EditorView, keymap } from '@codemirror/view';
import { tags } from '@lezer/highlight';
import { basicSetup } from 'codemirror';

export interface EditorCallbacks {
  onChange(text: string): void;
  /** Shift+Enter runs and moves on; Ctrl/Cmd+Enter runs in place. */
  onRun(moveNext: boolean): void;
  /** Esc leaves the editor for command mode. */
  onEscape(): void;
}

// Colours come from the page's theme variables, so the editor follows light and dark mode.
const highlight = HighlightStyle.define([
  { tag: tags.keyword, color: 'var(--code-keyword)', fontWeight: '600' },
  { tag: [tags.string, tags.special(tags.string)], color: 'var(--code-string)' },
  { tag: [tags.number, tags.bool, tags.null], color: 'var(--code-number)' },
  { tag: [tags.lineComment, tags.blockComment], color: 'var(--code-comment)', fontStyle: 'italic' },
  { tag: [tags.typeName, tags.standard(tags.name), tags.special(tags.name)], color: 'var(--code-name)' },
]);

const theme = EditorView.theme({
  '&': { backgroundColor: 'var(--surface)', color: 'var(--text)', fontSize: '14px' },
  '.cm-content': { fontFamily: "ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace", caretColor: 'var(--text)' },
  '.cm-gutters': { backgroundColor: 'var(--surface-2)', color: 'var(--muted)', border: 'none' },
  '.cm-activeLine, .cm-activeLineGutter': { backgroundColor: 'transparent' },
  '&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection': { backgroundColor: 'var(--info-bg)' },
  '.cm-tooltip': { backgroundColor: 'var(--surface)', color: 'var(--text)', border: '1px solid var(--border)' },
  '.cm-tooltip-autocomplete ul li[aria-selected]': { backgroundColor: 'var(--accent)', color: 'var(--accent-text)' },
});

export const schemaCompartment = new Compartment();
export const labelCompartment = new Compartment();

/** The editor's accessible name, which follows the cell's name. */
export function editorLabel(label: string): Extension {
  return EditorView.contentAttributes.of({ 'aria-label': label });
}

/** SQL highlighting and completion of the workbook's table and column names. */
export function sqlLanguage(schema: Record<string, string[]>): Extension {
  return sql({ dialect: PostgreSQL, schema, upperCaseKeywords: true });
}

export function sqlEditorExtensions(label: string, schema: Record<string, string[]>, callbacks: EditorCallbacks): Extension[] {
  return [
    Prec.highest(
      keymap.of([
        { key: 'Shift-Enter', run: () => (callbacks.onRun(true), true) },
        { key: 'Mod-Enter', run: () => (callbacks.onRun(false), true) },
        { key: 'Escape', run: () => (callbacks.onEscape(), true) },
      ]),
    ),
    basicSetup,
    schemaCompartment.of(sqlLanguage(schema)),
    syntaxHighlighting(highlight),
    theme,
    EditorView.lineWrapping,
    labelCompartment.of(editorLabel(label)),
    EditorView.updateListener.of((u) => {
      if (u.docChanged) callbacks.onChange(u.state.doc.toString());
    }),
  ];
}
