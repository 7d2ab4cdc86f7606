/**
 * Council decisions that change the budget, with their amounts per unit and line. A decision
 * entered in the web application is written exactly as `utfall import budget --stage change`
 * writes a file (writeBudget), logged in the import history as a form and in the audit log; its
 * months are spread as a change file's are (service/profiles.ts: from the decision's month, by
 * each line's profile, else evenly).
 */
import type { Kysely } from 'kysely';
import { createHash } from 'node:crypto';
import type { Db } from '../db/db.js';
import {
  budgetChangeImports,
  budgetChangeOfImport,
  budgetChanges,
  budgetChangeSums,
  writeBudget,
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
  importId: number;
  amounts: BudgetChangeAmount[];
  total: Cents;
}

export interface BudgetChangeInput {
  decision: string;
  /** YYYY-MM-DD */
  date: string;
  amounts: readonly { unit: string; line: LineCode; amount: number }[];
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
  const changes = await budgetChanges(db, municipalityId, year);
  const importOf = await budgetChangeImports(db, municipalityId, year);
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
    const amounts = [...(amountsOf.get(change.id)?.values() ?? [])].sort(
      (a, b) => a.unit.localeCompare(b.unit) || a.line.localeCompare(b.line),
    );
    return {
      ...change,
      importId: importOf.get(change.id) ?? 0,
      amounts,
      total: sumOrNull(amounts.map((a) => a.amount)) ?? (0 as Cents),
    };
  });
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
  const record = { decision, date: input.date, amounts };
  const sha256 = createHash('sha256').update(JSON.stringify(record)).digest('hex');

  const changeId = await db.transaction().execute(async (trx) => {
    // The year's writers one at a time (as imports), and the units checked under that lock.
    await lockYear(trx, municipalityId, year);
    const known = new Set((await listUnits(trx, municipalityId, year)).map((u) => u.code));
    const unknown = amounts.find((a) => !known.has(a.unit));
    if (unknown) throw new UtfallError('budgetChange.unknownUnit', { unit: unknown.unit });
    const importId = await logFormImport(trx, municipalityId, {
      kind: 'budget',
      year,
      fileName: decision,
      sha256,
      rows: amounts.length,
      options: { sign: 'report', stage: 'change', decision, date: input.date, actor: actor.name },
    });
    // Spread from the decision's month by each line's profile, as a change file is.
    const entries = await spreadBudget(
      trx,
      municipalityId,
      year,
      amounts.map((a, index) => ({
        row: index + 1,
        unitCode: a.unit,
        account: null,
        line: a.line,
        kind: a.line === 'internal' || a.line === 'imputed' ? a.line : 'external',
        amount: a.amount,
      })),
      { stage: 'change', date: input.date },
    );
    await writeBudget(
      trx,
      {
        municipalityId,
        year,
        importId,
        stage: 'change',
        decision,
        date: input.date,
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
  const stored = (await listBudgetChanges(db, actor, municipalityId, year)).find(
    (c) => c.id === changeId,
  );
  if (!stored) throw new Error(`budget change ${changeId} not found after writing it`);
  return stored;
}
