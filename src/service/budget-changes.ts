/**
 * Council decisions that change the budget, with their amounts per unit and line. A decision
 * entered in the web application is written exactly as `utfall import budget --stage change`
 * writes a file (writeBudget), logged in the import history as a form and in the audit log; its
 * months are spread as a change file's are (service/profiles.ts: from the decision's month, by
 * each line's profile, else evenly). A recorded decision may be corrected or deleted by finance,
 * audited, under the year's lock and against the version the user saw; refused when the change
 * would alter what an approved report froze (service/freeze.ts), as every writer of figures is.
 */
import type { Kysely } from 'kysely';
import { createHash } from 'node:crypto';
import type { Db } from '../db/db.js';
import {
  budgetChangeEntries,
  budgetChangeOfImport,
  budgetChanges,
  budgetChangeSums,
  correctBudgetChange as writeCorrection,
  deleteBudgetChange as removeBudgetChange,
  writeBudget,
  type BudgetEntryInput,
} from '../db/figures.js';
import { logFormImport } from '../db/imports.js';
import { accountMapping, listUnits, lockYear } from '../db/units.js';
import { refuseFrozenChanges } from './freeze.js';
import { refuseOutOfRange } from './range.js';
import type { Database } from '../db/schema.js';
import { lineDefinition, type LineCode } from '../domain/lines.js';
import { accountResolver } from '../domain/mapping.js';
import { centsFrom, cents, sumOrNull, type Cents } from '../domain/money.js';
import { audit } from './content.js';
import type { Actor } from '../domain/access.js';
import { UtfallError } from '../domain/errors.js';
import { requireRule } from './access.js';
import { spreadBudget } from './profiles.js';
import { assertYear } from './tenant.js';

export interface BudgetChangeAmount {
  unit: string;
  line: LineCode;
  /** Cents, report sign: more revenue or less cost is positive. */
  amount: Cents;
}

export interface BudgetChangeRecord {
  id: number;
  decision: string;
  /** YYYY-MM-DD */
  date: string;
  /** What the council decided, beside the reference; empty when none was given. */
  text: string;
  /** Raised by every correction; a correction or deletion names the version it is based on. */
  version: number;
  importId: number;
  /** The profile the decision's months were spread by; null: each line's own, else even. */
  profile: string | null;
  amounts: BudgetChangeAmount[];
  total: Cents;
}

export interface BudgetChangeInput {
  decision: string;
  /** YYYY-MM-DD */
  date: string;
  text?: string | undefined;
  amounts: readonly { unit: string; line: LineCode; amount: number }[];
}

/** A correction of a recorded decision, based on the version the user saw. */
export interface BudgetChangeCorrection extends BudgetChangeInput {
  version: number;
}

/**
 * The year's budget changes with their amounts summed per unit and line. Entries with an account
 * are put on the line the current mapping gives, as the figures do; entries it maps nowhere are
 * left out here and reported by the checks.
 */
export async function listBudgetChanges(
  db: Db,
  actor: Actor,
  municipalityId: string,
  year: number,
): Promise<BudgetChangeRecord[]> {
  requireRule(actor, municipalityId, 'reader');
  await assertYear(db, municipalityId, year);
  return changeRecords(db, municipalityId, year);
}

/** The year's budget changes (or the one with `id`) with their amounts per unit and line. */
async function changeRecords(
  db: Db,
  municipalityId: string,
  year: number,
  id?: number,
): Promise<BudgetChangeRecord[]> {
  const changes = await budgetChanges(db, municipalityId, year, id);
  if (changes.length === 0) return [];
  const lineOf = accountResolver(await accountMapping(db, municipalityId, year));
  const rows = await budgetChangeSums(db, municipalityId, year);
  const amountsOf = new Map<number, Map<string, BudgetChangeAmount>>();
  for (const row of rows) {
    if (row.change_id === null) continue;
    const line: LineCode | undefined =
      row.kind === 'internal' || row.kind === 'imputed'
        ? row.kind
        : row.account !== null
          ? lineOf(row.account)
          : (row.line as LineCode);
    if (!line) continue;
    const amounts = amountsOf.get(row.change_id) ?? new Map<string, BudgetChangeAmount>();
    const key = `${row.unit_code}\u0000${line}`;
    const sum = amounts.get(key);
    amounts.set(key, {
      unit: row.unit_code,
      line,
      amount: cents((sum?.amount ?? 0) + centsFrom(row.amount)),
    });
    amountsOf.set(row.change_id, amounts);
  }
  return changes.map((change) => {
    const amounts = [...(amountsOf.get(change.id)?.values() ?? [])].sort(byUnitAndLine);
    return {
      ...change,
      amounts,
      total: sumOrNull(amounts.map((a) => a.amount)) ?? (0 as Cents),
    };
  });
}

const byUnitAndLine = (a: BudgetChangeAmount, b: BudgetChangeAmount): number =>
  a.unit.localeCompare(b.unit) || a.line.localeCompare(b.line);

/** The decision's reference, date, text and amounts checked: what record and correct share. */
function checkedDecision(input: BudgetChangeInput): {
  decision: string;
  date: string;
  text: string;
  amounts: BudgetChangeAmount[];
} {
  const decision = input.decision.trim();
  if (!decision) throw new UtfallError('budget.decisionMissing');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.date) || Number.isNaN(Date.parse(input.date))) {
    throw new UtfallError('budget.dateMissing', { value: input.date });
  }
  if (input.amounts.length === 0) throw new UtfallError('budgetChange.noAmounts');
  const amounts = input.amounts.map((entry) => {
    if (lineDefinition(entry.line).sumOf) {
      throw new UtfallError('budgetChange.totalLine', { line: entry.line });
    }
    return { unit: entry.unit, line: entry.line, amount: cents(entry.amount) };
  });
  return { decision, date: input.date, text: input.text?.trim() ?? '', amounts };
}

/** Refuses amounts on units the year does not have (read under the year's lock). */
async function refuseUnknownUnits(
  db: Db,
  municipalityId: string,
  year: number,
  amounts: readonly BudgetChangeAmount[],
): Promise<void> {
  const known = new Set((await listUnits(db, municipalityId, year)).map((u) => u.code));
  const unknown = amounts.find((a) => !known.has(a.unit));
  if (unknown) throw new UtfallError('budgetChange.unknownUnit', { unit: unknown.unit });
}

/** Amounts entered by line as the budget entries they are written as (months not yet spread). */
function lineEntries(amounts: readonly BudgetChangeAmount[]): BudgetEntryInput[] {
  return amounts.map((a, index) => ({
    row: index + 1,
    unitCode: a.unit,
    account: null,
    line: a.line,
    kind: a.line === 'internal' || a.line === 'imputed' ? a.line : 'external',
    amount: a.amount,
  }));
}

/** The amounts summed per unit and line, in one order: whether two lists say the same. */
function sameAmounts(a: readonly BudgetChangeAmount[], b: readonly BudgetChangeAmount[]): boolean {
  const sums = (list: readonly BudgetChangeAmount[]) => {
    const byKey = new Map<string, number>();
    for (const x of list) {
      const key = `${x.unit}\u0000${x.line}`;
      byKey.set(key, (byKey.get(key) ?? 0) + x.amount);
    }
    return JSON.stringify([...byKey.entries()].filter(([, v]) => v !== 0).sort());
  };
  return sums(a) === sums(b);
}

/** What the audit log keeps of a decision, before and after a change. */
function audited(record: BudgetChangeRecord) {
  return {
    decision: record.decision,
    date: record.date,
    text: record.text,
    version: record.version,
    amounts: record.amounts,
  };
}

/** The decision under the year's lock, refused when unknown or changed since `version`. */
async function lockedChange(
  db: Db,
  municipalityId: string,
  year: number,
  id: number,
  version: number,
): Promise<BudgetChangeRecord> {
  await lockYear(db, municipalityId, year);
  const [stored] = await changeRecords(db, municipalityId, year, id);
  if (!stored) throw new UtfallError('budgetChange.unknown', { id, year });
  if (stored.version !== version) {
    throw new UtfallError('budgetChange.stale', {
      decision: stored.decision,
      stored: stored.version,
      base: version,
    });
  }
  return stored;
}

/**
 * Records a council decision and its amounts in one transaction: the units must exist in the
 * year and the lines must be lines that entries go to (not totals).
 */
export async function recordBudgetChange(
  db: Kysely<Database>,
  municipalityId: string,
  year: number,
  input: BudgetChangeInput,
  actor: Actor,
): Promise<BudgetChangeRecord> {
  requireRule(actor, municipalityId, 'finance');
  await assertYear(db, municipalityId, year);
  const { decision, text, amounts } = checkedDecision(input);
  const record = { decision, date: input.date, ...(text ? { text } : {}), amounts };
  const sha256 = createHash('sha256').update(JSON.stringify(record)).digest('hex');

  const changeId = await db.transaction().execute(async (trx) => {
    // The year's writers one at a time (as imports), and the units checked under that lock.
    await lockYear(trx, municipalityId, year);
    await refuseUnknownUnits(trx, municipalityId, year, amounts);
    const importId = await logFormImport(trx, municipalityId, {
      kind: 'budget',
      year,
      fileName: decision,
      sha256,
      rows: amounts.length,
      options: { sign: 'report', stage: 'change', decision, date: input.date, actor: actor.name },
    });
    // Spread from the decision's month by each line's profile, as a change file is.
    const entries = await spreadBudget(trx, municipalityId, year, lineEntries(amounts), {
      stage: 'change',
      date: input.date,
    });
    await writeBudget(
      trx,
      {
        municipalityId,
        year,
        importId,
        stage: 'change',
        decision,
        date: input.date,
        text,
      },
      entries,
    );
    await refuseOutOfRange(trx, municipalityId, year);
    await refuseFrozenChanges(trx, municipalityId, year);
    const id = await budgetChangeOfImport(trx, municipalityId, importId);
    await audit(trx, municipalityId, {
      actor: actor.name,
      action: 'create',
      entity: 'budgetChange',
      key: `${year}/change/${id}`,
      before: null,
      after: record,
    });
    return id;
  });
  const [stored] = await changeRecords(db, municipalityId, year, changeId);
  if (!stored) throw new Error(`budget change ${changeId} not found after writing it`);
  return stored;
}

/**
 * Corrects a recorded decision (finance): its reference, date, text and amounts per unit and
 * line, based on the version the user saw (else refused: budgetChange.stale). Amounts that sum
 * as before keep the stored entries (a file's accounts too), re-spread from the new month when
 * the date moved; other amounts replace them by line, spread as a new decision's. Under the
 * year's lock, audited with before and after; refused when it changes what an approved report
 * froze.
 */
export async function correctBudgetChange(
  db: Kysely<Database>,
  actor: Actor,
  scope: { municipalityId: string; year: number; id: number },
  input: BudgetChangeCorrection,
): Promise<BudgetChangeRecord> {
  const { municipalityId, year, id } = scope;
  requireRule(actor, municipalityId, 'finance');
  await assertYear(db, municipalityId, year);
  const checked = checkedDecision(input);
  await db.transaction().execute(async (trx) => {
    const before = await lockedChange(trx, municipalityId, year, id, input.version);
    const keepAmounts = sameAmounts(before.amounts, checked.amounts);
    if (!keepAmounts) await refuseUnknownUnits(trx, municipalityId, year, checked.amounts);
    const spreadOptions = {
      stage: 'change' as const,
      date: checked.date,
      ...(before.profile ? { profile: before.profile } : {}),
    };
    const entries = !keepAmounts
      ? await spreadBudget(trx, municipalityId, year, lineEntries(checked.amounts), spreadOptions)
      : checked.date !== before.date
        ? await spreadBudget(
            trx,
            municipalityId,
            year,
            await budgetChangeEntries(trx, municipalityId, id),
            spreadOptions,
          )
        : null;
    await writeCorrection(
      trx,
      {
        municipalityId,
        year,
        id,
        importId: before.importId,
        decision: checked.decision,
        date: checked.date,
        text: checked.text,
      },
      entries,
    );
    await refuseOutOfRange(trx, municipalityId, year);
    await refuseFrozenChanges(trx, municipalityId, year);
    const [after] = await changeRecords(trx, municipalityId, year, id);
    await audit(trx, municipalityId, {
      actor: actor.name,
      action: 'update',
      entity: 'budgetChange',
      key: `${year}/change/${id}`,
      before: audited(before),
      after: audited(after!),
      units: [...new Set([...before.amounts, ...after!.amounts].map((a) => a.unit))].sort(),
    });
  });
  const [stored] = await changeRecords(db, municipalityId, year, id);
  if (!stored) throw new Error(`budget change ${id} not found after correcting it`);
  return stored;
}

/**
 * Deletes a recorded decision and its amounts (finance), based on the version the user saw;
 * under the year's lock, audited with what it was; refused when it changes what an approved
 * report froze. The import that wrote it stays in the history.
 */
export async function deleteBudgetChange(
  db: Kysely<Database>,
  actor: Actor,
  scope: { municipalityId: string; year: number; id: number },
  input: { version: number },
): Promise<{ id: number; decision: string }> {
  const { municipalityId, year, id } = scope;
  requireRule(actor, municipalityId, 'finance');
  await assertYear(db, municipalityId, year);
  return db.transaction().execute(async (trx) => {
    const before = await lockedChange(trx, municipalityId, year, id, input.version);
    await removeBudgetChange(trx, municipalityId, id);
    await refuseOutOfRange(trx, municipalityId, year);
    await refuseFrozenChanges(trx, municipalityId, year);
    await audit(trx, municipalityId, {
      actor: actor.name,
      action: 'delete',
      entity: 'budgetChange',
      key: `${year}/change/${id}`,
      before: audited(before),
      after: null,
      units: [...new Set(before.amounts.map((a) => a.unit))].sort(),
    });
    return { id, decision: before.decision };
  });
}
