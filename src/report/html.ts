/**
 * The report as one self-contained HTML5 document: inline CSS (screen and A4 print), no scripts
 * and no external resources; charts are inline SVG that read in black and white. Every text from
 * the document is escaped; narratives go through the safe Markdown renderer.
 */
import type { Language } from '../domain/lines.js';
import { roundToEuros, roundToUnit, type Cents } from '../domain/money.js';
import type {
  ChartBlock,
  FigureTableBlock,
  FigureColumn,
  GoalRow,
  GoalTableBlock,
  ReportBlock,
  ReportDocument,
  ReportSection,
  SummaryTableBlock,
} from './document.js';
import { printedCell, printedUnit } from './document.js';
import { renderMarkdown } from './markdown.js';
import { indicatorLine, phrasesFor } from './phrases.js';
import { formatWhole } from '../domain/format.js';
import { iconSvg } from '../domain/icons.js';
import { translate } from '../i18n/index.js';

/** The binding line's mark, in the tables and in the notes. */
export const BINDING_MARK = '●';

export { formatWhole };

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/** A section's element id, derived from its unit code. */
function sectionId(section: ReportSection, index: number): string {
  const slug = section.unitCode.toLowerCase().replace(/[^a-z0-9_-]+/g, '-');
  return `s${index + 1}-${slug}`;
}

const CSS = `
:root { color-scheme: light; }
body { font-family: "Segoe UI", Arial, Helvetica, sans-serif; font-size: 10.5pt; line-height: 1.4; color: #111; max-width: 60rem; margin: 1.5rem auto; padding: 0 1rem; }
h1 { font-size: 20pt; margin: 0 0 1rem; }
h2 { font-size: 15pt; margin: 2rem 0 0.5rem; border-bottom: 1px solid #444; }
h3 { font-size: 12.5pt; margin: 1.5rem 0 0.5rem; }
h4 { font-size: 11pt; }
h1, h2, h3, h4, caption { break-after: avoid; page-break-after: avoid; }
nav.toc ol { padding-left: 1.2rem; }
nav.toc li.level-2 { margin-left: 1.2rem; list-style-type: circle; }
table { border-collapse: collapse; width: 100%; margin: 0.75rem 0; }
caption { text-align: left; font-weight: 600; padding-bottom: 0.25rem; }
th, td { border-bottom: 1px solid #bbb; padding: 0.2rem 0.4rem; vertical-align: top; }
thead th { border-bottom: 2px solid #222; text-align: right; font-weight: 600; }
thead th:first-child { text-align: left; }
th[scope="row"] { text-align: left; font-weight: normal; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.total th, tr.total td { font-weight: bold; }
tr.binding th, tr.binding td { border-top: 2px solid #222; border-bottom: 2px solid #222; }
.mark { font-size: 0.8em; margin-left: 0.25rem; }
table.goals thead th { text-align: left; }
tr.theme th { background: #eee; text-align: left; font-weight: bold; }
.status { font-weight: 600; white-space: nowrap; }
.status svg.icon { vertical-align: -0.125em; margin-right: 0.3em; }
ul.indicators { margin: 0.25rem 0 0; padding-left: 1rem; font-size: 0.9em; }
.fallback { font-style: italic; color: #444; font-size: 0.9em; }
.proposal { font-style: italic; border-left: 3px dashed #8a6d00; padding-left: 0.5rem; }
.responsible { font-style: italic; }
figure.chart { margin: 1rem 0; }
figure.chart svg { max-width: 100%; height: auto; }
p.approval { font-size: 0.9em; border-left: 4px solid #2a6f3e; padding-left: 0.5rem; overflow-wrap: anywhere; }
footer.footnotes { margin-top: 2rem; border-top: 1px solid #444; font-size: 0.9em; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
tbody.lead { break-inside: avoid; page-break-inside: avoid; }
@page { size: A4; margin: 20mm 15mm; }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 10pt; }
  section.level-1 { break-before: page; page-break-before: always; }
  figure.chart { break-inside: avoid; page-break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
`;

/**
 * A table's rows in `<tbody>` elements so that a page break never leaves a table's start alone
 * at a page's foot: each group's first `lead` rows (a figure table's first four, a goal theme's
 * heading and first goal) sit in a `tbody.lead` that the print CSS keeps whole, with the table
 * head repeated above what follows on the next page.
 */
export function tableBodies(groups: readonly (readonly string[])[], lead = 4): string {
  return groups
    .filter((rows) => rows.length > 0)
    .map((rows) => {
      const first = `<tbody class="lead">\n${rows.slice(0, lead).join('\n')}\n</tbody>`;
      const rest = rows.slice(lead);
      return rest.length === 0 ? first : `${first}\n<tbody>\n${rest.join('\n')}\n</tbody>`;
    })
    .join('\n');
}

function renderFigureTable(block: FigureTableBlock, lang: Language): string {
  const phrases = phrasesFor(lang);
  const head = block.columns.map((c) => `<th scope="col">${escapeHtml(c.label)}</th>`).join('');
  const rows = block.rows.map((row) => {
    const classes = [row.total ? 'total' : '', row.binding ? 'binding' : ''].filter(Boolean);
    const cls = classes.length > 0 ? ` class="${classes.join(' ')}"` : '';
    const mark = row.binding
      ? `<span class="mark" title="${escapeHtml(phrases.binding)}" aria-label="${escapeHtml(phrases.binding)}">${BINDING_MARK}</span>`
      : '';
    // The changes column shows only real changes, as printed budget tables do.
    const shown = (key: FigureColumn) =>
      key === 'changes' && row.printed[key] === 0 ? null : row.printed[key];
    const cells = block.columns
      .map((c) => `<td class="num">${escapeHtml(printedCell(c.key, shown(c.key), lang))}</td>`)
      .join('');
    return `<tr${cls} data-line="${escapeHtml(row.line)}"><th scope="row">${escapeHtml(row.label)}${mark}</th>${cells}</tr>`;
  });
  return `<table class="figures" data-unit="${escapeHtml(block.unitCode)}">
<caption>${escapeHtml(block.caption)}</caption>
<thead><tr><th scope="col"></th>${head}</tr></thead>
${tableBodies([rows])}
</table>`;
}

function renderSummaryTable(block: SummaryTableBlock, lang: Language): string {
  const head = block.columns.map((c) => `<th scope="col">${escapeHtml(c.label)}</th>`).join('');
  const body = block.rows.map((row) => {
    const cells = block.columns
      .map(
        (c) => `<td class="num">${escapeHtml(printedCell(c.key, row.printed[c.key], lang))}</td>`,
      )
      .join('');
    const cls = row.breach ? ' class="breach"' : '';
    return `<tr${cls}><th scope="row">${escapeHtml(row.unitName)} — ${escapeHtml(row.lineLabel)}${row.breach ? ' <span class="mark">!</span>' : ''}</th>${cells}</tr>`;
  });
  return `<table class="summary">
<caption>${escapeHtml(block.caption)}</caption>
<thead><tr><th scope="col"></th>${head}</tr></thead>
${tableBodies([body])}
</table>`;
}

function renderIndicators(row: GoalRow, lang: Language): string {
  if (row.indicators.length === 0) return '';
  const phrases = phrasesFor(lang);
  const items = row.indicators
    .map((ind) => `<li>${escapeHtml(indicatorLine(ind, lang))}</li>`)
    .join('');
  return `<ul class="indicators" aria-label="${escapeHtml(phrases.indicators)}">${items}</ul>`;
}

function renderGoalTable(block: GoalTableBlock, lang: Language): string {
  const phrases = phrasesFor(lang);
  const span = block.columns.length;
  const head = block.columns.map((c) => `<th scope="col">${escapeHtml(c.label)}</th>`).join('');
  // One group of rows per theme, its heading row first.
  const groups: string[][] = [];
  let rows: string[] = [];
  let theme: number | null = null;
  const sorted = [...block.rows].sort((a, b) => a.theme - b.theme);
  for (const row of sorted) {
    if (row.theme !== theme) {
      theme = row.theme;
      rows = [];
      groups.push(rows);
      rows.push(
        `<tr class="theme"><th colspan="${span}" scope="colgroup">${escapeHtml(`${row.theme}. ${row.themeName}`)}</th></tr>`,
      );
    }
    const cells = block.columns.map((c) => {
      switch (c.key) {
        case 'status':
          return `<td><span class="status status-${escapeHtml(row.status)}">${iconSvg(row.status, { className: 'icon' })}${escapeHtml(row.statusLabel)}</span></td>`;
        case 'goal': {
          const fallback =
            row.fallback.length > 0
              ? `<div class="fallback">${escapeHtml(phrases.goalFallback(row.fallback))}</div>`
              : '';
          return `<td>${escapeHtml(row.goal)}${renderIndicators(row, lang)}${fallback}</td>`;
        }
        case 'boardGoal':
        case 'actionPlan':
        case 'responsible':
        case 'outcome':
          return `<td>${escapeHtml(row[c.key])}</td>`;
      }
    });
    rows.push(`<tr>${cells.join('')}</tr>`);
  }
  return `<table class="goals" data-unit="${escapeHtml(block.unitCode)}">
<thead><tr>${head}</tr></thead>
${tableBodies(groups, 2)}
</table>`;
}

// ---- charts ---------------------------------------------------------------------------------

const LABEL_WIDTH = 210;
const PLOT_WIDTH = 450;
const CHART_WIDTH = LABEL_WIDTH + PLOT_WIDTH + 10;
const BAR = 10;
/** Room beside the plot for the figure at the end of a bar reaching the axis' end. */
const FIGURE_ROOM = 44;
/** Below the bars: the ticks' figures and the axis' unit. */
const AXIS_HEIGHT = 30;
const FIGURE_SIZE = 7.5;

function euros(value: Cents | null): number | null {
  return value === null ? null : roundToEuros(value);
}

/**
 * The value axis of a chart, in euros: ticks at a round step (1, 2 or 5 times a power of ten,
 * about five of them) spanning zero and every value, and the unit its figures are printed in —
 * thousands of euros once the step is at least a thousand, else euros.
 */
export interface ValueAxis {
  ticks: number[];
  /** Euros per printed unit of the ticks' and bars' figures: 1000 or 1. */
  divisor: number;
  /** The x position of an amount in euros. */
  x: (euros: number) => number;
}

function niceStep(span: number): number {
  const raw = span / 5;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  return Math.max(1, step);
}

export function valueAxis(values: readonly number[]): ValueAxis {
  const lo = Math.min(0, ...values);
  const hi = Math.max(0, ...values);
  const step = niceStep(hi - lo || 1000);
  const first = Math.floor(lo / step);
  const last = Math.max(Math.ceil(hi / step), first + 1);
  const ticks = Array.from({ length: last - first + 1 }, (_, k) => (first + k) * step);
  const min = first * step;
  const span = (last - first) * step;
  const plot = PLOT_WIDTH - 2 * FIGURE_ROOM;
  return {
    ticks,
    divisor: step >= 1000 ? 1000 : 1,
    x: (v) => LABEL_WIDTH + FIGURE_ROOM + ((v - min) / span) * plot,
  };
}

/** An amount in the axis' unit as the report prints figures: `−4 136` (thousands) or `−675`. */
function axisFigure(value: number, axis: ValueAxis, lang: Language): string {
  return formatWhole(value / axis.divisor, lang);
}

function bar(x0: number, x1: number, y: number, fill: string): string {
  const x = Math.min(x0, x1);
  const width = Math.max(Math.abs(x1 - x0), 0.5);
  return `<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${width.toFixed(1)}" height="${BAR}" fill="${fill}" stroke="#000" stroke-width="0.6"/>`;
}

/** The figure at the outer end of a bar: right of a positive one, left of a negative one. */
function barFigure(value: number, axis: ValueAxis, y: number, lang: Language): string {
  const end = axis.x(value);
  const x = value < 0 ? end - 3 : end + 3;
  const anchor = value < 0 ? 'end' : 'start';
  return `<text class="figure" x="${x.toFixed(1)}" y="${(y + BAR - 2).toFixed(1)}" text-anchor="${anchor}" font-size="${FIGURE_SIZE}">${escapeHtml(axisFigure(value, axis, lang))}</text>`;
}

function svgLabel(text: string, y: number): string {
  return `<text x="${LABEL_WIDTH - 6}" y="${(y + BAR - 1).toFixed(1)}" text-anchor="end" font-size="9">${escapeHtml(text)}</text>`;
}

/**
 * The grid and the value axis under the bars (`top` to `bottom`): a light line at each tick with
 * its figure below, the zero line dark, and the unit at the axis' end.
 */
function axisSvg(axis: ValueAxis, top: number, bottom: number, lang: Language): string {
  const unit = translate(lang)('report:renderer.axisUnit', {
    context: axis.divisor === 1000 ? 'thousands' : undefined,
  });
  const lines = axis.ticks.map((tick) => {
    const x = axis.x(tick).toFixed(1);
    const stroke =
      tick === 0 ? 'stroke="#000" stroke-width="1"' : 'stroke="#bbb" stroke-width="0.5"';
    return `<line x1="${x}" y1="${top}" x2="${x}" y2="${bottom}" ${stroke}/><text class="tick" x="${x}" y="${bottom + 10}" text-anchor="middle" font-size="8">${escapeHtml(axisFigure(tick, axis, lang))}</text>`;
  });
  const first = axis.x(axis.ticks[0] ?? 0);
  const last = axis.x(axis.ticks.at(-1) ?? 0);
  return `<g class="axis">
<line x1="${first.toFixed(1)}" y1="${bottom}" x2="${last.toFixed(1)}" y2="${bottom}" stroke="#000" stroke-width="0.6"/>
${lines.join('\n')}
<text class="unit" x="${last.toFixed(1)}" y="${bottom + 22}" text-anchor="end" font-size="8">${escapeHtml(unit)}</text>
</g>`;
}

const PATTERNS = (id: string): string => `<defs>
<pattern id="${id}-hatch" patternUnits="userSpaceOnUse" width="5" height="5" patternTransform="rotate(45)"><rect width="5" height="5" fill="#fff"/><line x1="0" y1="0" x2="0" y2="5" stroke="#000" stroke-width="1.6"/></pattern>
<pattern id="${id}-dots" patternUnits="userSpaceOnUse" width="4" height="4"><rect width="4" height="4" fill="#fff"/><circle cx="2" cy="2" r="0.9" fill="#000"/></pattern>
</defs>`;

/**
 * Each line of a chart in words, with its figures in the printed unit (`unit` cents): the
 * tooltips of the SVG chart and the text alternative of the DOCX's chart image.
 */
export function chartTexts(
  block: ChartBlock,
  lang: Language,
  unit: number,
): { bars: string; deviation: string | null }[] {
  const phrases = phrasesFor(lang);
  const shown = (value: Cents | null): string =>
    value === null ? '–' : formatWhole(roundToUnit(value, unit), lang);
  const previous = block.legend?.previous;
  return block.bars.map((b) => ({
    bars:
      phrases.chartBars(b.label, shown(b.revised), shown(b.actual)) +
      (previous && b.previous !== undefined ? `, ${previous} ${shown(b.previous)}` : ''),
    deviation: b.deviation === null ? null : phrases.chartDeviation(b.label, shown(b.deviation)),
  }));
}

/**
 * The chart of one unit as two inline SVGs: revised (hatched) and actual (solid dark) per line,
 * then the deviation per line (dotted when favourable, solid dark when not), with a legend, so
 * that it reads in black and white. Each has a value axis with round ticks (thousands of euros,
 * or euros for small amounts, printed as the report prints figures) and the figure at the end
 * of every bar in the axis' unit. Bars are drawn from the cents; tooltips give the figures in
 * the printed unit (`unit` cents). `id` keeps pattern ids unique on a page.
 */
export function renderChartSvgs(
  block: ChartBlock,
  lang: Language,
  id: string,
  unit: number,
): string {
  const phrases = phrasesFor(lang);
  const texts = chartTexts(block, lang, unit);
  const bars = block.bars.map((b, i) => ({
    label: b.label,
    revised: euros(b.revised),
    actual: euros(b.actual),
    deviation: euros(b.deviation),
    previous: b.previous === undefined ? null : euros(b.previous),
    tip: texts[i]?.bars ?? '',
    deviationTip: texts[i]?.deviation ?? '',
  }));

  // Grouped bars: revised (hatched) and actual (solid dark) per line, and last year's actual
  // (white, outlined) when the chart shows it.
  const legend = {
    revised: block.legend?.revised ?? phrases.revised,
    actual: block.legend?.actual ?? phrases.actual,
    previous: block.legend?.previous,
  };
  const perGroup = legend.previous ? 3 : 2;
  const groupHeight = BAR * perGroup + 8;
  const top = 24;
  const bottom1 = top + bars.length * groupHeight;
  const height1 = bottom1 + AXIS_HEIGHT;
  const values1 = bars.flatMap((b) => [b.revised ?? 0, b.actual ?? 0, b.previous ?? 0]);
  const axis1 = valueAxis(values1);
  const x1 = axis1.x;
  const body1 = bars
    .map((b, i) => {
      const y = top + i * groupHeight;
      const parts = [svgLabel(b.label, y + BAR / 2)];
      const drawn: [number | null, string][] = [
        [b.revised, `url(#${id}-hatch)`],
        [b.actual, '#333'],
        ...(legend.previous ? ([[b.previous, '#fff']] as [number | null, string][]) : []),
      ];
      drawn.forEach(([value, fill], k) => {
        if (value === null) return;
        parts.push(
          bar(x1(0), x1(value), y + k * BAR, fill),
          barFigure(value, axis1, y + k * BAR, lang),
        );
      });
      return `<g><title>${escapeHtml(b.tip)}</title>${parts.join('')}</g>`;
    })
    .join('\n');
  const legend1 = `<g font-size="9"><rect x="${LABEL_WIDTH}" y="6" width="12" height="9" fill="url(#${id}-hatch)" stroke="#000" stroke-width="0.6"/><text x="${LABEL_WIDTH + 16}" y="14">${escapeHtml(legend.revised)}</text><rect x="${LABEL_WIDTH + 170}" y="6" width="12" height="9" fill="#333" stroke="#000" stroke-width="0.6"/><text x="${LABEL_WIDTH + 186}" y="14">${escapeHtml(legend.actual)}</text>${legend.previous ? `<rect x="${LABEL_WIDTH + 300}" y="6" width="12" height="9" fill="#fff" stroke="#000" stroke-width="0.6"/><text x="${LABEL_WIDTH + 316}" y="14">${escapeHtml(legend.previous)}</text>` : ''}</g>`;
  const title1 = `${block.title} — ${[legend.revised, legend.actual, ...(legend.previous ? [legend.previous] : [])].join(' / ')}`;
  const svg1 = `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${escapeHtml(title1)}" viewBox="0 0 ${CHART_WIDTH} ${height1}" width="${CHART_WIDTH}" height="${height1}">
<title>${escapeHtml(title1)}</title>
${PATTERNS(id)}
${legend1}
${axisSvg(axis1, top - 4, bottom1, lang)}
${body1}
</svg>`;

  // Deviation per line: dotted bars for positive (favourable), solid for negative.
  const devBars = bars.filter((b) => b.deviation !== null);
  const rowHeight = BAR + 6;
  const bottom2 = top + devBars.length * rowHeight;
  const height2 = bottom2 + AXIS_HEIGHT;
  const axis2 = valueAxis(devBars.map((b) => b.deviation ?? 0));
  const x2 = axis2.x;
  const body2 = devBars
    .map((b, i) => {
      const y = top + i * rowHeight;
      const dev = b.deviation ?? 0;
      const fill = dev < 0 ? '#333' : `url(#${id}d-dots)`;
      return `<g><title>${escapeHtml(b.deviationTip)}</title>${svgLabel(b.label, y)}${bar(x2(0), x2(dev), y, fill)}${barFigure(dev, axis2, y, lang)}</g>`;
    })
    .join('\n');
  const title2 = `${block.title} — ${phrases.deviation}`;
  const svg2 =
    devBars.length === 0
      ? ''
      : `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${escapeHtml(title2)}" viewBox="0 0 ${CHART_WIDTH} ${height2}" width="${CHART_WIDTH}" height="${height2}">
<title>${escapeHtml(title2)}</title>
${PATTERNS(`${id}d`)}
<text x="${LABEL_WIDTH}" y="14" font-size="9">${escapeHtml(phrases.deviation)}</text>
${axisSvg(axis2, top - 4, bottom2, lang)}
${body2}
</svg>`;
  return `${svg1}\n${svg2}`;
}

function renderChart(block: ChartBlock, lang: Language, index: number, unit: number): string {
  return `<figure class="chart" data-unit="${escapeHtml(block.unitCode)}">
${renderChartSvgs(block, lang, `chart${index}`, unit)}
<figcaption>${escapeHtml(block.title)}</figcaption>
</figure>`;
}

// ---- document -------------------------------------------------------------------------------

/** What every block of one document is rendered with. */
interface Rendering {
  lang: Language;
  /** Cents per printed unit. */
  unit: number;
  charts: number;
}

function renderBlock(block: ReportBlock, rendering: Rendering): string {
  const lang = rendering.lang;
  switch (block.kind) {
    case 'heading': {
      // Section headings are h2/h3; headings inside a section sit one level below.
      const tag = block.level === 2 ? 'h3' : 'h4';
      return `<${tag}>${escapeHtml(block.text)}</${tag}>`;
    }
    case 'paragraph':
      return block.proposal
        ? `<p class="proposal">${escapeHtml(block.text)}</p>`
        : `<p>${escapeHtml(block.text)}</p>`;
    case 'markdown': {
      const note =
        block.fallbackLang !== null && block.fallbackLang !== lang
          ? `<p class="fallback">${escapeHtml(phrasesFor(lang).fallback(block.fallbackLang, lang))}</p>\n`
          : '';
      const langAttr =
        block.fallbackLang !== null ? ` lang="${escapeHtml(block.fallbackLang)}"` : '';
      return `<div class="narrative" data-section="${escapeHtml(block.section)}"${langAttr}>\n${note}${renderMarkdown(block.markdown)}</div>`;
    }
    case 'figureTable':
      return renderFigureTable(block, lang);
    case 'goalTable':
      return renderGoalTable(block, lang);
    case 'chart':
      rendering.charts += 1;
      return renderChart(block, lang, rendering.charts, rendering.unit);
    case 'summaryTable':
      return renderSummaryTable(block, lang);
  }
}

function hasBinding(doc: ReportDocument): boolean {
  return doc.sections.some((s) =>
    s.blocks.some((b) => b.kind === 'figureTable' && b.rows.some((r) => r.binding)),
  );
}

/** Renders the whole report as a self-contained HTML5 document. */
export function renderHtml(doc: ReportDocument): string {
  const lang = doc.lang;
  const phrases = phrasesFor(lang);
  const rendering: Rendering = { lang, unit: printedUnit(doc), charts: 0 };
  const toc = doc.sections
    .map(
      (s, i) =>
        `<li class="level-${s.level}"><a href="#${sectionId(s, i)}">${escapeHtml(s.heading)}</a></li>`,
    )
    .join('\n');
  const sections = doc.sections
    .map((s, i) => {
      const tag = s.level === 1 ? 'h2' : 'h3';
      const responsible =
        s.responsible !== null ? `<p class="responsible">${escapeHtml(s.responsible)}</p>\n` : '';
      const blocks = s.blocks.map((b) => renderBlock(b, rendering)).join('\n');
      return `<section id="${sectionId(s, i)}" class="level-${s.level}" data-unit="${escapeHtml(s.unitCode)}">
<${tag}>${escapeHtml(s.heading)}</${tag}>
${responsible}${blocks}
</section>`;
    })
    .join('\n');
  const notes = [
    ...(hasBinding(doc) ? [`${BINDING_MARK} ${phrases.binding}`] : []),
    ...doc.footnotes,
  ];
  const footer =
    notes.length === 0
      ? ''
      : `<footer class="footnotes">
<h2>${escapeHtml(phrases.footnotes)}</h2>
<ol>
${notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('\n')}
</ol>
</footer>`;
  return `<!DOCTYPE html>
<html lang="${escapeHtml(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(doc.title)}</title>
<style>${CSS}</style>
</head>
<body>
<header>
<h1>${escapeHtml(doc.title)}</h1>
<p class="meta">${escapeHtml(doc.municipality)} · ${doc.year}</p>
${doc.approvals.map((a) => `<p class="approval">${escapeHtml(a.note)}</p>\n`).join('')}</header>
<nav class="toc" aria-label="${escapeHtml(phrases.contents)}">
<h2>${escapeHtml(phrases.contents)}</h2>
<ol>
${toc}
</ol>
</nav>
<main>
${sections}
</main>
${footer}
</body>
</html>
`;
}
