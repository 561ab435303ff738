import MarkdownIt from 'markdown-it';

/**
 * Notice bodies are Markdown written by any grid worker and shown on public pages, so the renderer
 * must not let anyone inject script: raw HTML is off (it comes out as text), links keep only
 * http/https/mailto/tel, and images only http(s) or paths on this site. Everything else markdown-it
 * escapes itself.
 */
const LINK_SCHEME = /^(https?:|mailto:|tel:)/i;
const IMAGE_SOURCE = /^https?:\/\//i;

/** A path on this site: starts with one slash, not two (protocol-relative), and no backslash (browsers read `/\` as `//`). */
const sameOriginPath = (url: string) => url.startsWith('/') && !url.startsWith('//') && !url.includes('\\');

/** Whether a link target may be kept; control characters and whitespace are never allowed inside. */
export function isSafeLink(url: string): boolean {
  const u = url.trim();
  if (/[\u0000-\u0020\u007f]/.test(u)) return false;
  return LINK_SCHEME.test(u);
}

/** Whether an image source may be kept. */
export function isSafeImage(url: string): boolean {
  const u = url.trim();
  if (/[\u0000-\u0020\u007f]/.test(u)) return false;
  return IMAGE_SOURCE.test(u) || sameOriginPath(u);
}

function createRenderer() {
  const md = new MarkdownIt({ html: false, linkify: true, breaks: true, typographer: false });
  // markdown-it's own check allows some data: images; ours is stricter and applies before normalising.
  md.validateLink = (url) => isSafeLink(url) || isSafeImage(url);

  const defaultLinkOpen = md.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
  md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
    const token = tokens[idx];
    const raw = token.attrGet('href');
    const href = raw === null ? null : String(raw);
    if (href === null || !isSafeLink(href)) token.attrs = (token.attrs ?? []).filter(([name]) => name !== 'href');
    else if (/^https?:/i.test(href)) {
      token.attrSet('rel', 'noopener noreferrer nofollow');
      token.attrSet('target', '_blank');
    }
    return defaultLinkOpen(tokens, idx, options, env, self);
  };

  const defaultImage = md.renderer.rules.image!;
  md.renderer.rules.image = (tokens, idx, options, env, self) => {
    const token = tokens[idx];
    const raw = token.attrGet('src');
    const src = raw === null ? null : String(raw);
    if (src === null || !isSafeImage(src)) return md.utils.escapeHtml(token.content);
    token.attrSet('loading', 'lazy');
    return defaultImage(tokens, idx, options, env, self);
  };
  return md;
}

const renderer = createRenderer();

/**
 * Render a notice body to HTML that is safe to put into a page as is.
 * @example renderMarkdown('**停水通知** [详情](https://example.org)')
 */
export function renderMarkdown(markdown: string): string {
  return renderer.render(markdown);
}

/** The text of a notice body without Markdown syntax, paragraph by paragraph, for reading aloud. */
export function markdownToPlainText(markdown: string): string {
  const tokens = renderer.parse(markdown, {});
  const lines: string[] = [];
  let current = '';
  const flush = () => {
    if (current.trim()) lines.push(current.trim());
    current = '';
  };
  for (const token of tokens) {
    if (token.type === 'inline') {
      for (const child of token.children ?? []) {
        if (child.type === 'text' || child.type === 'code_inline') current += child.content;
        else if (child.type === 'softbreak' || child.type === 'hardbreak') current += '\n';
        else if (child.type === 'image') current += child.content;
      }
    } else if (token.type === 'fence' || token.type === 'code_block') {
      current += token.content;
      flush();
    } else if (token.type.endsWith('_close') && token.block) flush();
  }
  flush();
  return lines.join('\n');
}
