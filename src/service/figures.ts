/** Budget-vs-outcome figures of a unit, as the report JSON contract gives them. */
import { previousYearData, reportData } from '../report/data.js';
import { interimFigures } from '../domain/interim.js';
import { isInterim } from '../domain/period.js';
import type { Db } from '../db/db.js';
import { findUnit, listUnits } from '../db/units.js';
import { unitFigures } from '../domain/figures.js';
import type { Names } from '../domain/lines.js';
import type { FiguresReport, Unit, UnitKind } from '../domain/model.js';

export type { FiguresReport };

export interface UnitListing {
  code: string;
  parent: string | null;
  kind: UnitKind;
  names: Names;
  responsible: string | null;
  board: string | null;
  depth: number;
}

export { findUnit };

/**
 * A unit's figures as the report JSON contract gives them. With `period` (the CLI's
 * `--period YYYY-MM`), each line also carries the period's fields (domain/model.ts PeriodFields);
 * without it, the contract is as it always was.
 */
export async function figuresReport(
  db: Db,
  municipalityId: string,
  year: number,
  unitCode: string,
  options: { toMonth?: number; period?: boolean } = {},
): Promise<FiguresReport> {
  const toMonth = options.toMonth ?? 12;
  // An approved unit's figures are its snapshot's, as in every other format of the report.
  const { data } = await reportData(db, municipalityId, year, toMonth, { figuresOnly: true });
  const { units, leaves } = data;
  const unit = findUnit(units, unitCode);
  const lines = unitFigures(units, unit.code, leaves);
  const head = { year, unit: { code: unit.code, name: unit.names } };
  if (!options.period) return { ...head, lines };

  const interim = interimFigures(units, unit.code, leaves, data.forecasts ?? []);
  const previous = await previousYearData(db, municipalityId, year, toMonth);
  const previousLines =
    previous && previous.units.some((u) => u.code === unit.code)
      ? unitFigures(previous.units, unit.code, previous.leaves)
      : previous
        ? []
        : null;
  return {
    ...head,
    period: toMonth,
    lines: lines.map((line) => {
      const now = interim.find((l) => l.code === line.code)!;
      // The closed year has its actual, not a forecast.
      const closed = !isInterim(toMonth);
      return {
        ...line,
        deviation: now.deviation,
        revisedToDate: now.revisedToDate,
        forecast: closed ? null : now.forecast,
        forecastDeviation: closed ? null : now.forecastDeviation,
        useRate: now.useRate,
        ...(previousLines
          ? { previousActual: previousLines.find((l) => l.code === line.code)?.actual ?? null }
          : {}),
      };
    }),
  };
}

/** The unit tree in depth-first order. */
export async function unitTree(
  db: Db,
  municipalityId: string,
  year: number,
): Promise<UnitListing[]> {
  return treeOf(await listUnits(db, municipalityId, year));
}

/** Units in depth-first order of their tree, each with its depth. */
export function treeOf(units: readonly Unit[]): UnitListing[] {
  const children = new Map<string | null, Unit[]>();
  const codes = new Set(units.map((u) => u.code));
  for (const unit of units) {
    const parent = unit.parentCode !== null && codes.has(unit.parentCode) ? unit.parentCode : null;
    children.set(parent, [...(children.get(parent) ?? []), unit]);
  }
  const result: UnitListing[] = [];
  const visit = (parent: string | null, depth: number) => {
    for (const unit of children.get(parent) ?? []) {
      result.push({
        code: unit.code,
        parent: unit.parentCode,
        kind: unit.kind,
        names: unit.names,
        responsible: unit.responsible,
        board: unit.board,
        depth,
      });
      visit(unit.code, depth + 1);
    }
  };
  visit(null, 0);
  return result;
}
