/**
 * Limits on what a workbook file or link may hold, checked before anything walks it: a hostile
 * link can nest JSON deeper than any recursive reader's stack, or hold more cells than a page
 * can show.
 */

/** A real workbook nests about 8 levels deep (workbook, cells, cell, model, preparation, list, item). */
export const MAX_JSON_DEPTH = 64;

/** A workbook holds at most this many cells; more would take the page minutes to draw. */
export const MAX_CELLS = 500;

/**
 * The deepest nesting of arrays and objects in JSON text, found by a scan of the text, without
 * recursion and without parsing it; brackets inside strings do not count. Stops early once past `stopAt`.
 */
export function jsonDepth(text: string, stopAt = Infinity): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 0x5c) i++; // a backslash escapes the next character, a quote included
      else if (ch === 0x22) inString = false;
    } else if (ch === 0x22) inString = true;
    else if (ch === 0x5b || ch === 0x7b) {
      depth++;
      if (depth > deepest) {
        deepest = depth;
        if (deepest > stopAt) return deepest;
      }
    } else if (ch === 0x5d || ch === 0x7d) depth--;
  }
  return deepest;
}
