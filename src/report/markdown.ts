/**
 * Narrative Markdown (the texts users write under the tables) to HTML that is safe to embed in a
 * report: raw HTML is escaped rather than passed through, links may only point to http:, https:
 * or mailto: (anything else stays as plain text), every link gets rel="noopener noreferrer", and
 * images are not rendered, so a report never loads anything from outside by itself.
 */
import markdownIt, { type MarkdownIt } from 'markdown-it';

/** Schemes a link may have; checked on the normalised URL, so relative links are text too. */
const ALLOWED_LINK = /^(?:https?|mailto):/i;

function createRenderer(): MarkdownIt {
  const md = markdownIt('default', {
    html: false,
    linkify: true,
    typographer: false,
    breaks: false,
  });
  md.enable('table');
  md.disable('image');
  // markdown-it checks every link destination (inline, reference, autolink and linkify) here;
  // a rejected one is not turned into a link and its source is rendered as escaped text.
  md.validateLink = (url: string): boolean => ALLOWED_LINK.test(url.trim());

  const renderLinkOpen = md.renderer.rules.link_open;
  md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
    tokens[idx]?.attrSet('rel', 'noopener noreferrer');
    return renderLinkOpen
      ? renderLinkOpen(tokens, idx, options, env, self)
      : self.renderToken(tokens, idx, options);
  };
  return md;
}

const renderer = createRenderer();

/** Renders narrative Markdown (headings, lists, bold, links, tables) to HTML; raw HTML, scripts, javascript:/data:/vbscript: links and event-handler attributes never survive. */
export function renderMarkdown(markdown: string): string {
  return renderer.render(markdown);
}
