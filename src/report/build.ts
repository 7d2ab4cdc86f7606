/**
 * Builds the typed report document from the database: the whole city (a summary of every
 * central's binding line, then one section per central) or one unit with its areas. Each
 * section follows the seed's order: heading, responsible person, events, risk analysis, figure
 * table, outcome comments, chart and key goals. All texts are in the asked language; a
 * narrative or goal text missing there is shown in another language and marked as such.
 */
import type { Narrative } from '../db/content.js';
import type { Db } from '../db/db.js';
import type { Theme } from '../db/goals.js';
import { findUnit } from '../db/units.js';
import type { FrozenGoal, FrozenNarrative } from '../domain/snapshot.js';
import { formatDate } from '../domain/format.js';
import { checkMonth, YEAR_END } from '../domain/period.js';
import { reportData } from './data.js';
import { isBreach } from '../domain/checks.js';
import { subtreeOf, unitFigures } from '../domain/figures.js';
import { LANGUAGES, lineDefinition, type Language, type LineCode } from '../domain/lines.js';
import type { Binding, LeafAmounts, LineFigures, Unit } from '../domain/model.js';
import { roundToUnit, type Cents } from '../domain/money.js';
import type { Texts } from '../domain/goals.js';
import { proposeOutcome, type OutcomeTopic } from '../domain/outcome.js';
import { roundColumnsAdditively } from '../domain/rounding.js';
import { translate, type Translate } from '../i18n/index.js';
import type {
  FigureColumn,
  FigureRow,
  GoalRow,
  GoalTableBlock,
  ReportBlock,
  ReportDocument,
  ReportSection,
  SummaryTableBlock,
} from './document.js';
import { printedUnit, type DocumentApproval } from './document.js';
import { figuresInText, type FiguresInText } from './figures-in-text.js';
import { captionInUnit } from './phrases.js';

export interface ReportRequest {
  municipalityId: string;
  year: number;
  /** The unit the report is about; without it, the whole city. */
  unitCode?: string;
  /** Last month of actuals included, 1–12 (default 12, the annual report). */
  toMonth?: number;
  lang: Language;
  /** Round cells so that printed totals equal printed sums (see domain/rounding.ts). */
  additive?: boolean;
  /** Print figure tables in whole thousands of euros instead of whole euros. */
  thousands?: boolean;
  /** With a unit: add a level-2 section per area (default true). */
  includeAreas?: boolean;
  /**
   * Build from this snapshot (by id) instead of the snapshots in force: a report as it was
   * approved, also after a reopening released it. `toMonth` must be the snapshot's period.
   */
  snapshotId?: number;
  /**
   * The preview: an empty outcome section shows Utfall's proposed sentences, marked as such.
   * Final documents leave this unset and print only text a person wrote or accepted.
   */
  proposals?: boolean;
}

const COLUMNS: readonly FigureColumn[] = ['budget', 'changes', 'revised', 'actual', 'deviation'];

/** Lines printed even when empty, as the printed table (report/text.ts) shows them. */
const ALWAYS: readonly LineCode[] = [
  'revenue',
  'costs',
  'margin',
  'depreciation',
  'internal',
  'imputed',
];

/** Lines outside the income statement proper: in the table, not in the chart. */
const BELOW_MARGIN: readonly LineCode[] = ['depreciation', 'internal', 'imputed'];

const OUTCOME_TOPICS: readonly OutcomeTopic[] = ['revenue', 'costs', 'margin'];

/** The order in which a missing text is looked for in other languages. */
const FALLBACK_ORDER: readonly Language[] = ['sv', 'fi', 'en'];

interface Context {
  request: ReportRequest & { toMonth: number; additive: boolean; thousands: boolean };
  /** Cents per printed unit (EURO or THOUSAND_EUROS). */
  unit: number;
  t: Translate;
  units: readonly Unit[];
  leaves: readonly LeafAmounts[];
  bindings: readonly Binding[];
  themes: readonly Theme[];
  goals: readonly FrozenGoal[];
  narratives: readonly FrozenNarrative[];
}

/** A text in the asked language, else the first of sv, fi, en that has one. */
function pickText(texts: Texts, lang: Language): { text: string; from: Language | null } {
  const own = texts[lang]?.trim();
  if (own) return { text: own, from: null };
  for (const other of FALLBACK_ORDER) {
    const text = texts[other]?.trim();
    if (text) return { text, from: other };
  }
  return { text: '', from: null };
}

function emptyCells<T>(value: T): Record<FigureColumn, T> {
  return { budget: value, changes: value, revised: value, actual: value, deviation: value };
}

function independent(line: LineFigures, unit: number): Record<FigureColumn, number | null> {
  const result = emptyCells<number | null>(null);
  for (const column of COLUMNS) {
    const amount = line[column];
    result[column] = amount === null ? null : roundToUnit(amount, unit);
  }
  return result;
}

function cellsOf(line: LineFigures): Record<FigureColumn, Cents | null> {
  return {
    budget: line.budget,
    changes: line.changes,
    revised: line.revised,
    actual: line.actual,
    deviation: line.deviation,
  };
}

/** Printed cells (in units of `ctx.unit` cents) of every line of a unit, rounded independently or additively. */
function printedLines(
  ctx: Context,
  lines: readonly LineFigures[],
): Map<LineCode, Record<FigureColumn, number | null>> {
  if (ctx.request.additive) return roundColumnsAdditively(lines, ctx.unit);
  return new Map(lines.map((line) => [line.code, independent(line, ctx.unit)]));
}

/** A table caption, with the unit note when the tables print thousands of euros. */
function captionOf(ctx: Context, caption: string): string {
  return captionInUnit(ctx.t, caption, ctx.request.thousands);
}

function columnLabels(ctx: Context): { key: FigureColumn; label: string }[] {
  return COLUMNS.map((key) => ({
    key,
    label: ctx.t(`report:column.${key}`, { year: ctx.request.year }),
  }));
}

function isBinding(ctx: Context, unitCode: string, line: LineCode): boolean {
  return ctx.bindings.some((b) => b.unitCode === unitCode && b.line === line);
}

function figureRows(ctx: Context, unit: Unit, lines: readonly LineFigures[]): FigureRow[] {
  const printed = printedLines(ctx, lines);
  const rows: FigureRow[] = [];
  for (const line of lines) {
    const hasFigure = COLUMNS.some((c) => line[c] !== null);
    if (!hasFigure && !ALWAYS.includes(line.code)) continue;
    const definition = lineDefinition(line.code);
    rows.push({
      line: line.code,
      label: definition.names[ctx.request.lang],
      total: definition.sumOf !== undefined,
      binding: isBinding(ctx, unit.code, line.code),
      cells: cellsOf(line),
      printed: printed.get(line.code) ?? emptyCells(null),
    });
  }
  return rows;
}

/**
 * A narrative section in the asked language, else in the first other language that has it, with
 * its live figures printed in the asked language.
 */
function narrativeBlock(
  narratives: readonly Pick<Narrative, 'section' | 'lang' | 'body'>[],
  section: string,
  lang: Language,
  figures: FiguresInText,
): ReportBlock | null {
  const found = (wanted: Language) =>
    narratives.find((n) => n.section === section && n.lang === wanted && n.body.trim() !== '');
  const own = found(lang);
  if (own)
    return { kind: 'markdown', section, markdown: figures.text(own.body), fallbackLang: null };
  for (const other of FALLBACK_ORDER) {
    const text = found(other);
    if (text)
      return { kind: 'markdown', section, markdown: figures.text(text.body), fallbackLang: other };
  }
  return null;
}

function goalTable(ctx: Context, unit: Unit, figures: FiguresInText): GoalTableBlock | null {
  const { lang } = ctx.request;
  const own = ctx.goals.filter((g) => g.unitCode === unit.code);
  if (own.length === 0) return null;
  // Stable sort: goals keep their imported order within a theme.
  const sorted = [...own].sort((a, b) => a.theme - b.theme);
  const rows: GoalRow[] = sorted.map((goal) => {
    const fallback = new Set<Language>();
    const text = (texts: Texts) => {
      const picked = pickText(texts, lang);
      if (picked.from) fallback.add(picked.from);
      return figures.text(picked.text);
    };
    const theme = ctx.themes.find((th) => th.number === goal.theme);
    return {
      theme: goal.theme,
      themeName: theme ? text(theme.names) : String(goal.theme),
      cityGoal: text(goal.cityGoal),
      goal: text(goal.goal),
      boardGoal: text(goal.boardGoal),
      actionPlan: text(goal.actionPlan),
      responsible: goal.responsible,
      outcome: text(goal.outcome),
      status: goal.status,
      statusLabel: ctx.t(`goals:status.${goal.status}`),
      indicators: goal.indicators.map(figures.indicator),
      fallback: LANGUAGES.filter((l) => fallback.has(l)),
    };
  });
  const keys = ['goal', 'boardGoal', 'actionPlan', 'responsible', 'outcome', 'status'] as const;
  return {
    kind: 'goalTable',
    unitCode: unit.code,
    columns: keys.map((key) => ({ key, label: ctx.t(`report:document.goalColumn.${key}`) })),
    rows,
  };
}

function unitSection(ctx: Context, unit: Unit, level: 1 | 2): ReportSection {
  const { lang, year, toMonth } = ctx.request;
  const t = ctx.t;
  const headingLevel = level === 1 ? 2 : 3;
  const blocks: ReportBlock[] = [];
  const narratives = ctx.narratives.filter((n) => n.unitCode === unit.code);
  const figures = figuresInText(ctx.units, ctx.leaves, lang, t, subtreeOf(ctx.units, unit.code));

  for (const section of ['events', 'risks'] as const) {
    const block = narrativeBlock(narratives, section, lang, figures);
    if (!block) continue;
    blocks.push({ kind: 'heading', level: headingLevel, text: t(`report:document.${section}`) });
    blocks.push(block);
  }

  const lines = unitFigures(ctx.units, unit.code, ctx.leaves);
  const rows = figureRows(ctx, unit, lines);
  blocks.push({
    kind: 'figureTable',
    unitCode: unit.code,
    caption: captionOf(
      ctx,
      toMonth < 12
        ? t('report:document.figuresInterim', { month: toMonth, year })
        : t('report:document.figures', { year }),
    ),
    columns: columnLabels(ctx),
    rows,
  });

  // Outcome comments: the written narrative in the asked language, else one written in another
  // language; a section nobody wrote shows Utfall's proposed sentence only in the preview,
  // marked as a proposal. Final documents print only text a person wrote or accepted.
  const proposals = ctx.request.proposals ? proposeOutcome(lines) : [];
  const outcome: ReportBlock[] = [];
  for (const topic of OUTCOME_TOPICS) {
    const written = narrativeBlock(narratives, topic, lang, figures);
    const proposal = proposals.find((p) => p.topic === topic);
    if (written) outcome.push(written);
    else if (proposal)
      outcome.push({
        kind: 'paragraph',
        text: `${t('report:document.proposal')} ${proposal.text[lang]}`,
        proposal: true,
      });
  }
  if (outcome.length > 0) {
    blocks.push({ kind: 'heading', level: headingLevel, text: t('report:document.outcome') });
    blocks.push(...outcome);
  }

  blocks.push({
    kind: 'chart',
    unitCode: unit.code,
    title: t('report:document.chart'),
    bars: rows
      .filter((row) => !BELOW_MARGIN.includes(row.line))
      .map((row) => ({
        label: row.label,
        revised: row.cells.revised,
        actual: row.cells.actual,
        deviation: row.cells.deviation,
      })),
  });

  const goals = goalTable(ctx, unit, figures);
  if (goals) {
    blocks.push({ kind: 'heading', level: headingLevel, text: t('report:document.goals') });
    blocks.push(goals);
  }

  return {
    unitCode: unit.code,
    level,
    heading: unit.names[lang],
    responsible: unit.responsible
      ? t('report:document.responsible', { name: unit.responsible })
      : null,
    blocks,
  };
}

function summaryTable(ctx: Context, centrals: readonly Unit[]): SummaryTableBlock {
  const rows: SummaryTableBlock['rows'] = [];
  for (const unit of centrals) {
    const lines = unitFigures(ctx.units, unit.code, ctx.leaves);
    const printed = printedLines(ctx, lines);
    for (const binding of ctx.bindings.filter((b) => b.unitCode === unit.code)) {
      const line = lines.find((l) => l.code === binding.line);
      if (!line) continue;
      rows.push({
        unitCode: unit.code,
        unitName: unit.names[ctx.request.lang],
        line: line.code,
        lineLabel: lineDefinition(line.code).names[ctx.request.lang],
        // The rows are the stated bindings of the unit.
        breach: isBreach({ bound: true, actual: line.actual, revised: line.revised }),
        cells: cellsOf(line),
        printed: printed.get(line.code) ?? emptyCells(null),
      });
    }
  }
  return {
    kind: 'summaryTable',
    caption: captionOf(ctx, ctx.t('report:document.binding')),
    columns: columnLabels(ctx),
    rows,
  };
}

/** The sections of a unit report: the unit, then its areas (or its direct children). */
function areasOf(units: readonly Unit[], unit: Unit): Unit[] {
  const children = units.filter((u) => u.parentCode === unit.code);
  const areas = children.filter((u) => u.kind === 'area');
  return areas.length > 0 ? areas : children;
}

export async function buildReport(db: Db, request: ReportRequest): Promise<ReportDocument> {
  const toMonth = checkMonth(request.toMonth ?? YEAR_END);
  const { municipalityId, year, lang } = request;
  const additive = request.additive ?? false;
  const thousands = request.thousands ?? false;
  const t = translate(lang);
  const { data, approvals } = await reportData(
    db,
    municipalityId,
    year,
    toMonth,
    request.snapshotId === undefined ? {} : { snapshotId: request.snapshotId },
  );
  const { units } = data;
  const ctx: Context = {
    request: { ...request, toMonth, additive, thousands },
    unit: printedUnit({ thousands }),
    t,
    units,
    leaves: data.leaves,
    bindings: data.bindings,
    themes: data.themes,
    goals: data.goals,
    narratives: data.narratives,
  };

  const city = units.find((u) => u.kind === 'city');
  const sections: ReportSection[] = [];
  let subject: string;
  if (request.unitCode === undefined) {
    subject = city?.names[lang] ?? municipalityId;
    const centrals = units.filter((u) => u.kind === 'central');
    sections.push({
      unitCode: city?.code ?? municipalityId,
      level: 1,
      heading: subject,
      responsible: null,
      blocks: [
        { kind: 'heading', level: 2, text: t('report:document.summary') },
        summaryTable(ctx, centrals),
      ],
    });
    for (const central of centrals) sections.push(unitSection(ctx, central, 1));
  } else {
    const unit = findUnit(units, request.unitCode);
    subject = unit.names[lang];
    sections.push(unitSection(ctx, unit, 1));
    if (request.includeAreas ?? true) {
      for (const area of areasOf(units, unit)) sections.push(unitSection(ctx, area, 2));
    }
  }

  const kind =
    toMonth < 12
      ? t('report:document.interimTitle', { month: toMonth, year })
      : t('report:document.title', { year });
  // The notes in thousands of euros are the keys' `_thousands` variants (i18next context).
  const context = thousands ? 'thousands' : undefined;
  const footnotes = [
    t('report:footnote', { context }),
    additive
      ? t('report:document.roundingAdditive', { context })
      : t('report:document.roundingIndependent', { context }),
  ];
  if (toMonth < 12) footnotes.push(t('report:document.interimNote', { month: toMonth, year }));
  // An approved report says so under its title, and with which snapshot: the figures and texts
  // of its units are the snapshot's, whatever has been stored since.
  const shown = new Set(sections.flatMap((s) => [...subtreeOf(units, s.unitCode)]));
  const printedApprovals: DocumentApproval[] = approvals
    .filter((a) => [...a.units].some((code) => shown.has(code)))
    .map((a) => {
      const unitName = units.find((u) => u.code === a.unitCode)?.names[lang] ?? a.unitCode;
      const approvedAt = a.approvedAt.toISOString();
      const released = a.released
        ? {
            at: a.released.at.toISOString(),
            by: a.released.by,
            reason: a.released.reason,
          }
        : null;
      return {
        snapshotId: a.id,
        released,
        unitCode: a.unitCode,
        unitName,
        period: a.period,
        approvedAt,
        approvedBy: a.approvedBy,
        sha256: a.sha256,
        note: [
          t('report:document.approved', {
            unit: unitName,
            date: formatDate(approvedAt, lang),
            by: a.approvedBy,
            sha256: a.sha256,
          }),
          ...(a.intact ? [] : [t('report:document.damaged')]),
          ...(released
            ? [
                t('report:document.released', {
                  date: formatDate(released.at, lang),
                  by: released.by,
                  reason: released.reason,
                }),
              ]
            : []),
        ].join(' '),
      };
    });

  return {
    municipality: city?.names[lang] ?? municipalityId,
    year,
    toMonth,
    lang,
    title: `${subject} — ${kind}`,
    additive,
    thousands,
    sections,
    footnotes,
    approvals: printedApprovals,
  };
}
