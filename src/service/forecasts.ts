/**
 * Forecasts for the year, entered per reporting period, unit and leaf line by the people who may
 * change the unit; beside each, the forecasts Utfall proposes and how it computed them. Every
 * write is checked against the workflow of its period (an approved interim report freezes its
 * forecasts), serialised per unit and audited.
 */
import type { Kysely } from 'kysely';
import { reportStates } from '../db/content.js';
import type { Db } from '../db/db.js';
import { deleteForecast, forecasts, writeForecast, type StoredForecast } from '../db/forecasts.js';
import type { Database } from '../db/schema.js';
import { listUnits, lockUnit, lockYearShared } from '../db/units.js';
import type { Actor } from '../domain/access.js';
import { UtfallError } from '../domain/errors.js';
import { unitFigures } from '../domain/figures.js';
import {
  interimFigures,
  proposeForecasts,
  type ForecastProposal,
  type InterimLine,
} from '../domain/interim.js';
import { isLineCode, lineDefinition, type LineCode } from '../domain/lines.js';
import { MAX_CENTS, type Cents } from '../domain/money.js';
import { checkMonth, isInterim } from '../domain/period.js';
import { frozenBy, stateChain } from '../domain/workflow.js';
import { previousYearData, reportData } from '../report/data.js';
import { requireMember, requireUnitEditor, mayChangeUnit } from './access.js';
import { assertEditable, audit } from './content.js';
import { refuseOutOfRange } from './range.js';
import { assertUnit } from './tenant.js';

export interface ForecastScope {
  municipalityId: string;
  year: number;
  unitCode: string;
  /** The interim period's last month, 1–11. */
  period: number;
}

/** One leaf line of a unit's forecast form. */
export interface ForecastLine extends InterimLine {
  /** The unit's own entered forecast of the line, with who entered it when. */
  own: Omit<StoredForecast, 'unitCode' | 'line'> | null;
  proposals: ForecastProposal[];
}

/** A forecast's period: an interim one (months 1–11); the closed year has its actual. */
export function checkPeriod(period: number): number {
  checkMonth(period);
  if (!isInterim(period)) throw new UtfallError('forecast.period', { period });
  return period;
}

function checkLine(line: string): LineCode {
  if (!isLineCode(line) || lineDefinition(line).sumOf)
    throw new UtfallError('forecast.line', { line });
  return line;
}

/**
 * Whether the actor may enter the unit's forecasts of the period now: their unit, and no report
 * of the period (the unit's or one above it) approved or locked — what setForecast would refuse.
 */
async function mayEnter(db: Db, actor: Actor, scope: ForecastScope): Promise<boolean> {
  if (!(await mayChangeUnit(db, actor, scope))) return false;
  const units = await listUnits(db, scope.municipalityId, scope.year);
  const states = await reportStates(db, scope.municipalityId, scope.year, scope.period);
  return frozenBy(stateChain(units, (code) => states.get(code)?.state, scope.unitCode)) === null;
}

/**
 * A unit's forecast form for a period: every standard line with its figures to date, its
 * forecast (entered, or following the budget), the unit's own entry and Utfall's proposals;
 * whether the actor may change it.
 */
export async function forecastForm(
  db: Db,
  actor: Actor,
  scope: ForecastScope,
): Promise<{ period: number; editable: boolean; lines: ForecastLine[] }> {
  requireMember(actor, scope.municipalityId);
  const period = checkPeriod(scope.period);
  await assertUnit(db, scope.municipalityId, scope.year, scope.unitCode);
  const { data } = await reportData(db, scope.municipalityId, scope.year, period, {
    figuresOnly: true,
  });
  const lines = interimFigures(data.units, scope.unitCode, data.leaves, data.forecasts ?? []);
  const own = new Map(
    (await forecasts(db, scope.municipalityId, scope.year, period, [scope.unitCode])).map((f) => [
      f.line,
      f,
    ]),
  );
  // Last year's actual to the same month and for the year, for the proposal by last year's profile.
  const previous = await Promise.all(
    [period, 12].map((m) => previousYearData(db, scope.municipalityId, scope.year, m)),
  );
  const previousLines = previous.map((p) =>
    p && p.units.some((u) => u.code === scope.unitCode)
      ? unitFigures(p.units, scope.unitCode, p.leaves)
      : null,
  );
  return {
    period,
    editable: await mayEnter(db, actor, { ...scope, period }),
    lines: lines.map((line) => {
      const stored = own.get(line.code);
      const toDate = previousLines[0]?.find((l) => l.code === line.code)?.actual ?? null;
      const wholeYear = previousLines[1]?.find((l) => l.code === line.code)?.actual ?? null;
      return {
        ...line,
        own: stored
          ? {
              amount: stored.amount,
              version: stored.version,
              updatedAt: stored.updatedAt,
              updatedBy: stored.updatedBy,
            }
          : null,
        proposals: proposeForecasts(
          line,
          period,
          previousLines[0] ? { toDate, year: wholeYear } : undefined,
        ),
      };
    }),
  };
}

/**
 * Enters (or, with `amount` null, removes) a unit's forecast of a leaf line for a period.
 * `baseVersion` is the version the writer saw (null: none): a save over a newer forecast is a
 * conflict, naming who saved it.
 */
export async function setForecast(
  db: Kysely<Database>,
  scope: ForecastScope,
  input: { line: string; amount: Cents | null; baseVersion?: number | null },
  actor: Actor,
): Promise<{ version: number | null }> {
  const period = checkPeriod(scope.period);
  const line = checkLine(input.line);
  if (
    input.amount !== null &&
    (!Number.isSafeInteger(input.amount) || Math.abs(input.amount) > MAX_CENTS)
  )
    throw new UtfallError('forecast.amount', { line });
  await assertUnit(db, scope.municipalityId, scope.year, scope.unitCode);
  await requireUnitEditor(db, actor, scope);
  const key = { ...scope, period, line };
  return db.transaction().execute(async (trx) => {
    await lockYearShared(trx, scope.municipalityId, scope.year);
    await lockUnit(trx, scope);
    await assertEditable(trx, { ...scope, period });
    const stored = (
      await forecasts(trx, scope.municipalityId, scope.year, period, [scope.unitCode])
    ).find((f) => f.line === line);
    if (
      input.baseVersion !== undefined &&
      (stored?.version ?? null) !== (input.baseVersion ?? null)
    )
      throw new UtfallError('forecast.conflict', {
        line,
        unit: scope.unitCode,
        by: stored?.updatedBy ?? '',
      });
    let version: number | null = null;
    if (input.amount === null) {
      if (!stored) return { version: null };
      await deleteForecast(trx, key);
    } else {
      if (stored?.amount === input.amount) return { version: stored.version };
      version = await writeForecast(trx, key, input.amount, actor.name);
      // The forecast adds up with the others, the budget and the actuals in every total.
      await refuseOutOfRange(trx, scope.municipalityId, scope.year);
    }
    await audit(trx, scope.municipalityId, {
      actor: actor.name,
      action: input.amount === null ? 'delete' : stored ? 'update' : 'create',
      entity: 'forecast',
      key: `${scope.year}/${scope.unitCode}/${period}/${line}`,
      before: stored ? { amount: stored.amount, version: stored.version } : null,
      after: input.amount === null ? null : { amount: input.amount, version },
    });
    return { version };
  });
}
