import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './markdown.js';

interface Tag {
  name: string;
  closing: boolean;
  attributes: Map<string, string>;
}

const TAG =
  /<(\/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*(\/?)>/g;
const ATTRIBUTE = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;

/** Every tag of the output with its attributes; throws on a "<" that does not open a tag. */
function parseTags(html: string): Tag[] {
  const tags: Tag[] = [];
  for (const match of html.matchAll(TAG)) {
    const attributes = new Map<string, string>();
    for (const attr of (match[3] ?? '').matchAll(ATTRIBUTE)) {
      attributes.set(attr[1]!.toLowerCase(), attr[2] ?? attr[3] ?? attr[4] ?? '');
    }
    tags.push({ name: match[2]!.toLowerCase(), closing: match[1] === '/', attributes });
  }
  const rest = html.replace(TAG, '');
  if (rest.includes('<')) throw new Error(`stray "<" outside a tag in: ${html}`);
  return tags;
}

const ALLOWED_TAGS = new Set([
  ...['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p', 'ul', 'ol', 'li', 'strong', 'em', 'a'],
  ...['table', 'thead', 'tbody', 'tr', 'th', 'td', 'code', 'pre', 'blockquote', 'hr', 'br', 's'],
]);
const ALLOWED_ATTRIBUTES = new Set(['href', 'rel', 'style', 'start', 'class']);

/** The output is made only of known tags with known attributes and safe links. */
function expectSafe(html: string): Tag[] {
  const tags = parseTags(html);
  for (const tag of tags) {
    expect(ALLOWED_TAGS, `tag <${tag.name}> in ${html}`).toContain(tag.name);
    for (const [name, value] of tag.attributes) {
      expect(name, `attribute ${name} in ${html}`).not.toMatch(/^on/);
      expect(ALLOWED_ATTRIBUTES, `attribute ${name} in ${html}`).toContain(name);
      if (name === 'href') expect(value).toMatch(/^(https?|mailto):/i);
      if (name === 'style') expect(value).toMatch(/^text-align:(left|center|right)$/);
    }
  }
  return tags;
}

function links(html: string): Tag[] {
  return expectSafe(html).filter((t) => t.name === 'a' && !t.closing);
}

describe('renderMarkdown: what must not survive', () => {
  it('escapes a script element', () => {
    const html = renderMarkdown('Text <script>alert(1)</script> after');
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expectSafe(html);
  });

  it('escapes block-level raw HTML too', () => {
    const html = renderMarkdown(
      '<script>\nalert(1)\n</script>\n\n<iframe src="https://x"></iframe>',
    );
    expect(html).not.toMatch(/<script|<iframe/i);
    expectSafe(html);
  });

  it.each([
    '[x](javascript:alert(1))',
    '[x](JAVASCRIPT:alert(1))',
    '[x](  JaVaScRiPt:alert(1))',
    '[x](&#106;avascript:alert(1))',
    '[x](<javascript:alert(1)>)',
    '[x](vbscript:msgbox(1))',
    '[x](data:text/html,<script>alert(1)</script>)',
    '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
    '[x](data:image/png;base64,iVBORw0KGgo=)',
    '[x](file:///etc/passwd)',
    '<javascript:alert(1)>',
    '[x][ref]\n\n[ref]: javascript:alert(1)',
    '[x](java\tscript:alert(1))',
  ])('gives no dangerous link for %j', (markdown) => {
    const html = renderMarkdown(markdown);
    expect(links(html)).toEqual([]);
    expect(html).not.toMatch(/href\s*=\s*["']?\s*(javascript|vbscript|data|file):/i);
  });

  it('keeps relative and other-scheme links as text', () => {
    for (const markdown of ['[x](/reports/2023)', '[x](#goals)', '[x](ftp://example.org/a)']) {
      expect(links(renderMarkdown(markdown))).toEqual([]);
    }
  });

  it('escapes tags with event handlers', () => {
    const samples = [
      '<img src=x onerror=alert(1)>',
      'Inline <img src=x onerror=alert(1)> image',
      '<a href="https://example.org" onclick="alert(1)">x</a>',
      'click <a onclick=alert(1)>here</a>',
      '<div onmouseover="alert(1)">hover</div>',
      '<svg onload=alert(1)>',
    ];
    for (const markdown of samples) {
      const html = renderMarkdown(markdown);
      const tags = expectSafe(html);
      for (const tag of tags) {
        expect([...tag.attributes.keys()].filter((name) => name.startsWith('on'))).toEqual([]);
      }
      expect(tags.map((t) => t.name)).not.toContain('img');
      expect(html).toContain('&lt;');
    }
  });

  it('does not render images, so nothing is fetched from outside', () => {
    const html = renderMarkdown('![logo](https://example.org/logo.png)');
    const tags = expectSafe(html);
    expect(tags.map((t) => t.name)).not.toContain('img');
  });
});

describe('renderMarkdown: narrative formatting', () => {
  it('renders headings, paragraphs, bold and emphasis', () => {
    const html = renderMarkdown(
      '# Utfall 2023\n\n## Verksamhetsbidrag\n\nDet blev **klart bättre** än *budgeterat*.',
    );
    expect(html).toBe(
      '<h1>Utfall 2023</h1>\n<h2>Verksamhetsbidrag</h2>\n' +
        '<p>Det blev <strong>klart bättre</strong> än <em>budgeterat</em>.</p>\n',
    );
  });

  it('renders bullet and numbered lists', () => {
    const html = renderMarkdown('- personalkostnader\n- köp av tjänster\n\n1. första\n2. andra');
    expect(html).toBe(
      '<ul>\n<li>personalkostnader</li>\n<li>köp av tjänster</li>\n</ul>\n' +
        '<ol>\n<li>första</li>\n<li>andra</li>\n</ol>\n',
    );
  });

  it('renders http(s) and mailto links with rel="noopener noreferrer"', () => {
    const html = renderMarkdown(
      '[Lovisa](https://www.loviisa.fi/sv/) och [e-post](mailto:kirjaamo@loviisa.fi)',
    );
    const found = links(html);
    expect(found.map((a) => a.attributes.get('href'))).toEqual([
      'https://www.loviisa.fi/sv/',
      'mailto:kirjaamo@loviisa.fi',
    ]);
    for (const a of found) expect(a.attributes.get('rel')).toBe('noopener noreferrer');
    expect(html).toContain('>Lovisa</a>');
  });

  it('links bare URLs and e-mail addresses (linkify), with rel', () => {
    const html = renderMarkdown(
      'Se https://example.org/rapport eller skriv till kirjaamo@loviisa.fi.',
    );
    const found = links(html);
    expect(found.map((a) => a.attributes.get('href'))).toEqual([
      'https://example.org/rapport',
      'mailto:kirjaamo@loviisa.fi',
    ]);
    for (const a of found) expect(a.attributes.get('rel')).toBe('noopener noreferrer');
    // Bare "ftp://" text is recognised by linkify but not an allowed scheme: it stays text.
    expect(links(renderMarkdown('ftp://example.org/a'))).toEqual([]);
  });

  it('renders tables with alignment', () => {
    const html = renderMarkdown(
      '| Rad | Avvikelse |\n| --- | ---: |\n| Personalkostnader | 140 106 |\n| Köp av tjänster | 98 521 |',
    );
    expectSafe(html);
    expect(html).toContain('<table>');
    expect(html).toContain('<th>Rad</th>');
    expect(html).toContain('<th style="text-align:right">Avvikelse</th>');
    expect(html).toContain('<td>Personalkostnader</td>');
    expect(html).toContain('<td style="text-align:right">98 521</td>');
    expect(html.match(/<tr>/g)).toHaveLength(3);
  });

  it('escapes special characters in text', () => {
    expect(renderMarkdown('a < b & "c"')).toBe('<p>a &lt; b &amp; &quot;c&quot;</p>\n');
  });
});
