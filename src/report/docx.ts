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
import { phrasesFor } from './phrases.js';

export { BINDING_MARK };

const STATUS_MARKS: Record<string, string> = {
  achieved: '✔',
  partlyAchieved: '◐',
  notAchieved: '✘',
  postponed: '⏸',
};

const FULL_WIDTH = { size: 100, type: WidthType.PERCENTAGE } as const;
/** A4 width less the margins, in twentieths of a point. */
const TEXT_WIDTH = 11906 - 2 * 850;

/** Column widths: the first (the label) gets `first` of the width, the rest share what is left. */
function columnWidths(count: number, first: number): number[] {
  const label = Math.round(TEXT_WIDTH * first);
  const rest = Math.floor((TEXT_WIDTH - label) / Math.max(count - 1, 1));
  return [label, ...Array.from({ length: count - 1 }, () => rest)];
}
const HEAVY = { style: BorderStyle.SINGLE, size: 12, color: '222222' } as const;

// ---- table helpers ------------------------------------------------------------------------

function textCell(
  text: string,
  options: { bold?: boolean; right?: boolean; italic?: boolean } = {},
  cell: Omit<ITableCellOptions, 'children'> = {},
): TableCell {
  return new TableCell({
    ...cell,
    children: [
      new Paragraph({
        alignment: options.right ? AlignmentType.RIGHT : AlignmentType.LEFT,
        children: [new TextRun({ text, bold: options.bold, italics: options.italic, size: 18 })],
      }),
    ],
  });
}

function amount(value: number | null, lang: Language): string {
  return value === null ? '' : formatWhole(value, lang);
}

function headerRow(labels: readonly string[], firstLeft: boolean): TableRow {
  return new TableRow({
    tableHeader: true,
    cantSplit: true,
    children: labels.map((label, i) =>
      textCell(label, { bold: true, right: !(firstLeft && i === 0) }),
    ),
  });
}

function caption(text: string): Paragraph {
  return new Paragraph({ keepNext: true, children: [new TextRun({ text, bold: true })] });
}

// ---- blocks -------------------------------------------------------------------------------

function figureTable(block: FigureTableBlock, lang: Language): (Paragraph | Table)[] {
  const rows = block.rows.map((row) => {
    const borders = row.binding ? { top: HEAVY, bottom: HEAVY } : undefined;
    // The changes column shows only real changes, as printed budget tables do.
    const shown = (key: FigureColumn) =>
      key === 'changes' && row.printed[key] === 0 ? null : row.printed[key];
    const label = row.binding ? `${row.label} ${BINDING_MARK}` : row.label;
    return new TableRow({
      cantSplit: true,
      children: [
        textCell(label, { bold: row.total }, { borders }),
        ...block.columns.map((c) =>
          textCell(
            printedCell(c.key, shown(c.key), lang),
            { bold: row.total, right: true },
            { borders },
          ),
        ),
      ],
    });
  });
  return [
    caption(block.caption),
    new Table({
      width: FULL_WIDTH,
      columnWidths: columnWidths(block.columns.length + 1, 0.3),
      rows: [headerRow(['', ...block.columns.map((c) => c.label)], true), ...rows],
    }),
  ];
}

function summaryTable(block: SummaryTableBlock, lang: Language): (Paragraph | Table)[] {
  const rows = block.rows.map(
    (row) =>
      new TableRow({
        cantSplit: true,
        children: [
          textCell(`${row.unitName} — ${row.lineLabel}${row.breach ? ' !' : ''}`),
          ...block.columns.map((c) =>
            textCell(printedCell(c.key, row.printed[c.key], lang), { right: true }),
          ),
        ],
      }),
  );
  return [
    caption(block.caption),
    new Table({
      width: FULL_WIDTH,
      columnWidths: columnWidths(block.columns.length + 1, 0.3),
      rows: [headerRow(['', ...block.columns.map((c) => c.label)], true), ...rows],
    }),
  ];
}

function indicatorName(name: Partial<Record<Language, string>>, lang: Language): string {
  return name[lang] ?? name.sv ?? name.fi ?? name.en ?? '';
}

function goalCell(row: GoalRow, lang: Language): TableCell {
  const phrases = phrasesFor(lang);
  const children: Paragraph[] = [
    new Paragraph({ children: [new TextRun({ text: row.goal, size: 18 })] }),
  ];
  for (const ind of row.indicators) {
    const unit = ind.measureUnit ? ` ${ind.measureUnit}` : '';
    const baseline = ind.baseline === null ? '' : `; ${phrases.baseline} ${ind.baseline}${unit}`;
    const actual = ind.actual === null ? '–' : `${ind.actual}${unit}`;
    const text = `${indicatorName(ind.name, lang)}: ${ind.operator} ${ind.target}${unit}${baseline}; ${phrases.indicatorActual} ${actual}`;
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
  // Goal tables read left to right: every header cell left-aligned.
  const rows: TableRow[] = [
    new TableRow({
      tableHeader: true,
      cantSplit: true,
      children: block.columns.map((c) => textCell(c.label, { bold: true })),
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
            textCell(
              `${row.theme}. ${row.themeName}`,
              { bold: true },
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
        case 'status': {
          const mark = STATUS_MARKS[row.status];
          return textCell(mark ? `${mark} ${row.statusLabel}` : row.statusLabel, { bold: true });
        }
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
  return new Table({ width: FULL_WIDTH, columnWidths: columnWidths(span, 1 / span), rows });
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
  const rows = block.bars.map(
    (b) =>
      new TableRow({
        cantSplit: true,
        children: [
          textCell(b.label),
          textCell(printed(b.revised), { right: true }),
          textCell(printed(b.actual), { right: true }),
          textCell(printed(b.deviation), { right: true }),
        ],
      }),
  );
  return [
    caption(`${block.title} — ${phrases.chartUnit(rendering.thousands)}`),
    new Table({
      width: FULL_WIDTH,
      columnWidths: columnWidths(4, 0.4),
      rows: [headerRow(['', phrases.revised, phrases.actual, phrases.deviation], true), ...rows],
    }),
  ];
}

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
    new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(doc.title)] }),
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
        children: [new TextRun(section.heading)],
      }),
    );
    if (section.responsible !== null) {
      children.push(
        new Paragraph({ children: [new TextRun({ text: section.responsible, italics: true })] }),
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
