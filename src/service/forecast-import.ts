/**
 * Forecast files (`utfall import forecast FILE --period 2023-08`, the upload of kind `forecast`):
 * the forecasts for the year of the units' leaf lines at one interim period, entered by the
 * people who may change the units — the file's rows as setForecast would enter them one by one,
 * all or nothing. The whole file is read and checked first: with any problem nothing is written;
 * a row of a unit the importer may not change, or of a unit whose interim report of the period
 * (or one above it) is approved, refuses the whole file. Else, in one transaction under the
 * locks setForecast takes, every forecast that changes is written and audited, and the import
 * is logged (kind `forecast`; not undoable: a forecast is corrected by entering it again).
 */
import type { Kysely } from 'kysely';
import { insertAudit } from '../db/audit.js';
import { forecasts, writeForecast } from '../db/forecasts.js';
import { logImport } from '../db/imports.js';
import type { Database } from '../db/schema.js';
import { fiscalYears, listUnits, lockUnit, lockYearShared } from '../db/units.js';
import { changeableUnits, type Actor } from '../domain/access.js';
import { UtfallError } from '../domain/errors.js';
import type { LineCode } from '../domain/lines.js';
import type { Cents } from '../domain/money.js';
import { parsePeriod } from '../domain/period.js';
import { checkPeriod } from './forecasts.js';
import { parseForecasts, peekTable, type TablePeek } from '../import/index.js';
import type { ImportProblem, SignConvention, SourceInfo } from '../import/types.js';
import { mayChangeUnit, requireMember } from './access.js';
import { assertEditable } from './content.js';
import { fileNameOf, renamed } from './imports.js';
import { assertMunicipality, assertYear } from './tenant.js';
import { refuseOutOfRange } from './range.js';

export interface ForecastImportRequest {
  municipalityId: string;
  year: number;
  /** The interim period's last month, 1–11: the file's forecasts are the forecasts at it. */
  period: number;
  file: string;
  /** The name the file goes by in problems and the import log (an upload); default: `file`. */
  fileName?: string | undefined;
  /** Default report (revenue +, cost −). */
  sign?: SignConvention | undefined;
  /** Columns the user named for a header that is not recognised: field → header in the file. */
  columns?: Readonly<Record<string, string>> | undefined;
  /** Check everything, write nothing. */
  dryRun?: boolean | undefined;
}

/** One forecast of the file: the unit's own forecast before (null: none) and after. */
export interface ImportedForecast {
  unit: string;
  line: LineCode;
  row: number;
  before: Cents | null;
  after: Cents;
}

export interface ForecastImportOutcome {
  ok: boolean;
  written: boolean;
  kind: 'forecast';
  year: number;
  period: number;
  source: SourceInfo | null;
  problems: ImportProblem[];
  problemCount: number;
  /** The file's forecasts (rows read as forecasts). */
  records: number;
  importId: number | null;
  /**
   * Every forecast of the file by unit and row, with the unit's own before; empty for a file with
   * problems. Those equal to their before are left as they are (no new version, no audit entry).
   */
  forecasts: ImportedForecast[];
  /** The units whose forecasts the import changed (or would change, in a dry run). */
  units: string[];
}

/** Imports a forecast file, all or nothing. Throws UtfallError for refusals; returns problems. */
export async function importForecasts(
  db: Kysely<Database>,
  request: ForecastImportRequest,
  actor: Actor,
): Promise<ForecastImportOutcome> {
  const { municipalityId, year } = request;
  requireMember(actor, municipalityId);
  // Who may change no unit may import no forecast: refused before the file is read.
  if (changeableUnits(actor, municipalityId) === 'none')
    throw new UtfallError('forbiddenRole', { rule: 'unit-editor' });
  const period = checkPeriod(request.period);
  await assertYear(db, municipalityId, year);
  const tree = await listUnits(db, municipalityId, year);
  const sign = request.sign ?? 'report';
  const result = renamed(
    await parseForecasts(
      request.file,
      { year, sign, units: new Set(tree.map((u) => u.code)), lineForAccount: () => undefined },
      period,
      { columns: request.columns },
    ),
    request,
  );
  const file = result.source.file;

  // The rule of requireUnitEditor for every unit of the file, also of rows with problems: an
  // editor of STK-ICT imports the rows of STK-ICT and its cost centres only.
  for (const { code, row } of result.units) {
    if (!(await mayChangeUnit(db, actor, { municipalityId, year, unitCode: code }, tree)))
      throw new UtfallError('forecast.importForbidden', { file, row, unit: code });
  }

  const outcome: ForecastImportOutcome = {
    ok: result.problemCount === 0,
    written: false,
    kind: 'forecast',
    year,
    period,
    source: result.source,
    problems: result.problems,
    problemCount: result.problemCount,
    records: result.records.length,
    importId: null,
    forecasts: [],
    units: [],
  };
  if (!outcome.ok) return outcome;

  const firstRow = new Map(result.units.map((u) => [u.code, u.row]));
  const unitCodes = [...new Set(result.records.map((r) => r.unitCode))].sort();
  const records = [...result.records].sort(
    (a, b) => (a.unitCode < b.unitCode ? -1 : a.unitCode > b.unitCode ? 1 : 0) || a.row - b.row,
  );
  return db.transaction().execute(async (trx) => {
    // The locks of setForecast, each unit's in one order: an approval of the period waits for
    // the import or the import sees it, and two imports of one unit go one after the other.
    await lockYearShared(trx, municipalityId, year);
    for (const unitCode of unitCodes) await lockUnit(trx, { municipalityId, year, unitCode });
    for (const unitCode of unitCodes) {
      try {
        await assertEditable(trx, { municipalityId, year, unitCode, period });
      } catch (error) {
        if (!(error instanceof UtfallError) || error.code !== 'content.notEditable') throw error;
        throw new UtfallError('forecast.importFrozen', {
          file,
          row: firstRow.get(unitCode) ?? 0,
          unit: unitCode,
          by: error.params.unit ?? unitCode,
          state: error.params.state ?? 'approved',
          period,
          yearMonth: `${year}-${String(period).padStart(2, '0')}`,
        });
      }
    }
    // All of the period's, not only the file's units: a list of units is SQL `in (…)`.
    const stored = new Map(
      (await forecasts(trx, municipalityId, year, period)).map((f) => [
        `${f.unitCode}\u0000${f.line}`,
        f,
      ]),
    );
    const imported = records.map((r) => ({
      record: r,
      stored: stored.get(`${r.unitCode}\u0000${r.line}`),
    }));
    const changed = imported.filter(({ record, stored }) => stored?.amount !== record.amount);
    const units = [...new Set(changed.map(({ record }) => record.unitCode))];
    const view = imported.map(({ record, stored }) => ({
      unit: record.unitCode,
      line: record.line,
      row: record.row,
      before: stored?.amount ?? null,
      after: record.amount,
    }));
    if (request.dryRun) return { ...outcome, forecasts: view, units };

    const importId = await logImport(trx, municipalityId, 'forecast', year, result.source, {
      sign,
      period,
      actor: actor.system ? undefined : actor.name,
    });
    for (const { record, stored } of changed) {
      const version = await writeForecast(
        trx,
        { municipalityId, year, period, unitCode: record.unitCode, line: record.line },
        record.amount,
        actor.name,
      );
      await insertAudit(trx, municipalityId, {
        actor: actor.name,
        action: stored ? 'update' : 'create',
        entity: 'forecast',
        key: `${year}/${record.unitCode}/${period}/${record.line}`,
        before: stored ? { amount: stored.amount, version: stored.version } : null,
        after: { amount: record.amount, version, importId },
      });
    }
    // The file's forecasts add up with the others, the budget and the actuals in every total.
    await refuseOutOfRange(trx, municipalityId, year);
    await insertAudit(trx, municipalityId, {
      actor: actor.name,
      action: 'import',
      entity: 'import',
      key: `${year}/${importId}`,
      before: null,
      after: {
        kind: 'forecast',
        file: fileNameOf(result.source.file),
        sha256: result.source.sha256,
        rows: result.source.rows,
        records: outcome.records,
        period,
        changed: changed.length,
        units,
      },
      units,
    });
    return { ...outcome, written: true, importId, forecasts: view, units };
  });
}

/**
 * An uploaded forecast file checked (a dry run) or imported, for the period given as `YYYY-MM`
 * (the upload's `period` field; with `year`, of that year): the municipality and the year must
 * exist. With a peek at the file's header, recognised columns and first rows.
 */
export async function forecastImportUpload(
  db: Kysely<Database>,
  actor: Actor,
  request: Omit<ForecastImportRequest, 'year' | 'period'> & {
    year?: number | undefined;
    period?: string | undefined;
  },
): Promise<{ outcome: ForecastImportOutcome; peek: TablePeek }> {
  requireMember(actor, request.municipalityId);
  await assertMunicipality(db, request.municipalityId);
  if (request.period === undefined || request.period.trim() === '')
    throw new UtfallError('forecast.periodMissing');
  const { year, month } = parsePeriod(request.period, request.year);
  if (!(await fiscalYears(db, request.municipalityId)).includes(year))
    throw new UtfallError('yearUnknown', { year });
  const outcome = await importForecasts(db, { ...request, year, period: month }, actor);
  const peek = await peekTable(request.file, 'forecast', request.columns ?? {});
  return { outcome, peek };
}
