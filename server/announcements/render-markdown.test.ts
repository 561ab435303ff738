import { describe, expect, it } from 'vitest';
import { markdownToPlainText, renderMarkdown } from './render-markdown.js';

const TAGS = new Set(['p', 'br', 'strong', 'em', 'a', 'img', 'ul', 'ol', 'li', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'code', 'pre', 'hr', 's', 'table', 'thead', 'tbody', 'tr', 'th', 'td']);
const ATTRIBUTES = new Set(['href', 'src', 'alt', 'title', 'rel', 'target', 'loading', 'style', 'start', 'class']);

/**
 * Everything that could run in a browser, looked for in the output: tags outside a short list, any
 * attribute outside a short list (no on*), link and image targets outside the allowed schemes, and
 * styles other than the table alignment markdown-it writes.
 */
function assertInert(html: string) {
  for (const m of html.matchAll(/<\/?([a-zA-Z0-9]+)([^>]*)>/g)) {
    const [, tag, attrs] = m;
    expect(TAGS.has(tag.toLowerCase()), `tag <${tag}> in ${html}`).toBe(true);
    for (const a of attrs.matchAll(/([^\s=/]+)(?:="([^"]*)")?/g)) {
      const [, name, value = ''] = a;
      expect(ATTRIBUTES.has(name.toLowerCase()), `attribute ${name} in ${html}`).toBe(true);
      if (name === 'href') expect(value, html).toMatch(/^(https?:|mailto:|tel:)/i);
      if (name === 'src') expect(value, html).toMatch(/^(https?:\/\/|\/(?![/\\]))/i);
      if (name === 'style') expect(value, html).toMatch(/^text-align:(left|right|center)$/);
      if (name === 'class') expect(value, html).toMatch(/^language-[\w-]+$/);
    }
  }
  // Nothing tag-like can come from text: every < in text is escaped.
  expect(html.replace(/<\/?[a-zA-Z0-9]+[^<>]*>/g, '')).not.toMatch(/[<>]/);
  // Dangerous schemes may show up as visible text, never inside a tag.
  for (const m of html.matchAll(/<[^>]*>/g)) expect(m[0], html).not.toMatch(/javascript:|vbscript:|data:/i);
}

describe('rendering notice bodies safely', () => {
  it('renders ordinary Markdown: emphasis, lists, links, images', () => {
    const html = renderMarkdown('# 停水通知\n\n**明天**停水，请*提前*储水。\n\n- 一号楼\n- 二号楼\n\n[详情](https://example.org/a?b=1) 电话 [12345](tel:12345)\n\n![地图](/uploads/map.png)');
    expect(html).toContain('<h1>停水通知</h1>');
    expect(html).toContain('<strong>明天</strong>');
    expect(html).toContain('<li>一号楼</li>');
    expect(html).toContain('<a href="https://example.org/a?b=1" rel="noopener noreferrer nofollow" target="_blank">详情</a>');
    expect(html).toContain('<a href="tel:12345">12345</a>');
    expect(html).toContain('<img src="/uploads/map.png" alt="地图" loading="lazy">');
    assertInert(html);
  });

  const hostile: [string, string][] = [
    ['script tag', '<script>alert(1)</script>'],
    ['script split over lines', '<scr\nipt>alert(1)</scr\nipt>'],
    ['img onerror', '<img src=x onerror=alert(1)>'],
    ['svg onload', '<svg onload=alert(1)></svg>'],
    ['iframe', '<iframe src="javascript:alert(1)"></iframe>'],
    ['javascript link', '[点我](javascript:alert(1))'],
    ['upper-case javascript link', '[点我](JaVaScRiPt:alert(1))'],
    ['entity-encoded javascript link', '[点我](javascript&#58;alert(1))'],
    ['hex entity javascript link', '[点我](&#x6A;avascript:alert(1))'],
    ['tab inside the scheme', '[点我](java\tscript:alert(1))'],
    ['escaped newline in the scheme', '[点我](<java\nscript:alert(1)>)'],
    ['leading space', '[点我]( javascript:alert(1))'],
    ['vbscript', '[点我](vbscript:msgbox(1))'],
    ['autolink javascript', '<javascript:alert(1)>'],
    ['reference link', '[点我][x]\n\n[x]: javascript:alert(1)'],
    ['data: html link', '[点我](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)'],
    ['data: svg image', '![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)'],
    ['data: png image', '![x](data:image/png;base64,iVBORw0KGgo=)'],
    ['javascript image', '![x](javascript:alert(1))'],
    ['protocol-relative image', '![x](//evil.example/x.png)'],
    ['backslash image', '![x](/\\evil.example/x.png)'],
    ['quote breaking out of the title', '[a](https://ok.example "x\\" onmouseover=\\"alert(1)")'],
    ['quote breaking out of the href', '[a](https://ok.example/"onmouseover="alert(1))'],
    ['alt text with html', '![<img src=x onerror=alert(1)>](https://ok.example/a.png)'],
    ['link text with html', '[<script>alert(1)</script>](https://ok.example)'],
    ['html entities', '&lt;script&gt;alert(1)&lt;/script&gt; &#60;img src=x onerror=alert(1)&#62;'],
    ['nested markdown inside html', '<a href="javascript:alert(1)">**点我**</a>'],
    ['nested tricks', '<<script>script>alert(1)<</script>/script>'],
    ['style tag', '<style>body{background:url(javascript:alert(1))}</style>'],
    ['html comment', '<!-- --><script>alert(1)</script><!-- -->'],
    ['code block with html', '```html\n<script>alert(1)</script>\n```'],
    ['inline code with html', '`<img src=x onerror=alert(1)>`'],
    ['linkified text', 'see javascript:alert(1) and www.example.org'],
    ['mailto with script', '[mail](mailto:a@b.c?subject=<script>)'],
  ];
  for (const [name, input] of hostile) {
    it(`lets nothing executable through: ${name}`, () => {
      assertInert(renderMarkdown(input));
    });
  }

  it('shows raw HTML as text instead of dropping what the author wrote', () => {
    expect(renderMarkdown('<b>注意</b>')).toBe('<p>&lt;b&gt;注意&lt;/b&gt;</p>\n');
  });

  it('keeps the text of a refused link or image', () => {
    expect(renderMarkdown('[点我](javascript:alert(1))')).not.toContain('href');
    expect(renderMarkdown('![地图](data:image/png;base64,AAAA)')).not.toContain('<img');
  });

  it('turns Markdown into plain paragraphs for reading aloud', () => {
    expect(markdownToPlainText('# 通知\n\n**明天** 停水，[详情](https://x.example)。\n\n- 一号楼\n- 二号楼')).toBe('通知\n明天 停水，详情。\n一号楼\n二号楼');
  });
});
