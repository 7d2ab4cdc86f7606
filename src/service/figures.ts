/** Budget-vs-outcome figures of a unit, as the report JSON contract gives them. */
import type { Db } from '../db/repository.js';
import { leafAmounts, listUnits } from '../db/repository.js';
import { unitFigures } from '../domain/figures.js';
import type { Names } from '../domain/lines.js';
import type { LineFigures, Unit, UnitKind } from '../domain/model.js';
import { UsageError } from './tenant.js';

/** The figures contract: later renderers and external tools depend on these field names. */
export interface FiguresReport {
  year: number;
  unit: { code: string; name: Names };
  lines: LineFigures[];
}

export interface UnitListing {
  code: string;
  parent: string | null;
  kind: UnitKind;
  names: Names;
  responsible: string | null;
  board: string | null;
  depth: number;
}

export async function figuresReport(
  db: Db,
  municipalityId: string,
  year: number,
  unitCode: string,
  options: { toMonth?: number } = {},
): Promise<FiguresReport> {
  const units = await listUnits(db, municipalityId, year);
  const unit = findUnit(units, unitCode);
  const { leaves } = await leafAmounts(db, municipalityId, year, options);
  return {
    year,
    unit: { code: unit.code, name: unit.names },
    lines: unitFigures(units, unit.code, leaves),
  };
}

/** Finds a unit by code, or by its name in any language. */
export function findUnit(units: readonly Unit[], wanted: string): Unit {
  const lower = wanted.trim().toLowerCase();
  const unit =
    units.find((u) => u.code === wanted) ??
    units.find((u) => u.code.toLowerCase() === lower) ??
    units.find((u) => Object.values(u.names).some((n) => n.toLowerCase() === lower));
  if (!unit)
    throw new UsageError('unit.unknown', {
      unit: wanted,
      known: units
        .slice(0, 12)
        .map((u) => u.code)
        .join(', '),
    });
  return unit;
}

/** The unit tree in depth-first order. */
export async function unitTree(
  db: Db,
  municipalityId: string,
  year: number,
): Promise<UnitListing[]> {
  const units = await listUnits(db, municipalityId, year);
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
