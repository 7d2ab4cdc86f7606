/**
 * Starting a fiscal year from an earlier one: the organisation, the binding levels, the account
 * mapping, the strategy themes, the goal structure (without outcomes) and the budget profiles are
 * copied into the new year, in one transaction, audited. Nothing of the past year's figures,
 * texts, forecasts or workflow is.
 */
import type { Kysely } from 'kysely';
import type { Db } from '../db/db.js';
import type { Database } from '../db/schema.js';
import { insertAudit } from '../db/audit.js';
import { ensureYear, lockYear, lockYearShared } from '../db/units.js';
import { copyYearStructure, yearStructureCounts, yearsWithUnitCounts } from '../db/year-start.js';
import { allows, type Actor } from '../domain/access.js';
import { UtfallError } from '../domain/errors.js';
import {
  checkYearStart,
  proposedYearStart,
  YEAR_START_PARTS,
  type YearStartCounts,
} from '../domain/year-start.js';
import { requireMember, requireRule } from './access.js';
import { assertMunicipality, assertYear } from './tenant.js';

export type { YearStartCounts };

export interface YearStartInput {
  municipalityId: string;
  /** The year to start. */
  year: number;
  /** The year whose structure it starts with: an earlier one that has units. */
  from: number;
}

export interface YearStarted {
  year: number;
  from: number;
  /** How many of each were copied. */
  copied: YearStartCounts;
}

/** The years of a municipality, whether the actor may start one, and the start a form proposes. */
export interface YearsView {
  years: { year: number; units: number }[];
  mayStart: boolean;
  proposal: { year: number; from: number } | null;
}

export async function yearsFor(db: Db, actor: Actor, municipalityId: string): Promise<YearsView> {
  requireMember(actor, municipalityId);
  await assertMunicipality(db, municipalityId);
  const years = await yearsWithUnitCounts(db, municipalityId);
  return {
    years,
    mayStart: allows(actor, municipalityId, 'finance'),
    proposal: proposedYearStart(years),
  };
}

/**
 * Starts `year` from `from` (admin or finance). Refused when `year` does not come after `from`
 * (year.notAfter), when `from` does not exist (year.unknown) or has no units (year.noUnits), and
 * when `year` holds units or other structure of its own already (year.exists): then nothing is
 * written. The new year is created and its lock taken first, so that of two starts at once one
 * copies and the other, waiting for it, finds the year started.
 */
export async function startYear(
  db: Kysely<Database>,
  input: YearStartInput,
  actor: Actor,
): Promise<YearStarted> {
  const { municipalityId, year, from } = input;
  requireRule(actor, municipalityId, 'finance');
  checkYearStart(year, from);
  const copied = await db.transaction().execute(async (trx) => {
    await assertYear(trx, municipalityId, from);
    // The source year stays as it is while it is copied (its imports take its lock).
    await lockYearShared(trx, municipalityId, from);
    const source = await yearStructureCounts(trx, municipalityId, from);
    if (source.units === 0) throw new UtfallError('year.noUnits', { year: from });
    await ensureYear(trx, municipalityId, year);
    await lockYear(trx, municipalityId, year);
    const present = await yearStructureCounts(trx, municipalityId, year);
    if (YEAR_START_PARTS.some((part) => present[part] > 0)) {
      throw new UtfallError('year.exists', { municipality: municipalityId, year });
    }
    const counts = await copyYearStructure(trx, { municipalityId, from, year, actor: actor.name });
    await insertAudit(trx, municipalityId, {
      actor: actor.name,
      action: 'start',
      entity: 'year',
      key: String(year),
      before: null,
      after: { from, copied: counts },
    });
    return counts;
  });
  return { year, from, copied };
}
