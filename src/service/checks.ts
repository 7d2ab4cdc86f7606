/** `utfall check`: findings on the stored data of a year. */
import type { Db } from '../db/repository.js';
import { leafAmounts, listBindings, listUnits, unitCodesWithEntries } from '../db/repository.js';
import {
  bindingFindings,
  signFindings,
  unknownUnitFindings,
  unmappedFindings,
  type CheckFinding,
} from '../domain/checks.js';
import { unitFigures } from '../domain/figures.js';

export async function runChecks(
  db: Db,
  municipalityId: string,
  year: number,
): Promise<CheckFinding[]> {
  const units = await listUnits(db, municipalityId, year);
  const { leaves, unmapped } = await leafAmounts(db, municipalityId, year);
  const bindings = await listBindings(db, municipalityId, year);
  return [
    ...unmappedFindings(unmapped),
    ...unknownUnitFindings(units, await unitCodesWithEntries(db, municipalityId, year)),
    ...signFindings(leaves),
    ...bindingFindings(bindings, (code) => unitFigures(units, code, leaves)),
  ];
}
