import DOMPurify from 'dompurify';
import { Marked } from 'marked';

// A note sits under the page's "Cells" heading (h2), so its own headings start at h3 to keep
// the document outline in order for screen readers.
const markdown = new Marked({
  gfm: true,
  async: false,
  walkTokens(token) {
    if (token.type === 'heading') token.depth = Math.min(6, token.depth + 2);
  },
});

/** Markdown to HTML that is safe to insert: DOMPurify removes scripts, handlers and javascript: links. */
export function renderMarkdown(text: string): string {
  const html = markdown.parse(text, { async: false });
  return DOMPurify.sanitize(html, { USE_PROFILES: { html: true }, FORBID_TAGS: ['style', 'form', 'input'] });
}
