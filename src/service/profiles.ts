/**
 * Budgets by month (docs/interim.md): the municipality's named budget profiles of a year — read
 * by everyone, written by finance, audited — and the spreading of a year's budget rows over their
 * months by a profile, which budget imports and budget changes (file or form) share.
 *
 * A row's months, unless the file gave them (a `period` column): the profile the import names
 * (`even`, `previous-year` or one of the year's own), else the profile whose line is the row's
 * line, else even; a change only over the months from its decision's month (firstMonthOfChange).
 */
import type { Kysely } from 'kysely';
import { insertAudit } from '../db/audit.js';
import type { Db } from '../db/db.js';
import { leafMonths, type BudgetEntryInput } from '../db/figures.js';
import {
  budgetProfiles,
  deleteBudgetProfile,
  writeBudgetProfile,
  type StoredProfile,
} from '../db/profiles.js';
import type { Database } from '../db/schema.js';
import { lockYear } from '../db/units.js';
import type { Actor } from '../domain/access.js';
import { UtfallError } from '../domain/errors.js';
import { findLine, isLineCode, lineDefinition, type LineCode } from '../domain/lines.js';
import { isBuiltInProfile, validProfileName, validProfileWeights } from '../domain/profiles.js';
import {
  BUILT_IN_PROFILES,
  EVEN,
  firstMonthOfChange,
  spread,
  weightsFromActuals,
  type BuiltInProfile,
} from '../domain/spread.js';
import { requireRule } from './access.js';
import { assertYear } from './tenant.js';

/** A named profile as the API and the CLI show it. */
export interface ProfileView {
  name: string;
  /** The line whose budgets it spreads unless an import names another profile; null: none. */
  line: LineCode | null;
  /** Twelve weights, January first. */
  weights: number[];
  updatedAt: Date;
  updatedBy: string;
}

export interface ProfileList {
  year: number;
  /** The profiles every municipality has: even, previous-year. */
  builtIn: BuiltInProfile[];
  profiles: ProfileView[];
}

export interface ProfileInput {
  name: string;
  weights: readonly number[];
  /** A leaf line (code or label) whose default the profile is; absent or null: none. */
  line?: string | null | undefined;
}

const viewOf = (stored: StoredProfile): ProfileView => ({
  ...stored,
  line: stored.line !== null && isLineCode(stored.line) ? stored.line : null,
});

/** The year's named profiles and the built-in ones. */
export async function listProfiles(
  db: Db,
  actor: Actor,
  municipalityId: string,
  year: number,
): Promise<ProfileList> {
  requireRule(actor, municipalityId, 'reader');
  await assertYear(db, municipalityId, year);
  return {
    year,
    builtIn: [...BUILT_IN_PROFILES],
    profiles: (await budgetProfiles(db, municipalityId, year)).map(viewOf),
  };
}

/** The leaf line a profile is for, from its code or label; refused unless entries go to it. */
function profileLine(text: string): LineCode {
  const line = findLine(text);
  if (line === undefined || lineDefinition(line).sumOf)
    throw new UtfallError('profile.line', { line: text });
  return line;
}

/**
 * Creates or replaces a named profile of the year (finance): twelve weights and, optionally, the
 * line whose budgets it spreads by default (a line has at most one profile). Audited. Stored
 * budgets keep their months: a profile spreads the budgets imported after it.
 */
export async function setProfile(
  db: Kysely<Database>,
  actor: Actor,
  municipalityId: string,
  year: number,
  input: ProfileInput,
): Promise<ProfileView> {
  requireRule(actor, municipalityId, 'finance');
  await assertYear(db, municipalityId, year);
  const name = input.name.trim();
  if (!validProfileName(name)) throw new UtfallError('profile.name', { name: input.name });
  const weights = [...input.weights];
  if (!validProfileWeights(weights))
    throw new UtfallError('profile.weights', { value: weights.join(',') });
  const line =
    input.line === undefined || input.line === null || input.line.trim() === ''
      ? null
      : profileLine(input.line);
  return db.transaction().execute(async (trx) => {
    // The year's writers one at a time: an import spreads by the profiles as they stand.
    await lockYear(trx, municipalityId, year);
    const stored = await budgetProfiles(trx, municipalityId, year);
    const other =
      line === null ? undefined : stored.find((p) => p.line === line && p.name !== name);
    if (other) throw new UtfallError('profile.lineTaken', { line: line!, other: other.name });
    const before = stored.find((p) => p.name === name);
    const written = viewOf(
      await writeBudgetProfile(trx, { municipalityId, year, name, line, weights, by: actor.name }),
    );
    await insertAudit(trx, municipalityId, {
      actor: actor.name,
      action: before ? 'update' : 'create',
      entity: 'profile',
      key: `${year}/${name}`,
      before: before ? { line: before.line, weights: before.weights } : null,
      after: { line: written.line, weights: written.weights },
    });
    return written;
  });
}

/** Removes a named profile of the year (finance); audited. Stored budgets keep their months. */
export async function deleteProfile(
  db: Kysely<Database>,
  actor: Actor,
  municipalityId: string,
  year: number,
  name: string,
): Promise<void> {
  requireRule(actor, municipalityId, 'finance');
  await assertYear(db, municipalityId, year);
  await db.transaction().execute(async (trx) => {
    await lockYear(trx, municipalityId, year);
    const stored = await budgetProfiles(trx, municipalityId, year);
    const before = stored.find((p) => p.name === name);
    if (!before || !(await deleteBudgetProfile(trx, municipalityId, year, name)))
      throw unknownProfile(name, year, stored);
    await insertAudit(trx, municipalityId, {
      actor: actor.name,
      action: 'delete',
      entity: 'profile',
      key: `${year}/${name}`,
      before: { line: before.line, weights: before.weights },
      after: null,
    });
  });
}

function unknownProfile(name: string, year: number, stored: readonly StoredProfile[]) {
  return new UtfallError('profile.unknown', {
    name,
    year,
    known: stored.map((p) => p.name).join(', ') || '–',
  });
}

/** Refuses a profile name that is neither built in nor one of the year's own. */
export async function checkProfile(
  db: Db,
  municipalityId: string,
  year: number,
  name: string,
): Promise<void> {
  if (isBuiltInProfile(name)) return;
  const stored = await budgetProfiles(db, municipalityId, year);
  if (!stored.some((p) => p.name === name)) throw unknownProfile(name, year, stored);
}

export interface SpreadOptions {
  stage: 'original' | 'change';
  /** A change's decision date (YYYY-MM-DD): its months start from the decision's month. */
  date?: string | undefined;
  /** The profile the import names; default: each line's own profile, else even. */
  profile?: string | undefined;
}

/**
 * The rows with their months: those that have them (a monthly budget file) as they are, the
 * others spread by their profile (see the header). `previous-year` weighs each month by the
 * unit and line's actual of the year before (by size); without one, the row is spread evenly.
 */
export async function spreadBudget(
  db: Db,
  municipalityId: string,
  year: number,
  records: readonly BudgetEntryInput[],
  options: SpreadOptions,
): Promise<BudgetEntryInput[]> {
  if (records.every((r) => r.months !== undefined)) return [...records];
  const stored = await budgetProfiles(db, municipalityId, year);
  const byName = new Map(stored.map((p) => [p.name, p.weights]));
  const byLine = new Map(stored.flatMap((p) => (p.line === null ? [] : [[p.line, p.weights]])));
  const asked = options.profile;
  if (asked !== undefined && !isBuiltInProfile(asked) && !byName.has(asked))
    throw unknownProfile(asked, year, stored);
  const previous = new Map<string, readonly (number | bigint)[]>();
  if (asked === 'previous-year') {
    const { leaves } = await leafMonths(db, municipalityId, year - 1, { byMonth: true });
    for (const leaf of leaves) {
      const weights = weightsFromActuals(leaf.months);
      if (weights) previous.set(`${leaf.unitCode}\u0000${leaf.line}`, weights);
    }
  }
  const weightsOf = (record: BudgetEntryInput): readonly (number | bigint)[] => {
    if (asked === 'even') return EVEN;
    if (asked === 'previous-year')
      return previous.get(`${record.unitCode}\u0000${record.line}`) ?? EVEN;
    if (asked !== undefined) return byName.get(asked)!;
    return byLine.get(record.line) ?? EVEN;
  };
  const from = options.stage === 'change' ? firstMonthOfChange(options.date, year) : 1;
  return records.map((record) =>
    record.months !== undefined
      ? record
      : { ...record, months: spread(record.amount, weightsOf(record), from) },
  );
}
