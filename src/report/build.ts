/**
 * Builds the typed report document from the database: the whole city (a summary of every
 * central's binding line, then one section per central) or one unit with its areas. Each
 * section follows the seed's order: heading, responsible person, events, risk analysis, figure
 * table, outcome comments, chart and key goals. All texts are in the asked language; a
 * narrative or goal text missing there is shown in another language and marked as such.
 */
import type { Narrative } from '../db/content.js';
import type { Db } from '../db/db.js';
import { drillEntries } from '../db/drill.js';
import type { Theme } from '../db/goals.js';
import { accountMapping, findUnit } from '../db/units.js';
import type { DrillEntry } from '../domain/drill.js';
import type { FrozenGoal, FrozenNarrative } from '../domain/snapshot.js';
import { formatDate } from '../domain/format.js';
import { checkMonth, isInterim, YEAR_END } from '../domain/period.js';
import { previousYearData, reportData } from './data.js';
import { isBreach } from '../domain/checks.js';
import { figuresByUnit, subtreeOf, unitFigures } from '../domain/figures.js';
import {
  changePercent,
  forecastExceeds,
  interimByUnit,
  type InterimLine,
} from '../domain/interim.js';
import { LANGUAGES, lineDefinition, type Language, type LineCode } from '../domain/lines.js';
import type { Binding, LeafAmounts, LineFigures, Unit } from '../domain/model.js';
import { roundToUnit, type Cents } from '../domain/money.js';
import type { Texts } from '../domain/goals.js';
import {
  DEFAULT_OUTCOME_SETTINGS,
  drivingLines,
  forecastLines,
  lineContributors,
  proposeOutcome,
  type OutcomeContributors,
  type OutcomeProposal,
  type OutcomeTopic,
} from '../domain/outcome.js';
import { roundTableAdditively } from '../domain/rounding.js';
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
import {
  ANNUAL_COLUMNS,
  FIGURE_COLUMNS,
  INTERIM_COLUMNS,
  PREVIOUS_COLUMNS,
  isPercentColumn,
  printedUnit,
  type DocumentApproval,
} from './document.js';
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
  /** The columns the tables print. */
  columns: readonly FigureColumn[];
  /** An interim report's lines per unit (figures to date and forecasts); empty for the year. */
  interim: ReadonlyMap<string, InterimLine[]>;
  /** The previous year's lines per unit, to the same month; null without a previous year. */
  previous: ReadonlyMap<string, LineFigures[]> | null;
  /**
   * The year's drill-down entries per unit (its own), read once for the preview's proposed
   * sentences to name the largest contributors; null where no proposal names any (final
   * documents, interim reports).
   */
  entries: ReadonlyMap<string, DrillEntry[]> | null;
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
  return Object.fromEntries(FIGURE_COLUMNS.map((c) => [c, value])) as Record<FigureColumn, T>;
}

/** A table line of a unit: its cents in every column, and its percentages. */
interface TableLine {
  code: LineCode;
  cells: Record<FigureColumn, Cents | null>;
  percent: Partial<Record<FigureColumn, number | null>>;
}

/**
 * The lines of a unit's table, every column filled: the year's figures, an interim report's
 * figures to date and forecasts, the previous year's actual and the change %.
 */
function tableLines(ctx: Context, unitCode: string, lines: readonly LineFigures[]): TableLine[] {
  const interim = ctx.interim.get(unitCode);
  const previous = ctx.previous?.get(unitCode);
  return lines.map((line) => {
    const cells = emptyCells<Cents | null>(null);
    cells.budget = line.budget;
    cells.changes = line.changes;
    cells.revised = line.revised;
    cells.actual = line.actual;
    cells.deviation = line.deviation;
    const percent: Partial<Record<FigureColumn, number | null>> = {};
    const now = interim?.find((l) => l.code === line.code);
    if (now) {
      cells.revisedToDate = now.revisedToDate;
      cells.deviation = now.deviation;
      cells.forecast = now.forecast;
      cells.forecastDeviation = now.forecastDeviation;
      percent.useRate = now.useRate;
    }
    if (previous) {
      cells.previousActual = previous.find((l) => l.code === line.code)?.actual ?? null;
      percent.change = changePercent(line.actual, cells.previousActual);
    }
    return { code: line.code, cells, percent };
  });
}

/**
 * Printed cells (in units of `ctx.unit` cents) of every line of a unit, rounded independently
 * or additively, column by column; percentages as they are.
 */
function printedLines(
  ctx: Context,
  lines: readonly TableLine[],
): Map<LineCode, Record<FigureColumn, number | null>> {
  const result = new Map(lines.map((line) => [line.code, emptyCells<number | null>(null)]));
  for (const column of ctx.columns) {
    if (isPercentColumn(column)) {
      for (const line of lines) result.get(line.code)![column] = line.percent[column] ?? null;
      continue;
    }
    const printed = ctx.request.additive
      ? roundTableAdditively(
          lines.map((line) => ({ line: line.code, cents: line.cells[column] })),
          ctx.unit,
        )
      : new Map(
          lines.map((line) => {
            const amount = line.cells[column];
            return [line.code, amount === null ? null : roundToUnit(amount, ctx.unit)];
          }),
        );
    for (const line of lines) result.get(line.code)![column] = printed.get(line.code) ?? null;
  }
  return result;
}

/** A table caption, with the unit note when the tables print thousands of euros. */
function captionOf(ctx: Context, caption: string): string {
  return captionInUnit(ctx.t, caption, ctx.request.thousands);
}

function columnLabels(ctx: Context): { key: FigureColumn; label: string }[] {
  const { year, toMonth } = ctx.request;
  // The actual column of an interim report is "UTFALL 1–8/2023"; BOKSLUT only for the closed year.
  const context = isInterim(toMonth) ? 'interim' : undefined;
  return ctx.columns.map((key) => ({
    key,
    label: ctx.t(`report:column.${key}`, { year, previous: year - 1, month: toMonth, context }),
  }));
}

function isBinding(ctx: Context, unitCode: string, line: LineCode): boolean {
  return ctx.bindings.some((b) => b.unitCode === unitCode && b.line === line);
}

function figureRows(ctx: Context, unit: Unit, lines: readonly TableLine[]): FigureRow[] {
  const printed = printedLines(ctx, lines);
  const rows: FigureRow[] = [];
  for (const line of lines) {
    const hasFigure = ctx.columns.some((c) => line.cells[c] !== null);
    if (!hasFigure && !ALWAYS.includes(line.code)) continue;
    const definition = lineDefinition(line.code);
    rows.push({
      line: line.code,
      label: definition.names[ctx.request.lang],
      total: definition.sumOf !== undefined,
      binding: isBinding(ctx, unit.code, line.code),
      cells: line.cells,
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
  const figures = figuresInText(
    ctx.units,
    ctx.leaves,
    lang,
    t,
    subtreeOf(ctx.units, unit.code),
    ctx.interim,
  );

  for (const section of ['events', 'risks'] as const) {
    const block = narrativeBlock(narratives, section, lang, figures);
    if (!block) continue;
    blocks.push({ kind: 'heading', level: headingLevel, text: t(`report:document.${section}`) });
    blocks.push(block);
  }

  const lines = unitFigures(ctx.units, unit.code, ctx.leaves);
  const rows = figureRows(ctx, unit, tableLines(ctx, unit.code, lines));
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
  // An interim report's sentences speak of the forecast for the year, not of its outcome.
  const interim = ctx.interim.get(unit.code);
  const proposals = !ctx.request.proposals
    ? []
    : interim
      ? proposeOutcome(forecastLines(interim), DEFAULT_OUTCOME_SETTINGS, 'forecast')
      : yearProposals(ctx, unit, lines);
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

  const legend = interim
    ? {
        revised: t('report:document.chartRevisedToDate', { month: toMonth, year }),
        actual: t('report:document.chartActualToDate', { month: toMonth, year }),
      }
    : ctx.previous
      ? {
          revised: t('report:renderer.revised'),
          actual: t('report:renderer.actual'),
          previous: t('report:document.chartPrevious', { previous: year - 1 }),
        }
      : undefined;
  blocks.push({
    kind: 'chart',
    unitCode: unit.code,
    title: t('report:document.chart'),
    ...(legend ? { legend } : {}),
    bars: rows
      .filter((row) => !BELOW_MARGIN.includes(row.line))
      .map((row) => ({
        label: row.label,
        // An interim chart compares the actual to date with the budget to date.
        revised: interim ? row.cells.revisedToDate : row.cells.revised,
        actual: row.cells.actual,
        deviation: row.cells.deviation,
        ...(legend?.previous ? { previous: row.cells.previousActual } : {}),
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

/**
 * The year's proposed sentences of a unit, naming the largest contributors (cost centre ×
 * account) of each driving line where a clear share of its deviation came from them.
 */
function yearProposals(ctx: Context, unit: Unit, lines: LineFigures[]): OutcomeProposal[] {
  const plain = proposeOutcome(lines);
  const drivers = drivingLines(plain);
  const byUnit = ctx.entries;
  if (byUnit === null || drivers.length === 0) return plain;
  const entries = [...subtreeOf(ctx.units, unit.code)].flatMap((code) => byUnit.get(code) ?? []);
  const units = new Map(ctx.units.map((u) => [u.code, u]));
  const given: OutcomeContributors = {};
  for (const line of drivers) given[line] = lineContributors(entries, line, units);
  return proposeOutcome(lines, DEFAULT_OUTCOME_SETTINGS, 'year', given);
}

function summaryTable(ctx: Context, centrals: readonly Unit[]): SummaryTableBlock {
  const rows: SummaryTableBlock['rows'] = [];
  for (const unit of centrals) {
    const figures = unitFigures(ctx.units, unit.code, ctx.leaves);
    const lines = tableLines(ctx, unit.code, figures);
    const printed = printedLines(ctx, lines);
    const interim = ctx.interim.get(unit.code);
    for (const binding of ctx.bindings.filter((b) => b.unitCode === unit.code)) {
      const line = lines.find((l) => l.code === binding.line);
      const year = figures.find((l) => l.code === binding.line);
      if (!line || !year) continue;
      rows.push({
        unitCode: unit.code,
        unitName: unit.names[ctx.request.lang],
        line: line.code,
        lineLabel: lineDefinition(line.code).names[ctx.request.lang],
        // The rows are the stated bindings of the unit; in an interim report the warning is
        // the forecast's.
        breach: interim
          ? forecastExceeds(
              interim.find((l) => l.code === binding.line) ?? { forecastDeviation: null },
            )
          : isBreach({ bound: true, actual: year.actual, revised: year.revised }),
        cells: line.cells,
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
  const interim = isInterim(toMonth);
  const previousData = await previousYearData(db, municipalityId, year, toMonth);
  const columns = interim
    ? INTERIM_COLUMNS
    : previousData
      ? [...ANNUAL_COLUMNS, ...PREVIOUS_COLUMNS]
      : ANNUAL_COLUMNS;
  // The preview of the year names the contributors of its proposals: the year's entries are
  // read once here and added up per unit, not asked for unit by unit.
  let entries: Map<string, DrillEntry[]> | null = null;
  if (request.proposals && !interim) {
    entries = new Map();
    const mapping = await accountMapping(db, municipalityId, year);
    for (const entry of await drillEntries(db, municipalityId, year, { mapping })) {
      const own = entries.get(entry.unitCode);
      if (own) own.push(entry);
      else entries.set(entry.unitCode, [entry]);
    }
  }
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
    columns,
    interim: interim ? interimByUnit(units, data.leaves, data.forecasts ?? []) : new Map(),
    // Interim tables have no room for last year: the figures contract carries it.
    previous:
      previousData && !interim ? figuresByUnit(previousData.units, previousData.leaves) : null,
    entries,
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
    isInterim(toMonth)
      ? t('report:footnoteInterim', { context })
      : t('report:footnote', { context }),
    ...(ctx.previous ? [t('report:footnotePrevious', { year, previous: year - 1 })] : []),
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
