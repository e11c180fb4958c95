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

/**
 * Everything a note may contain: text structure, links and images. No `style`, `class`, `id`
 * or `aria-*`: a note from a shared link must not position itself over the app (the review
 * banner, Run all), borrow the app's classes, or relabel anything.
 */
export const NOTE_TAGS = [
  'p', 'br', 'hr', 'h3', 'h4', 'h5', 'h6', 'em', 'strong', 'del', 's', 'code', 'pre', 'kbd', 'sup', 'sub', 'blockquote',
  'ul', 'ol', 'li', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'a', 'img',
];
export const NOTE_ATTRIBUTES = ['href', 'title', 'src', 'alt', 'align', 'start'];
// Web and mail links and relative ones; javascript:, data:, vbscript: and every other scheme are dropped.
const NOTE_URIS = /^(?:(?:https?|mailto):|[^a-z]|[a-z+.-]+(?:[^a-z+.\-:]|$))/i;

/** The class of the hint that shows a link's destination while it is hovered or focused. */
export const DESTINATION_CLASS = 'link-destination';

/** Markdown to HTML that is safe to insert, with every link showing where it goes. */
export function renderMarkdown(text: string, pageUrl: string = location.href): string {
  const html = markdown.parse(text, { async: false });
  const fragment = DOMPurify.sanitize(html, {
    ALLOWED_TAGS: NOTE_TAGS,
    ALLOWED_ATTR: NOTE_ATTRIBUTES,
    ALLOWED_URI_REGEXP: NOTE_URIS,
    ALLOW_DATA_ATTR: false,
    ALLOW_ARIA_ATTR: false,
    RETURN_DOM_FRAGMENT: true,
  });
  for (const link of fragment.querySelectorAll('a')) makeHonest(link, pageUrl);
  const box = fragment.ownerDocument.createElement('div');
  box.append(fragment);
  return box.innerHTML;
}

function makeHonest(link: HTMLAnchorElement, pageUrl: string): void {
  const href = link.getAttribute('href');
  if (href === null) return;
  let url: URL;
  try {
    url = new URL(href, pageUrl);
  } catch {
    link.removeAttribute('href');
    return;
  }
  const destination = url.protocol === 'mailto:' ? url.href.slice('mailto:'.length) : url.href;
  if (/^https?:$/.test(url.protocol) && url.origin !== new URL(pageUrl).origin) {
    link.setAttribute('target', '_blank');
    link.setAttribute('rel', 'noopener noreferrer');
  }
  // The title is what a mouse shows on hover and what a screen reader reads as the description.
  link.setAttribute('title', destination);
  if (posesAsOtherAddress(link.textContent ?? '', url)) link.textContent = destination;
  const hint = link.ownerDocument.createElement('span');
  hint.className = DESTINATION_CLASS;
  hint.setAttribute('aria-hidden', 'true');
  hint.textContent = ` (${destination})`;
  link.after(hint);
}

// A web address in link text: with a scheme, starting www., or the whole text a host name.
const ADDRESS_IN_TEXT = /\b[a-z][a-z0-9+.-]*:\/\/[^\s/?#]+|\bwww\.[^\s/?#]+/giu;
const WHOLE_HOST = /^(?:[\p{L}\p{N}-]+\.)+\p{L}[\p{L}\p{N}-]+(?::\d+)?(?:[/?#]\S*)?$/u;
const MAIL_IN_TEXT = /[^\s@<>()]+@[^\s@<>()]+\.[^\s@<>()]+/gu;

/** True when the text names an address other than where the link goes. */
export function posesAsOtherAddress(text: string, url: URL): boolean {
  const shown = text.trim();
  const hosts = [...shown.matchAll(ADDRESS_IN_TEXT)].map((m) => m[0]);
  if (WHOLE_HOST.test(shown)) hosts.push(shown);
  const realHost = url.protocol === 'mailto:' ? null : bareHost(url.host);
  for (const candidate of hosts) {
    const host = hostOf(candidate);
    if (host === null || host !== realHost) return true;
  }
  const mails = [...shown.matchAll(MAIL_IN_TEXT)].map((m) => m[0].toLowerCase());
  if (!mails.length) return false;
  const realMail = url.protocol === 'mailto:' ? decodeURIComponent(url.pathname).toLowerCase() : null;
  // Text like user@host (no scheme) next to an http link names the host after the @.
  return mails.some((m) => m !== realMail);
}

function hostOf(address: string): string | null {
  try {
    return bareHost(new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(address) ? address : `http://${address}`).host);
  } catch {
    return null;
  }
}

function bareHost(host: string): string {
  return host.toLowerCase().replace(/^www\./, '');
}
