/**
 * The report as a Word document (.docx): real heading styles (Title, Heading 1–4) so Word's
 * navigation pane and table of contents work, figure and goal tables as Word tables whose header
 * row repeats on every page and whose rows never split, charts as images (the HTML report's SVG
 * chart drawn by headless Chromium, with a text alternative; the table of their figures when no
 * Chromium is found), footnotes as a final list, the document language set, the title in the
 * page header and page numbers in the footer. Narrative Markdown is converted simply (headings,
 * bullet lists, bold, links as text with their URL); any HTML in it stays literal text. Every
 * word around the document's own texts comes from the `report` translations (phrases.ts).
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  Header,
  HeadingLevel,
  ImageRun,
  Packer,
  PageNumber,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  WidthType,
  type ITableCellOptions,
  type ParagraphChild,
} from 'docx';
import type { Language } from '../domain/lines.js';
import { roundToUnit, type Cents } from '../domain/money.js';
import { chromiumRasterizer, type ChartImage, type ChartRasterizer } from './chart-image.js';
import type {
  ChartBlock,
  FigureColumn,
  FigureTableBlock,
  GoalRow,
  GoalTableBlock,
  MarkdownBlock,
  ReportBlock,
  ReportDocument,
  SummaryTableBlock,
} from './document.js';
import { printedCell, printedUnit } from './document.js';
import { LOCALES } from '../domain/format.js';
import { BINDING_MARK, chartTexts, formatWhole, renderChartSvgs } from './html.js';
import { indicatorLine, phrasesFor } from './phrases.js';

export { BINDING_MARK };

/** A4 width less the margins, in twentieths of a point. */
const TEXT_WIDTH = 11906 - 2 * 850;
const HEAVY = { style: BorderStyle.SINGLE, size: 12, color: '222222' } as const;
/** A cell's left and right margin, in twentieths of a point. */
const CELL_MARGIN = 60;
const CELL_MARGINS = { left: CELL_MARGIN, right: CELL_MARGIN, top: 20, bottom: 20 } as const;

// ---- measuring -----------------------------------------------------------------------------

/**
 * Advance widths of Arial Bold (and Liberation Sans Bold, metric-compatible, which LibreOffice
 * uses for it) in thousandths of an em. Bold is at least as wide as regular for every character
 * here, so measuring all text in bold errs on the generous side.
 */
const BOLD_WIDTHS: Readonly<Record<string, number>> = (() => {
  const widths: Record<string, number> = {};
  const set = (chars: string, width: number) => {
    for (const c of chars) widths[c] = width;
  };
  set('ABCDHKNRUÅÄÜ', 722);
  set('EPSVXY', 667);
  set('FLTZ', 611);
  set('GOQÖ', 778);
  set('M', 833);
  set('W', 944);
  set('I', 278);
  set('J', 556);
  set('acekrsvxyåäüé', 556);
  set('bdghnopquö', 611);
  set('fjilt', 278);
  set('ft', 333);
  set('r', 389);
  set('z', 500);
  set('m', 889);
  set('w', 778);
  set('0123456789€–-', 556);
  set('\u2212', 584);
  set(' \u00a0\u202f.,:;/', 278);
  set('\u2060', 0);
  set('()', 333);
  set('%', 889);
  set('●', 604);
  return widths;
})();

/** The width of a text in twentieths of a point at `size` half-points, in bold. */
function textWidth(text: string, size: number): number {
  let thousandths = 0;
  for (const c of text) thousandths += BOLD_WIDTHS[c] ?? 720;
  // em = size / 2 points = size * 10 twips.
  return (thousandths / 1000) * size * 10;
}

/** The widest of the words (split at spaces, where a cell may wrap) of some texts. */
function widestWord(texts: readonly string[], size: number): number {
  return Math.max(
    0,
    ...texts.flatMap((text) => text.split(/[ \n]+/).map((word) => textWidth(word, size))),
  );
}

/** Room to spare on what is measured: Word and LibreOffice kern and round differently. */
const GENEROUS = 1.12;

/** Font sizes (half-points) of a table: its header row and its body. */
interface TableSizes {
  header: number;
  body: number;
}

/** From the size the report prints tables at down to the smallest that still reads. */
const SIZE_STEPS: readonly TableSizes[] = [
  { header: 18, body: 18 },
  { header: 16, body: 18 },
  { header: 16, body: 16 },
  { header: 15, body: 16 },
  { header: 14, body: 16 },
  { header: 13, body: 15 },
  { header: 12, body: 14 },
];

/**
 * Column widths (twips) and font sizes for a table whose first column holds labels and the others
 * figures: each figure column as wide as its widest figure and the longest word of its header —
 * a header wraps between words, never inside one ("TALOUSARVIOMUUTOKSET" stays whole) — and the
 * label column the rest, at least `minLabel` of the width. Where that does not fit, the header
 * and then the body get smaller, step by step.
 */
export function figureLayout(
  headers: readonly string[],
  columns: readonly (readonly string[])[],
  labels: readonly string[],
  minLabel = 0.2,
): { widths: number[]; sizes: TableSizes } {
  const need = (sizes: TableSizes) =>
    headers.map(
      (header, k) =>
        Math.max(widestWord([header], sizes.header), widestWord(columns[k] ?? [], sizes.body)) *
          GENEROUS +
        2 * CELL_MARGIN,
    );
  const floor = Math.round(TEXT_WIDTH * minLabel);
  let sizes = SIZE_STEPS[SIZE_STEPS.length - 1]!;
  for (const step of SIZE_STEPS) {
    const label = Math.max(floor, widestWord(labels, step.body) * GENEROUS + 2 * CELL_MARGIN);
    if (need(step).reduce((a, b) => a + b, 0) + label <= TEXT_WIDTH) {
      sizes = step;
      break;
    }
  }
  const figures = need(sizes).map(Math.ceil);
  const used = figures.reduce((a, b) => a + b, 0);
  // What is left goes to the labels, up to 40 % of the width, then evenly to the figures.
  const label = Math.max(Math.min(TEXT_WIDTH - used, Math.round(TEXT_WIDTH * 0.4)), 0);
  const spare = Math.max(TEXT_WIDTH - used - label, 0);
  const extra = Math.floor(spare / Math.max(figures.length, 1));
  const widths = [label, ...figures.map((w) => w + extra)];
  const total = widths.reduce((a, b) => a + b, 0);
  // Never wider than the page: scale down what the smallest sizes could not fit.
  return {
    widths: total > TEXT_WIDTH ? widths.map((w) => Math.floor((w * TEXT_WIDTH) / total)) : widths,
    sizes,
  };
}

/** The header size at which every header word of equal columns fits its column. */
function equalLayout(headers: readonly string[]): { widths: number[]; sizes: TableSizes } {
  const width = Math.floor(TEXT_WIDTH / Math.max(headers.length, 1));
  const sizes =
    SIZE_STEPS.find(
      (step) => widestWord(headers, step.header) * GENEROUS + 2 * CELL_MARGIN <= width,
    ) ?? SIZE_STEPS[SIZE_STEPS.length - 1]!;
  return { widths: headers.map(() => width), sizes };
}

// ---- table helpers ------------------------------------------------------------------------

interface CellText {
  bold?: boolean;
  right?: boolean;
  italic?: boolean;
  /** Half-points (default 9 pt). */
  size?: number;
  /** Keeps the row with the next one (a table's head and first rows, a theme's heading). */
  keepNext?: boolean;
}

function textCell(
  text: string,
  options: CellText = {},
  cell: Omit<ITableCellOptions, 'children'> = {},
): TableCell {
  return new TableCell({
    ...cell,
    children: [
      new Paragraph({
        alignment: options.right ? AlignmentType.RIGHT : AlignmentType.LEFT,
        keepNext: options.keepNext,
        children: [
          new TextRun({
            text,
            bold: options.bold,
            italics: options.italic,
            size: options.size ?? 18,
          }),
        ],
      }),
    ],
  });
}

function amount(value: number | null, lang: Language): string {
  return value === null ? '' : formatWhole(value, lang);
}

/** Body rows kept with the table's head, so that no table starts with a row or two at a page's foot. */
const LEAD_ROWS = 3;

/**
 * A header as its cell prints it: a word joiner (U+2060) after each dash or slash inside a word,
 * so that "1–8/2023" wraps as a whole, as the words around it do, not after "1–".
 */
export function headerText(label: string): string {
  return label.replace(/([–/])(?=\S)/g, '$1\u2060');
}

function headerRow(labels: readonly string[], firstLeft: boolean, size: number): TableRow {
  return new TableRow({
    tableHeader: true,
    cantSplit: true,
    children: labels.map((label, i) =>
      textCell(headerText(label), {
        bold: true,
        right: !(firstLeft && i === 0),
        size,
        keepNext: true,
      }),
    ),
  });
}

function caption(text: string): Paragraph {
  return new Paragraph({
    keepNext: true,
    keepLines: true,
    children: [new TextRun({ text, bold: true })],
  });
}

/** A table of figures: fixed columns as `figureLayout` measures them, the head repeated. */
function figureGrid(
  headers: readonly string[],
  rows: readonly {
    label: string;
    cells: string[];
    bold?: boolean;
    borders?: ITableCellOptions['borders'];
  }[],
): Table {
  const { widths, sizes } = figureLayout(
    headers,
    headers.map((_, k) => rows.map((r) => r.cells[k] ?? '')),
    rows.map((r) => r.label),
  );
  const body = rows.map(
    (row, i) =>
      new TableRow({
        cantSplit: true,
        children: [
          textCell(
            row.label,
            { bold: row.bold, size: sizes.body, keepNext: i < LEAD_ROWS - 1 },
            { borders: row.borders },
          ),
          ...row.cells.map((text) =>
            textCell(
              text,
              { bold: row.bold, right: true, size: sizes.body, keepNext: i < LEAD_ROWS - 1 },
              { borders: row.borders },
            ),
          ),
        ],
      }),
  );
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    layout: TableLayoutType.FIXED,
    margins: CELL_MARGINS,
    columnWidths: widths,
    rows: [headerRow(['', ...headers], true, sizes.header), ...body],
  });
}

// ---- blocks -------------------------------------------------------------------------------

function figureTable(block: FigureTableBlock, lang: Language): (Paragraph | Table)[] {
  const rows = block.rows.map((row) => {
    // The changes column shows only real changes, as printed budget tables do.
    const shown = (key: FigureColumn) =>
      key === 'changes' && row.printed[key] === 0 ? null : row.printed[key];
    return {
      label: row.binding ? `${row.label} ${BINDING_MARK}` : row.label,
      cells: block.columns.map((c) => printedCell(c.key, shown(c.key), lang)),
      bold: row.total,
      borders: row.binding ? { top: HEAVY, bottom: HEAVY } : undefined,
    };
  });
  return [
    caption(block.caption),
    figureGrid(
      block.columns.map((c) => c.label),
      rows,
    ),
  ];
}

function summaryTable(block: SummaryTableBlock, lang: Language): (Paragraph | Table)[] {
  const rows = block.rows.map((row) => ({
    label: `${row.unitName} — ${row.lineLabel}${row.breach ? ' !' : ''}`,
    cells: block.columns.map((c) => printedCell(c.key, row.printed[c.key], lang)),
  }));
  return [
    caption(block.caption),
    figureGrid(
      block.columns.map((c) => c.label),
      rows,
    ),
  ];
}

function goalCell(row: GoalRow, lang: Language): TableCell {
  const phrases = phrasesFor(lang);
  const children: Paragraph[] = [
    new Paragraph({ children: [new TextRun({ text: row.goal, size: 18 })] }),
  ];
  for (const ind of row.indicators) {
    const text = indicatorLine(ind, lang);
    children.push(
      // A plain dash rather than a Word bullet: the list indent would eat a narrow column.
      new Paragraph({ children: [new TextRun({ text: `– ${text}`, size: 18 })] }),
    );
  }
  if (row.fallback.length > 0) {
    children.push(
      new Paragraph({
        children: [
          new TextRun({ text: phrases.goalFallback(row.fallback), italics: true, size: 18 }),
        ],
      }),
    );
  }
  return new TableCell({ children });
}

function goalTable(block: GoalTableBlock, lang: Language): Table {
  const span = block.columns.length;
  const { widths, sizes } = equalLayout(block.columns.map((c) => c.label));
  // Goal tables read left to right: every header cell left-aligned.
  const rows: TableRow[] = [
    new TableRow({
      tableHeader: true,
      cantSplit: true,
      children: block.columns.map((c) =>
        textCell(headerText(c.label), { bold: true, size: sizes.header, keepNext: true }),
      ),
    }),
  ];
  let theme: number | null = null;
  for (const row of [...block.rows].sort((a, b) => a.theme - b.theme)) {
    if (row.theme !== theme) {
      theme = row.theme;
      rows.push(
        new TableRow({
          cantSplit: true,
          children: [
            // A theme's heading stays with its first goal.
            textCell(
              `${row.theme}. ${row.themeName}`,
              { bold: true, keepNext: true },
              {
                columnSpan: span,
                shading: { type: ShadingType.CLEAR, color: 'auto', fill: 'EEEEEE' },
              },
            ),
          ],
        }),
      );
    }
    const cells = block.columns.map((c) => {
      switch (c.key) {
        case 'status':
          // In words: Word's fonts need not have a symbol for it.
          return textCell(row.statusLabel, { bold: true });
        case 'goal':
          return goalCell(row, lang);
        case 'boardGoal':
        case 'actionPlan':
        case 'responsible':
        case 'outcome':
          return textCell(row[c.key]);
      }
    });
    rows.push(new TableRow({ cantSplit: true, children: cells }));
  }
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    layout: TableLayoutType.FIXED,
    margins: CELL_MARGINS,
    columnWidths: widths,
    rows,
  });
}

/** What every block of one document is rendered with. */
interface Rendering {
  lang: Language;
  /** Cents per printed unit. */
  unit: number;
  thousands: boolean;
  /** Each chart's image, when Chromium could draw them. */
  images: Map<ChartBlock, ChartImage>;
}

/** The chart's figures in words, for readers who cannot see the image. */
function chartDescription(block: ChartBlock, rendering: Rendering): string {
  const phrases = phrasesFor(rendering.lang);
  const lines = chartTexts(block, rendering.lang, rendering.unit).map((line) =>
    line.deviation === null ? line.bars : `${line.bars}; ${line.deviation}`,
  );
  // One line: Word keeps alt text in an attribute, where line breaks do not survive.
  return `${phrases.chartAlt} ${phrases.chartUnit(rendering.thousands)} ${lines.join('. ')}.`;
}

/** A chart as the HTML report draws it, as an image with its figures as the text alternative. */
function chart(block: ChartBlock, rendering: Rendering): (Paragraph | Table)[] {
  const image = rendering.images.get(block);
  if (!image) return chartTable(block, rendering);
  return [
    caption(block.title),
    new Paragraph({
      children: [
        new ImageRun({
          type: 'png',
          data: image.png,
          transformation: { width: image.width, height: image.height },
          altText: {
            name: `chart-${block.unitCode}`,
            title: block.title,
            description: chartDescription(block, rendering),
          },
        }),
      ],
    }),
  ];
}

/** Without Chromium, a chart as the table of its figures: revised, actual and deviation per line. */
function chartTable(block: ChartBlock, rendering: Rendering): (Paragraph | Table)[] {
  const { lang, unit } = rendering;
  const phrases = phrasesFor(lang);
  const printed = (value: Cents | null) =>
    amount(value === null ? null : roundToUnit(value, unit), lang);
  const rows = block.bars.map((b) => ({
    label: b.label,
    cells: [printed(b.revised), printed(b.actual), printed(b.deviation)],
  }));
  return [
    caption(`${block.title} — ${phrases.chartUnit(rendering.thousands)}`),
    figureGrid([phrases.revised, phrases.actual, phrases.deviation], rows),
  ];
}

/** A heading never stands alone at a page's foot, nor splits over two pages. */
const KEEP_WITH_NEXT = { keepNext: true, keepLines: true } as const;

// ---- markdown -----------------------------------------------------------------------------

const INLINE = /\*\*(.+?)\*\*|__(.+?)__|\[([^\]]+)\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g;

/** Inline Markdown to runs: **bold**, [text](url) as "text (url)"; everything else literal. */
function inlineRuns(text: string, language: string): TextRun[] {
  const runs: TextRun[] = [];
  const lang = { value: language };
  let last = 0;
  for (const m of text.matchAll(INLINE)) {
    const index = m.index;
    if (index > last) runs.push(new TextRun({ text: text.slice(last, index), language: lang }));
    const bold = m[1] ?? m[2];
    if (bold !== undefined) {
      runs.push(new TextRun({ text: bold, bold: true, language: lang }));
    } else {
      const label = m[3] ?? '';
      const url = m[4] ?? '';
      runs.push(new TextRun({ text: label === url ? url : `${label} (${url})`, language: lang }));
    }
    last = index + m[0].length;
  }
  if (last < text.length) runs.push(new TextRun({ text: text.slice(last), language: lang }));
  return runs;
}

/** Markdown paragraphs, headings (→ Heading 3/4) and bullet lists as Word paragraphs. */
export function markdownParagraphs(markdown: string, language: string): Paragraph[] {
  const out: Paragraph[] = [];
  let buffer: string[] = [];
  const flush = () => {
    if (buffer.length > 0) {
      out.push(new Paragraph({ children: inlineRuns(buffer.join(' '), language) }));
      buffer = [];
    }
  };
  for (const raw of markdown.split(/\r?\n/)) {
    const line = raw.trim();
    const heading = /^(#{1,6})\s+(.*?)\s*#*$/.exec(line);
    const bullet = /^[-*+]\s+(.*)$/.exec(line);
    if (line === '') {
      flush();
    } else if (heading) {
      flush();
      out.push(
        new Paragraph({
          heading: (heading[1] ?? '').length <= 2 ? HeadingLevel.HEADING_3 : HeadingLevel.HEADING_4,
          ...KEEP_WITH_NEXT,
          children: inlineRuns(heading[2] ?? '', language),
        }),
      );
    } else if (bullet) {
      flush();
      out.push(
        new Paragraph({ bullet: { level: 0 }, children: inlineRuns(bullet[1] ?? '', language) }),
      );
    } else {
      buffer.push(line);
    }
  }
  flush();
  return out;
}

function markdown(block: MarkdownBlock, lang: Language): Paragraph[] {
  const out: Paragraph[] = [];
  if (block.fallbackLang !== null && block.fallbackLang !== lang) {
    out.push(
      new Paragraph({
        children: [
          new TextRun({
            text: phrasesFor(lang).fallback(block.fallbackLang, lang),
            italics: true,
          }),
        ],
      }),
    );
  }
  return out.concat(markdownParagraphs(block.markdown, LOCALES[block.fallbackLang ?? lang]));
}

function renderBlock(block: ReportBlock, rendering: Rendering): (Paragraph | Table)[] {
  const lang = rendering.lang;
  switch (block.kind) {
    case 'heading':
      // Section headings are Heading 1/2; headings inside a section sit below them.
      return [
        new Paragraph({
          heading: block.level === 2 ? HeadingLevel.HEADING_3 : HeadingLevel.HEADING_4,
          ...KEEP_WITH_NEXT,
          children: [new TextRun(block.text)],
        }),
      ];
    case 'paragraph':
      return [new Paragraph({ children: [new TextRun(block.text)] })];
    case 'markdown':
      return markdown(block, lang);
    case 'figureTable':
      return figureTable(block, lang);
    case 'goalTable':
      return [goalTable(block, lang)];
    case 'chart':
      return chart(block, rendering);
    case 'summaryTable':
      return summaryTable(block, lang);
  }
}

function hasBinding(doc: ReportDocument): boolean {
  return doc.sections.some((s) =>
    s.blocks.some((b) => b.kind === 'figureTable' && b.rows.some((r) => r.binding)),
  );
}

// ---- document -----------------------------------------------------------------------------

export interface DocxOptions {
  /** Draws the charts as images (default: headless Chromium); tests may replace it. */
  rasterize?: ChartRasterizer;
}

/** Renders the whole report as a .docx file. */
export async function renderDocx(doc: ReportDocument, options: DocxOptions = {}): Promise<Buffer> {
  const lang = doc.lang;
  const phrases = phrasesFor(lang);
  const unit = printedUnit(doc);
  const charts = doc.sections.flatMap((s) =>
    s.blocks.filter((b): b is ChartBlock => b.kind === 'chart'),
  );
  const svgs = charts.map((block, i) => renderChartSvgs(block, lang, `chart${i + 1}`, unit));
  const drawn = await (options.rasterize ?? chromiumRasterizer)(svgs);
  const images = new Map<ChartBlock, ChartImage>();
  charts.forEach((block, i) => {
    const image = drawn?.[i];
    if (image) images.set(block, image);
  });
  const rendering: Rendering = { lang, unit, thousands: doc.thousands, images };
  const children: (Paragraph | Table)[] = [
    new Paragraph({
      heading: HeadingLevel.TITLE,
      ...KEEP_WITH_NEXT,
      children: [new TextRun(doc.title)],
    }),
    new Paragraph({ children: [new TextRun(`${doc.municipality} · ${doc.year}`)] }),
    ...doc.approvals.map(
      (a) => new Paragraph({ children: [new TextRun({ text: a.note, size: 18, italics: true })] }),
    ),
  ];
  doc.sections.forEach((section, i) => {
    children.push(
      new Paragraph({
        heading: section.level === 1 ? HeadingLevel.HEADING_1 : HeadingLevel.HEADING_2,
        pageBreakBefore: section.level === 1 && i > 0,
        ...KEEP_WITH_NEXT,
        children: [new TextRun(section.heading)],
      }),
    );
    if (section.responsible !== null) {
      children.push(
        new Paragraph({
          ...KEEP_WITH_NEXT,
          children: [new TextRun({ text: section.responsible, italics: true })],
        }),
      );
    }
    for (const block of section.blocks) {
      const rendered = renderBlock(block, rendering);
      children.push(...rendered);
      // Word needs a paragraph between two tables, or it merges them.
      if (rendered.at(-1) instanceof Table) children.push(new Paragraph({}));
    }
  });
  const notes = [
    ...(hasBinding(doc) ? [`${BINDING_MARK} ${phrases.binding}`] : []),
    ...doc.footnotes,
  ];
  if (notes.length > 0) {
    children.push(
      new Paragraph({
        heading: HeadingLevel.HEADING_1,
        ...KEEP_WITH_NEXT,
        children: [new TextRun(phrases.footnotes)],
      }),
      ...notes.map(
        (note, i) =>
          new Paragraph({ children: [new TextRun({ text: `${i + 1}. ${note}`, size: 18 })] }),
      ),
    );
  }

  const pageNumber: ParagraphChild[] = [
    new TextRun({
      children: [`${phrases.page} `, PageNumber.CURRENT, ' / ', PageNumber.TOTAL_PAGES],
    }),
  ];
  const document = new Document({
    title: doc.title,
    creator: 'utfall',
    styles: {
      default: {
        document: { run: { language: { value: LOCALES[lang] }, font: 'Arial', size: 21 } },
      },
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: 11906, height: 16838 },
            margin: { top: 1134, bottom: 1134, left: 850, right: 850 },
          },
        },
        headers: {
          default: new Header({
            children: [new Paragraph({ children: [new TextRun({ text: doc.title, size: 16 })] })],
          }),
        },
        footers: {
          default: new Footer({
            children: [new Paragraph({ alignment: AlignmentType.CENTER, children: pageNumber })],
          }),
        },
        children,
      },
    ],
  });
  return Packer.toBuffer(document);
}
