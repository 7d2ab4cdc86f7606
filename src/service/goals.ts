/**
 * Strategy themes, key goals and risks of a year: imported from files, changed one goal at a
 * time, every change audited and refused once the unit's report is approved or locked.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Db } from '../db/db.js';
import { snapshots } from '../db/snapshots.js';
import {
  dropGoalPeriods,
  goalForUpdate,
  goals,
  insertGoal,
  replaceGoals,
  replaceRisks,
  riskForUpdate,
  riskRegister,
  storedRisks,
  themes,
  unitOfGoal,
  unitOfRisk,
  writeGoal,
  writeGoalPeriod,
  writeRisk,
  writeTheme,
  type StoredGoal,
  type StoredRisk,
  type Theme,
} from '../db/goals.js';
import { accountMapping, listUnits, lockUnit, lockYear, lockYearShared } from '../db/units.js';
import { accountResolver } from '../domain/mapping.js';
import {
  GOAL_BINDING_RULE,
  goalContradiction,
  isGoalStatus,
  isIndicatorOperator,
  parseDecimal,
  type GoalStatus,
  type Indicator,
  type KeyGoal,
  type Texts,
} from '../domain/goals.js';
import {
  changedRisk,
  isRiskCategory,
  isRiskStatus,
  onRiskScale,
  RISK_CATEGORIES,
  RISK_STATUSES,
  type Risk,
  type RiskChange,
} from '../domain/risks.js';
import { LANGUAGES } from '../domain/lines.js';
import { openTable, parseGoals } from '../import/index.js';
import { problem } from '../import/problems.js';
import type { ImportProblem } from '../import/types.js';
import { YEAR_PERIOD } from '../db/content.js';
import { assertEditable, audit, contentKey, periodOfScope, type Scope } from './content.js';
import { allows, type Actor } from '../domain/access.js';
import { UtfallError } from '../domain/errors.js';
import { parseFigureRef } from '../domain/figure-refs.js';
import { requireRule, requireUnitEditor } from './access.js';
import { assertUnit } from './tenant.js';

export type { Risk, StoredGoal, StoredRisk, Theme };
export { goals, riskRegister, RISK_CATEGORIES, RISK_STATUSES, storedRisks, themes };

/** The unit a key goal of the year belongs to; undefined when the year has no such goal. */
export async function goalUnitCode(
  db: Db,
  municipalityId: string,
  year: number,
  id: number,
): Promise<string | undefined> {
  return unitOfGoal(db, municipalityId, year, id);
}

export interface GoalsImportOutcome {
  ok: boolean;
  problems: ImportProblem[];
  goals: number;
}

/**
 * The periods whose reports a goals or risks import could change: the year's, and each interim
 * period with an approval in force (its snapshot froze the goals and risks of its units too).
 */
async function frozenPeriods(db: Db, municipalityId: string, year: number): Promise<number[]> {
  const inForce = await snapshots(db, municipalityId, year);
  return [...new Set([YEAR_PERIOD, ...inForce.map((s) => s.period)])];
}

/** Imports key goals: the goals of each unit in the file replace that unit's goals. */
export async function importGoals(
  db: Kysely<Database>,
  request: { file: string; municipalityId: string; year: number; dryRun?: boolean },
  actor: Actor,
): Promise<GoalsImportOutcome> {
  requireRule(actor, request.municipalityId, 'finance');
  const units = await listUnits(db, request.municipalityId, request.year);
  const result = await parseGoals(request.file, {
    year: request.year,
    sign: 'report',
    units: new Set(units.map((u) => u.code)),
    lineForAccount: accountResolver(await accountMapping(db, request.municipalityId, request.year)),
  });
  if (result.problemCount > 0 || request.dryRun) {
    return {
      ok: result.problemCount === 0,
      problems: result.problems,
      goals: result.records.length,
    };
  }
  await db.transaction().execute(async (trx) => {
    // The year's lock, as every import takes it: approvals and the unit page's goal and risk
    // edits (which take it shared) wait, so none lands between this replace's delete and insert.
    await lockYear(trx, request.municipalityId, request.year);
    const unitCodes = [...new Set(result.records.map((r) => r.unitCode))];
    const periods = await frozenPeriods(trx, request.municipalityId, request.year);
    for (const unitCode of unitCodes) {
      const scope = { municipalityId: request.municipalityId, year: request.year, unitCode };
      for (const period of periods) await assertEditable(trx, { ...scope, period });
      const before = await goals(trx, request.municipalityId, request.year, unitCode);
      const records = result.records.filter((r) => r.unitCode === unitCode);
      await replaceGoals(
        trx,
        request.municipalityId,
        request.year,
        unitCode,
        records.map(({ row: _row, themeName: _themeName, ...goal }) => goal),
      );
      // Interim assessments are kept by position: where another goal stands now, they go.
      await dropGoalPeriods(
        trx,
        request.municipalityId,
        request.year,
        unitCode,
        before
          .map((goal, position) => ({ goal, position }))
          .filter(
            ({ goal, position }) =>
              JSON.stringify(goal.goal) !== JSON.stringify(records[position]?.goal),
          )
          .map(({ position }) => position),
      );
      await audit(trx, request.municipalityId, {
        actor: actor.name,
        action: 'import',
        entity: 'goals',
        key: `${request.year}/${unitCode}`,
        before: before.map(({ id: _id, version: _version, ...goal }) => goal),
        after: records.map(({ row: _row, themeName: _themeName, ...goal }) => goal),
      });
    }
    for (const record of result.records) {
      if (Object.keys(record.themeName).length === 0) continue;
      await writeTheme(trx, request.municipalityId, request.year, {
        number: record.theme,
        names: record.themeName,
      });
    }
  });
  return { ok: true, problems: [], goals: result.records.length };
}

/**
 * The measured value of a goal's indicator (by its position, 0 first); null clears it. Or the
 * figure it is bound to (`STK margin actual`, as in a placeholder), whose live value the report
 * shows; null unbinds it. Either may be left out.
 */
export interface IndicatorChange {
  index: number;
  actual?: string | null;
  figure?: string | null;
}

/**
 * Sets a goal's status, outcome texts and indicator values (the responsible person's yearly
 * update). The goal's row is locked while it is read, changed and written, so two updates at
 * once both take effect, one after the other. `version`, when given, is the version the change
 * was based on: a goal updated since is refused (goal.stale, a conflict) and nothing is written.
 *
 * With an interim `scope.period` (1–11) it sets that period's own status and outcome texts
 * (the interim report's assessment, not the year's), refused while the period's report of the
 * goal's unit or one above it is approved; `version` is then the period's (see goals()).
 * Indicator values are the goal's, set for the year: an interim update with indicators is
 * refused (validation).
 */
export async function updateGoal(
  db: Kysely<Database>,
  scope: Omit<Scope, 'unitCode'>,
  id: number,
  change: {
    status?: string;
    outcome?: Texts;
    indicators?: readonly IndicatorChange[];
    version?: number | undefined;
  },
  actor: Actor,
): Promise<StoredGoal> {
  if (change.status !== undefined && !isGoalStatus(change.status)) {
    throw new UtfallError('goal.badStatus', { value: change.status });
  }
  for (const indicator of change.indicators ?? []) {
    if (
      indicator.actual !== null &&
      indicator.actual !== undefined &&
      parseDecimal(indicator.actual) === null
    ) {
      throw new UtfallError('goal.badIndicatorValue', { value: indicator.actual });
    }
    if (indicator.figure !== null && indicator.figure !== undefined) {
      const parsed = parseFigureRef(indicator.figure);
      if (parsed.problem !== null) {
        throw new UtfallError('goal.badIndicatorFigure', {
          value: indicator.figure,
          problem: parsed.problem,
        });
      }
    }
  }
  const period = periodOfScope(scope);
  if (period !== YEAR_PERIOD && (change.indicators ?? []).length > 0)
    throw new UtfallError('goal.interimIndicators', { period });
  return db.transaction().execute(async (trx) => {
    const stored = await goalForUpdate(trx, scope.municipalityId, scope.year, id, period);
    if (!stored) throw new UtfallError('goal.unknown', { id });
    await requireUnitEditor(trx, actor, { ...scope, unitCode: stored.unitCode });
    await assertEditable(trx, { ...scope, unitCode: stored.unitCode });
    if (change.version !== undefined && change.version !== stored.version) {
      throw new UtfallError(
        'goal.stale',
        { id, stored: stored.version, base: change.version },
        { stored },
      );
    }
    const { id: _id, version: _version, position, ...before } = stored;
    if (period !== YEAR_PERIOD) {
      const assessed = {
        outcome: change.outcome ? { ...before.outcome, ...change.outcome } : before.outcome,
        status: change.status ? (change.status as GoalStatus) : before.status,
      };
      const version = await writeGoalPeriod(
        trx,
        scope.municipalityId,
        { year: scope.year, unitCode: stored.unitCode, position, period },
        { ...assessed, updatedBy: actor.name, updatedAt: new Date() },
      );
      await audit(trx, scope.municipalityId, {
        actor: actor.name,
        action: 'update',
        entity: 'goal',
        key: contentKey({ ...scope, unitCode: stored.unitCode }, id),
        before: { outcome: before.outcome, status: before.status },
        after: assessed,
      });
      return { ...before, ...assessed, id, version };
    }
    const after: KeyGoal = {
      ...before,
      ...(change.status ? { status: change.status as GoalStatus } : {}),
      ...(change.outcome ? { outcome: { ...before.outcome, ...change.outcome } } : {}),
      indicators: before.indicators.map((indicator) => ({ ...indicator })),
    };
    for (const { index, actual, figure } of change.indicators ?? []) {
      const indicator = after.indicators[index];
      if (!indicator) throw new UtfallError('goal.unknownIndicator', { id, index });
      if (actual !== undefined) indicator.actual = actual === null ? null : actual.trim();
      if (figure === null) delete indicator.figure;
      else if (figure !== undefined) indicator.figure = figure.trim().split(/\s+/).join(' ');
    }
    const version = await writeGoal(trx, scope.municipalityId, id, after);
    await audit(trx, scope.municipalityId, {
      actor: actor.name,
      action: 'update',
      entity: 'goal',
      key: `${scope.year}/${stored.unitCode}/${id}`,
      before,
      after,
    });
    return { ...after, id, version };
  });
}

/** Those of these goals whose chosen status contradicts their indicators. */
export function goalContradictions(stored: readonly StoredGoal[]) {
  return stored.flatMap((goal) => {
    const contradiction = goalContradiction(goal);
    return contradiction ? [{ goal, contradiction }] : [];
  });
}

/** Reads a risk register file: unit, risk_sv/_fi/_en, category, likelihood, impact, measures_*, owner, status. */
export async function readRisks(
  file: string,
  units: ReadonlySet<string>,
): Promise<{ risks: Risk[]; problems: ImportProblem[] }> {
  const table = await openTable(file);
  const problems: ImportProblem[] = [...table.problems];
  const risks: Risk[] = [];
  const header = table.header.map((h) => h.trim().toLowerCase());
  const at = (name: string) => header.indexOf(name);
  for (const required of ['unit', 'category', 'likelihood', 'impact', 'status']) {
    if (at(required) < 0)
      problems.push(problem(file, 1, required, null, 'header.missing', { columns: required }));
  }
  if (problems.length > 0) return { risks, problems };
  const texts = (cells: string[], prefix: string): Texts => {
    const result: Texts = {};
    for (const lang of ['sv', 'fi', 'en'] as const) {
      const value = cells[at(`${prefix}_${lang}`)]?.trim();
      if (value) result[lang] = value;
    }
    return result;
  };
  for await (const { row, cells } of table.rows) {
    const cell = (name: string) => (cells[at(name)] ?? '').trim();
    const unitCode = cell('unit');
    if (!units.has(unitCode)) problems.push(problem(file, row, 'unit', unitCode, 'unit.unknown'));
    const category = cell('category');
    const status = cell('status');
    const scale = (name: string) => {
      const value = Number(cell(name));
      if (!Number.isInteger(value) || value < 1 || value > 5) {
        problems.push({
          file,
          row,
          column: name,
          value: cell(name),
          code: 'risk.scale',
          expected: 'a whole number from 1 to 5',
        });
      }
      return value;
    };
    const likelihood = scale('likelihood');
    const impact = scale('impact');
    if (!(RISK_CATEGORIES as readonly string[]).includes(category)) {
      problems.push({
        file,
        row,
        column: 'category',
        value: category,
        code: 'risk.category',
        expected: RISK_CATEGORIES.join(', '),
      });
    }
    if (!(RISK_STATUSES as readonly string[]).includes(status)) {
      problems.push({
        file,
        row,
        column: 'status',
        value: status,
        code: 'risk.status',
        expected: RISK_STATUSES.join(', '),
      });
    }
    risks.push({
      unitCode,
      risk: texts(cells, 'risk'),
      category: category as Risk['category'],
      likelihood,
      impact,
      measures: texts(cells, 'measures'),
      owner: cell('owner'),
      status: status as Risk['status'],
    });
  }
  problems.push(...table.problems.filter((p) => !problems.includes(p)));
  return { risks, problems };
}

/** Replaces the risk registers of the units in the file. */
export async function importRisks(
  db: Kysely<Database>,
  request: { file: string; municipalityId: string; year: number },
  actor: Actor,
): Promise<{ ok: boolean; problems: ImportProblem[]; risks: number }> {
  requireRule(actor, request.municipalityId, 'finance');
  const units = await listUnits(db, request.municipalityId, request.year);
  const { risks, problems } = await readRisks(request.file, new Set(units.map((u) => u.code)));
  if (problems.length > 0) return { ok: false, problems, risks: 0 };
  await db.transaction().execute(async (trx) => {
    await lockYear(trx, request.municipalityId, request.year);
    const periods = await frozenPeriods(trx, request.municipalityId, request.year);
    for (const unitCode of new Set(risks.map((r) => r.unitCode))) {
      for (const period of periods)
        await assertEditable(trx, {
          municipalityId: request.municipalityId,
          year: request.year,
          unitCode,
          period,
        });
      const before = await riskRegister(trx, request.municipalityId, request.year, unitCode);
      const after = risks.filter((r) => r.unitCode === unitCode);
      await replaceRisks(trx, request.municipalityId, request.year, unitCode, after);
      await audit(trx, request.municipalityId, {
        actor: actor.name,
        action: 'import',
        entity: 'risks',
        key: `${request.year}/${unitCode}`,
        before,
        after,
      });
    }
  });
  return { ok: true, problems: [], risks: risks.length };
}

/** The unit a risk of the year belongs to; undefined when the year has no such risk. */
export async function riskUnitCode(
  db: Db,
  municipalityId: string,
  year: number,
  id: number,
): Promise<string | undefined> {
  return unitOfRisk(db, municipalityId, year, id);
}

/** Texts trimmed, the empty ones left out. */
function cleanTexts(texts: Texts | undefined): Texts {
  const clean: Texts = {};
  for (const lang of LANGUAGES) {
    const text = texts?.[lang]?.trim();
    if (text) clean[lang] = text;
  }
  return clean;
}

const hasAnyText = (texts: Texts) => LANGUAGES.some((lang) => (texts[lang] ?? '') !== '');

/**
 * Refuses a change of a unit's goals or risks while a report whose approval is in force froze
 * them: the year's report of the unit or one above it, or an interim one (goals and risks are
 * the year's, and an interim report's snapshot holds them too), as an import of them is refused.
 */
async function assertGoalsAndRisksEditable(
  db: Db,
  scope: { municipalityId: string; year: number; unitCode: string },
): Promise<void> {
  // The lock before the approvals are read: one committed in between is then seen.
  await lockYearShared(db, scope.municipalityId, scope.year);
  for (const period of await frozenPeriods(db, scope.municipalityId, scope.year))
    await assertEditable(db, { ...scope, period });
}

/**
 * Edits one risk of a unit's register: its description and measures (by language; an empty
 * text removes that language), category, likelihood and impact (1–5), owner and status. For
 * whoever may change the risk's unit, refused while a report in force froze the unit's risks.
 * The row is locked while it is read, changed and written, so two edits at once both take
 * effect, one after the other; `version`, when given, is the version the edit was based on: a
 * risk edited since is refused (risk.stale, a conflict) and nothing is written.
 */
export async function updateRisk(
  db: Kysely<Database>,
  scope: { municipalityId: string; year: number },
  id: number,
  change: RiskChange & { version?: number | undefined },
  actor: Actor,
): Promise<StoredRisk> {
  const { version: base, ...fields } = change;
  for (const value of [fields.likelihood, fields.impact]) {
    if (value !== undefined && !onRiskScale(value))
      throw new UtfallError('risk.badScale', { value });
  }
  if (fields.category !== undefined && !isRiskCategory(fields.category))
    throw new UtfallError('validation', {}, { category: fields.category });
  if (fields.status !== undefined && !isRiskStatus(fields.status))
    throw new UtfallError('validation', {}, { status: fields.status });
  return db.transaction().execute(async (trx) => {
    const unitCode = await unitOfRisk(trx, scope.municipalityId, scope.year, id);
    if (unitCode === undefined) throw new UtfallError('risk.unknown', { id });
    const target = { ...scope, unitCode };
    await requireUnitEditor(trx, actor, target);
    // The year's shared lock (in assertEditable) before the risk's row, as an approval takes them.
    await assertGoalsAndRisksEditable(trx, target);
    const stored = await riskForUpdate(trx, scope.municipalityId, scope.year, id);
    if (!stored) throw new UtfallError('risk.unknown', { id });
    if (base !== undefined && base !== stored.version) {
      throw new UtfallError('risk.stale', { id, stored: stored.version, base }, { stored });
    }
    const { id: _id, version: _version, ...before } = stored;
    const after = changedRisk(before, fields);
    if (!hasAnyText(after.risk)) throw new UtfallError('risk.noText');
    const version = await writeRisk(trx, scope.municipalityId, id, after);
    await audit(trx, scope.municipalityId, {
      actor: actor.name,
      action: 'update',
      entity: 'risk',
      key: `${scope.year}/${unitCode}/${id}`,
      before,
      after,
    });
    return { ...after, id, version };
  });
}

/** A new key goal's indicator as it is entered: a name and a target, the rest optional. */
export interface NewIndicator {
  name: Texts;
  measureUnit?: string | undefined;
  operator?: string | undefined;
  target: string;
  baseline?: string | null | undefined;
}

/** A new key goal as it is entered on the unit page; it starts without outcome, not assessed. */
export interface NewGoal {
  theme: number;
  goal: Texts;
  cityGoal?: Texts | undefined;
  boardGoal?: Texts | undefined;
  actionPlan?: Texts | undefined;
  responsible?: string | undefined;
  binding?: boolean | undefined;
  indicators?: readonly NewIndicator[] | undefined;
}

function indicatorOf(input: NewIndicator, index: number): Indicator {
  const name = cleanTexts(input.name);
  const target = input.target.trim().replace(',', '.');
  const baseline = input.baseline?.trim().replace(',', '.') || null;
  const operator = input.operator ?? '>=';
  if (
    !hasAnyText(name) ||
    parseDecimal(target) === null ||
    (baseline !== null && parseDecimal(baseline) === null) ||
    !isIndicatorOperator(operator)
  )
    throw new UtfallError('goal.badIndicator', {
      index: index + 1,
      value: parseDecimal(target) === null ? input.target : (baseline ?? operator),
    });
  return {
    name,
    measureUnit: input.measureUnit?.trim() ?? '',
    target,
    operator,
    baseline,
    actual: null,
  };
}

/**
 * Adds a key goal to a unit, after its last one: under a theme of the year's city strategy,
 * with its texts by language (the goal's in at least one), the responsible, the indicators
 * (name and target) and whether it binds towards the council — which only finance may mark
 * (GOAL_BINDING_RULE). For whoever may change the unit, refused while a report in force froze
 * the unit's goals; audited. Two goals added at once both land, one after the other (the
 * unit's lock).
 */
export async function addGoal(
  db: Kysely<Database>,
  scope: { municipalityId: string; year: number; unitCode: string },
  input: NewGoal,
  actor: Actor,
): Promise<StoredGoal> {
  // Whether the actor may change the unit first: an error about the unit names the year's units.
  await requireUnitEditor(db, actor, scope);
  await assertUnit(db, scope.municipalityId, scope.year, scope.unitCode);
  if (input.binding && !allows(actor, scope.municipalityId, GOAL_BINDING_RULE))
    throw new UtfallError('goal.bindingForbidden', { unit: scope.unitCode });
  const goal: KeyGoal = {
    unitCode: scope.unitCode,
    theme: input.theme,
    cityGoal: cleanTexts(input.cityGoal),
    goal: cleanTexts(input.goal),
    boardGoal: cleanTexts(input.boardGoal),
    actionPlan: cleanTexts(input.actionPlan),
    responsible: input.responsible?.trim() ?? '',
    binding: input.binding ?? false,
    outcome: {},
    status: 'notAssessed',
    indicators: (input.indicators ?? []).map(indicatorOf),
  };
  if (!hasAnyText(goal.goal)) throw new UtfallError('goal.noText');
  return db.transaction().execute(async (trx) => {
    await assertGoalsAndRisksEditable(trx, scope);
    await lockUnit(trx, scope);
    const known = (await themes(trx, scope.municipalityId, scope.year)).map((t) => t.number);
    if (
      !Number.isInteger(goal.theme) ||
      goal.theme < 1 ||
      (known.length > 0 && !known.includes(goal.theme))
    )
      throw new UtfallError('goal.unknownTheme', {
        theme: goal.theme,
        year: scope.year,
        themes: known.join(', ') || '–',
      });
    const { position, ...stored } = await insertGoal(trx, scope.municipalityId, scope.year, goal);
    // Interim assessments are kept by position: none may be left there from a goal of before.
    await dropGoalPeriods(trx, scope.municipalityId, scope.year, scope.unitCode, [position]);
    await audit(trx, scope.municipalityId, {
      actor: actor.name,
      action: 'create',
      entity: 'goal',
      key: `${scope.year}/${scope.unitCode}/${stored.id}`,
      before: null,
      after: goal,
    });
    return stored;
  });
}
