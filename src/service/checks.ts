/**
 * `utfall check`: findings on the stored data of a year, and at an interim period (one ending
 * in month 1–11) the early warnings of its forecasts.
 */
import type { Db } from '../db/db.js';
import {
  lastBookedMonth,
  leafAmounts,
  unitCodesWithEntries,
  type StoredEntryKey,
} from '../db/figures.js';
import { forecasts } from '../db/forecasts.js';
import { listBindings, listUnits } from '../db/units.js';
import {
  bindingFindings,
  forecastFindings,
  signFindings,
  unknownUnitFindings,
  unmappedFindings,
  type CheckFinding,
} from '../domain/checks.js';
import { unitFigures } from '../domain/figures.js';
import { interimByUnit, type ForecastEntry } from '../domain/interim.js';
import type { Language } from '../domain/lines.js';
import { isInterim } from '../domain/period.js';
import type { Binding, LeafAmounts, Unit } from '../domain/model.js';
import { buildReport } from '../report/build.js';
import { checkDocument, type DocumentCheck } from '../report/checks.js';
import { goalContradictions, goals, type StoredGoal } from './goals.js';
import { unitCodeLookup, withBoundActual } from '../domain/figure-refs.js';
import type { Actor } from '../domain/access.js';
import { requireRule } from './access.js';
import { snapshotFindings } from './freeze.js';
import { assertYear } from './tenant.js';
import { textCheckFindings } from './text-checks.js';

/** What the checks read of a year; a caller that has read it already passes it in. */
export interface StoredYear {
  units: Unit[];
  /** The whole year's (all twelve months). */
  leaves: LeafAmounts[];
  unmapped: StoredEntryKey[];
  bindings: Binding[];
  /** The year's key goals, when the caller has read them. */
  goals?: StoredGoal[];
}

/**
 * The period a check looks at: the last month of actuals (1–12). At an interim period its
 * forecasts are checked too; a caller that has read the period's leaves (with their budget to
 * date) and forecasts already passes them in.
 */
export interface CheckedPeriod {
  toMonth: number | null;
  leaves?: LeafAmounts[];
  forecasts?: ForecastEntry[];
}

/** The early warnings of an interim period's forecasts (none for the year or no period). */
async function periodFindings(
  db: Db,
  municipalityId: string,
  year: number,
  units: Unit[],
  bindings: Binding[],
  period: CheckedPeriod | undefined,
): Promise<CheckFinding[]> {
  const toMonth = period?.toMonth ?? null;
  if (toMonth === null || !isInterim(toMonth) || bindings.length === 0) return [];
  const leaves =
    period?.leaves ?? (await leafAmounts(db, municipalityId, year, { toMonth })).leaves;
  const entered = period?.forecasts ?? (await forecasts(db, municipalityId, year, toMonth));
  const interim = interimByUnit(units, leaves, entered);
  return forecastFindings(bindings, (code) => interim.get(code), toMonth);
}

export async function runChecks(
  db: Db,
  municipalityId: string,
  year: number,
  stored?: StoredYear,
  period?: CheckedPeriod,
): Promise<CheckFinding[]> {
  const units = stored?.units ?? (await listUnits(db, municipalityId, year));
  const { leaves, unmapped } = stored ?? (await leafAmounts(db, municipalityId, year));
  const bindings = stored?.bindings ?? (await listBindings(db, municipalityId, year));
  // Indicators bound to a figure are judged by the live figure.
  const codeOf = unitCodeLookup(units);
  const figuresOf = (written: string) => {
    const code = codeOf(written);
    return code === undefined ? null : unitFigures(units, code, leaves);
  };
  const found = goalContradictions(
    (stored?.goals ?? (await goals(db, municipalityId, year))).map((goal) => ({
      ...goal,
      indicators: goal.indicators.map((i) => withBoundActual(i, figuresOf)),
    })),
  );
  const contradictions: CheckFinding[] = found.map(({ goal, contradiction }) => ({
    rule: 'goal.contradiction',
    severity: 'error',
    unitCode: goal.unitCode,
    line: null,
    account: null,
    column: null,
    expected: null,
    found: null,
    source: null,
    goalId: goal.id,
    goal: { theme: goal.theme, title: goal.goal },
    contradiction: {
      reason: contradiction.reason,
      status: goal.status,
      indicators: contradiction.indicators.flatMap((i) => {
        const indicator = goal.indicators[i];
        return indicator
          ? [
              {
                name: indicator.name,
                operator: indicator.operator,
                target: indicator.target,
                actual: indicator.actual,
                measureUnit: indicator.measureUnit,
              },
            ]
          : [];
      }),
    },
  }));
  return [
    ...contradictions,
    ...unmappedFindings(unmapped),
    ...unknownUnitFindings(units, await unitCodesWithEntries(db, municipalityId, year)),
    ...signFindings(leaves),
    ...bindingFindings(bindings, (code) => unitFigures(units, code, leaves)),
    ...(await periodFindings(db, municipalityId, year, units, bindings, period)),
    ...(await snapshotFindings(db, municipalityId, year)),
    ...(await textCheckFindings(db, municipalityId, year, units, leaves, stored?.goals)),
  ];
}

/** Builds the report of every central (with its areas) as Utfall renders it, and checks it. */
export async function checkRenderedReports(
  db: Db,
  municipalityId: string,
  year: number,
  lang: Language,
  additive: boolean,
): Promise<DocumentCheck & { units: string[] }> {
  const centrals = (await listUnits(db, municipalityId, year)).filter((u) => u.kind === 'central');
  const result: DocumentCheck & { units: string[] } = { tables: [], missing: [], units: [] };
  for (const central of centrals) {
    const doc = await buildReport(db, {
      municipalityId,
      year,
      unitCode: central.code,
      lang,
      additive,
    });
    const check = checkDocument(doc);
    result.tables.push(...check.tables);
    result.missing.push(...check.missing);
    result.units.push(central.code);
  }
  return result;
}

export interface ChecksOfYear {
  /** The period checked: the last month of actuals asked for, else the last booked (null: none). */
  toMonth: number | null;
  /** The checks on the stored data. */
  findings: CheckFinding[];
  /** The checks of the rendered reports, unless they were not asked for. */
  reports: (DocumentCheck & { units: string[] }) | null;
  /** The year's unit codes: the findings that name one of them can be linked to it. */
  unitCodes: string[];
}

/**
 * Every check of a year, as `utfall check` and the checks page run them, at the period `toMonth`
 * (default: the last month booked, as the overview's): at an interim one its forecasts too.
 */
export async function checksFor(
  db: Db,
  actor: Actor,
  municipalityId: string,
  year: number,
  options: { lang: Language; reports: boolean; additive: boolean; toMonth?: number },
): Promise<ChecksOfYear> {
  requireRule(actor, municipalityId, 'reader');
  await assertYear(db, municipalityId, year);
  const units = await listUnits(db, municipalityId, year);
  const toMonth = options.toMonth ?? (await lastBookedMonth(db, municipalityId, year));
  const findings = await runChecks(db, municipalityId, year, undefined, { toMonth });
  const reports = options.reports
    ? await checkRenderedReports(db, municipalityId, year, options.lang, options.additive)
    : null;
  return { toMonth, findings, reports, unitCodes: units.map((u) => u.code) };
}
