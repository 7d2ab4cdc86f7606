/**
 * `utfall budget-change list|edit|delete`: the council decisions that changed a year's budget
 * (recorded by `utfall import budget --stage change` or the web form), listed with their ids and
 * versions, corrected or deleted through the same service as the web (finance's, audited, based
 * on the version read; refused where an approved report froze the amounts).
 */
import type { Command } from 'commander';
import type { Actor } from '../domain/access.js';
import { parseAmount } from '../domain/amount.js';
import { UtfallError } from '../domain/errors.js';
import { formatCents } from '../domain/format.js';
import type { Cents } from '../domain/money.js';
import { findLine, LINES, lineDefinition, type Language, type LineCode } from '../domain/lines.js';
import { parseDate } from '../import/values.js';
import {
  correctBudgetChange,
  deleteBudgetChange,
  listBudgetChanges,
  type BudgetChangeAmount,
  type BudgetChangeRecord,
} from '../service/budget-changes.js';
import type { Store } from '../service/store.js';
import { resolveYear, unitNamed } from '../service/tenant.js';
import type { CommandContext } from './context.js';

/** An `--amount UNIT:LINE=EUROS` as given: the unit as typed, the line found, cents. */
interface AmountSetting {
  unit: string;
  line: LineCode;
  amount: Cents;
}

/** The lines amounts are entered on (not totals), as a refusal names them. */
const ENTRY_LINES = LINES.filter((l) => !l.sumOf).map((l) => l.code);

/** `--amount STK-ICT:services=-10000` (repeatable): a line by code or label, euros. */
function amountOption(value: string, previous: AmountSetting[] = []): AmountSetting[] {
  const match = /^([^:=]+):([^=]+)=(.+)$/.exec(value.trim());
  if (!match) throw new UtfallError('budgetChange.amountOption', { value });
  const [, unit = '', lineText = '', amountText = ''] = match;
  const line = findLine(lineText);
  if (line === undefined)
    throw new UtfallError('budgetChange.line', {
      line: lineText.trim(),
      known: ENTRY_LINES.join(', '),
    });
  const amount = parseAmount(amountText);
  if (amount === null) throw new UtfallError('budgetChange.amountOption', { value });
  return [...previous, { unit: unit.trim(), line, amount }];
}

/** A date as `--date` takes it (2023-06-12 or 12.6.2023), as YYYY-MM-DD. */
function decisionDate(value: string): string {
  const parsed = parseDate(value);
  if (!parsed) throw new UtfallError('budget.dateMissing', { value });
  const two = (n: number) => String(n).padStart(2, '0');
  return `${parsed.year}-${two(parsed.month)}-${two(parsed.day)}`;
}

export function registerBudgetCommands(program: Command, ctx: CommandContext): void {
  const { io, t } = ctx;
  const scopeOf = async (store: Store, options: { year?: number }) => {
    const municipalityId = await ctx.municipalityOf(store);
    const year = await resolveYear(store.db, municipalityId, options.year, { existing: true });
    return { municipalityId, year };
  };
  /** The decision with this id in the year, as the service lists it (unknown: refused). */
  const changeOf = async (
    store: Store,
    actor: Actor,
    scope: { municipalityId: string; year: number },
    id: string,
  ): Promise<BudgetChangeRecord> => {
    const list = await listBudgetChanges(store.db, actor, scope.municipalityId, scope.year);
    const found = /^\d{1,10}$/.test(id) ? list.find((c) => c.id === Number(id)) : undefined;
    if (!found) throw new UtfallError('budgetChange.unknown', { id, year: scope.year });
    return found;
  };
  const printChange = (change: BudgetChangeRecord, lang: Language) => {
    io.out(
      [
        change.id,
        change.date,
        change.decision,
        `v${change.version}`,
        formatCents(change.total, lang),
        ...(change.text ? [change.text] : []),
      ].join('\t') + '\n',
    );
    for (const a of change.amounts)
      io.out(
        `  ${a.unit}\t${a.line}\t${lineDefinition(a.line).names[lang]}\t${formatCents(a.amount, lang)}\n`,
      );
  };
  const baseVersion = (value: string): number => {
    if (!/^[1-9]\d{0,8}$/.test(value)) throw new UtfallError('budgetChange.baseVersion', { value });
    return Number(value);
  };

  const budgetChange = program.command('budget-change').description(t('cli:command.budgetChange'));

  budgetChange
    .command('list')
    .description(t('cli:command.budgetChangeList'))
    .option('--year <year>', t('cli:option.year'), ctx.year)
    .option('--json', t('cli:option.json'))
    .action(async (options: { year?: number; json?: boolean }) => {
      await ctx.withStore(async (store) => {
        const scope = await scopeOf(store, options);
        const list = await listBudgetChanges(
          store.db,
          await ctx.actor(store),
          scope.municipalityId,
          scope.year,
        );
        if (options.json) {
          io.out(JSON.stringify(list, null, 2) + '\n');
          return;
        }
        if (list.length === 0) {
          io.out(t('cli:budgetChange.none', { year: scope.year }) + '\n');
          return;
        }
        io.out(t('cli:budgetChange.listed', { year: scope.year, count: list.length }) + '\n');
        for (const change of list) printChange(change, ctx.lang());
      });
    });

  budgetChange
    .command('edit')
    .description(t('cli:command.budgetChangeEdit'))
    .argument('<id>', t('cli:argument.changeId'))
    .option('--year <year>', t('cli:option.year'), ctx.year)
    .option('--decision <reference>', t('cli:option.changeDecision'))
    .option('--date <date>', t('cli:option.changeDate'), decisionDate)
    .option('--text <text>', t('cli:option.changeText'))
    .option('--amount <unit:line=euros>', t('cli:option.changeAmount'), amountOption)
    .option('--base-version <n>', t('cli:option.changeVersion'), baseVersion)
    .option('--json', t('cli:option.json'))
    .action(
      async (
        id: string,
        options: {
          year?: number;
          decision?: string;
          date?: string;
          text?: string;
          amount?: AmountSetting[];
          baseVersion?: number;
          json?: boolean;
        },
      ) => {
        if (
          options.decision === undefined &&
          options.date === undefined &&
          options.text === undefined &&
          options.amount === undefined
        )
          throw new UtfallError('budgetChange.nothingToChange', { id });
        await ctx.withStore(async (store) => {
          const scope = await scopeOf(store, options);
          const actor = await ctx.actor(store);
          const current = await changeOf(store, actor, scope, id);
          // The stored amounts by unit and line, each --amount setting one (0 takes it out).
          const amounts = new Map<string, BudgetChangeAmount>(
            current.amounts.map((a) => [`${a.unit}\u0000${a.line}`, a]),
          );
          for (const setting of options.amount ?? []) {
            const unit = (await unitNamed(store.db, scope.municipalityId, scope.year, setting.unit))
              .code;
            const key = `${unit}\u0000${setting.line}`;
            if (setting.amount === 0) amounts.delete(key);
            else amounts.set(key, { ...setting, unit });
          }
          const corrected = await correctBudgetChange(
            store.db,
            actor,
            { ...scope, id: current.id },
            {
              // The version read just now unless --base-version names the one the user saw.
              version: options.baseVersion ?? current.version,
              decision: options.decision ?? current.decision,
              date: options.date ?? current.date,
              text: options.text ?? current.text,
              amounts: [...amounts.values()],
            },
          );
          if (options.json) {
            io.out(JSON.stringify(corrected, null, 2) + '\n');
            return;
          }
          io.out(
            t('cli:budgetChange.corrected', {
              id: corrected.id,
              decision: corrected.decision,
              version: corrected.version,
            }) + '\n',
          );
          printChange(corrected, ctx.lang());
        });
      },
    );

  budgetChange
    .command('delete')
    .description(t('cli:command.budgetChangeDelete'))
    .argument('<id>', t('cli:argument.changeId'))
    .option('--year <year>', t('cli:option.year'), ctx.year)
    .option('--base-version <n>', t('cli:option.changeVersion'), baseVersion)
    .option('--yes', t('cli:option.yes'))
    .action(async (id: string, options: { year?: number; baseVersion?: number; yes?: boolean }) => {
      await ctx.withStore(async (store) => {
        const scope = await scopeOf(store, options);
        const actor = await ctx.actor(store);
        const current = await changeOf(store, actor, scope, id);
        const lang = ctx.lang();
        if (!options.yes) {
          // Asked on a terminal; elsewhere (a script, a pipe) --yes says it instead.
          if (io.ask === undefined)
            throw new UtfallError('budgetChange.confirm', {
              id: current.id,
              decision: current.decision,
              year: scope.year,
            });
          const answer = await io.ask(
            t('cli:budgetChange.confirmDelete', {
              id: current.id,
              decision: current.decision,
              date: current.date,
              total: formatCents(current.total, lang),
              count: current.amounts.length,
            }) + ' ',
          );
          const yes = t('cli:budgetChange.yesWords').split(',');
          if (!yes.includes(answer.trim().toLowerCase())) {
            io.err(t('cli:budgetChange.notDeleted', { id: current.id }) + '\n');
            ctx.fail();
            return;
          }
        }
        const deleted = await deleteBudgetChange(
          store.db,
          actor,
          { ...scope, id: current.id },
          { version: options.baseVersion ?? current.version },
        );
        io.out(t('cli:budgetChange.deleted', deleted) + '\n');
      });
    });
}
