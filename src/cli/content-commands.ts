/** `utfall goals|risks|narrative|outcome|workflow|comment|audit`: the report's content. */
import { Option, type Command } from 'commander';
import { AUDIT_ACTIONS, AUDIT_ENTITIES } from '../api/pages.js';
import { readFile } from 'node:fs/promises';
import type { Store } from '../service/store.js';
import { LANGUAGES, type Language } from '../domain/lines.js';
import { DEFAULT_OUTCOME_SETTINGS, type OutcomeSettings } from '../domain/outcome.js';
import { formatDate } from '../domain/format.js';
import type { WorkflowAction } from '../domain/workflow.js';
import { formatProblem } from '../import/index.js';
import { auditFor } from '../service/audit.js';
import { snapshotsFor } from '../service/reports.js';
import {
  addComment,
  comments,
  getNarratives,
  NARRATIVE_SECTIONS,
  narrativeSection,
  setNarrative,
  changeState,
  workflowStatus,
  type Scope,
} from '../service/content.js';
import { proposeUnitOutcome } from '../service/outcome.js';
import { goals, importGoals, importRisks, riskRegister, updateGoal } from '../service/goals.js';
import { resolveYear, unitNamed } from '../service/tenant.js';
import { renderMarkdown } from '../report/markdown.js';
import { periodOption, type CommandContext } from './context.js';
import { UtfallError } from '../domain/errors.js';

const json = (value: unknown) => JSON.stringify(value, null, 2) + '\n';

export function registerContentCommands(program: Command, ctx: CommandContext): void {
  const { io, t } = ctx;
  /** Municipality, year and a known unit code for commands that take --unit. */
  const scopeOf = async (store: Store, options: { year?: number; unit: string }) => {
    const municipalityId = await ctx.municipalityOf(store);
    const year = await resolveYear(store.db, municipalityId, options.year);
    const unit = await unitNamed(store.db, municipalityId, year, options.unit);
    return { municipalityId, year, unitCode: unit.code };
  };
  /**
   * The same with `--period YYYY-MM`: the reporting period's last month (the year's when left
   * out); the period's year is the year unless --year names another, which is refused.
   */
  const periodScopeOf = async (
    store: Store,
    options: { year?: number; unit: string; period?: string },
  ) => {
    const period = periodOption(options);
    const scope = await scopeOf(store, { ...options, year: period?.year ?? options.year });
    return period === undefined ? scope : { ...scope, period: period.month };
  };
  /** The year and the period's last month (12 without --period) for commands without --unit. */
  const yearAndPeriodOf = async (
    store: Store,
    municipalityId: string,
    options: { year?: number; period?: string },
  ) => {
    const period = periodOption(options);
    const year = await resolveYear(store.db, municipalityId, period?.year ?? options.year, {
      existing: true,
    });
    return { year, period: period?.month ?? 12 };
  };
  /** The unit as messages name it: its code, and an interim period's months (`STK (1–8)`). */
  const unitOfPeriod = (scope: { unitCode: string; period?: number }) =>
    scope.period === undefined || scope.period === 12
      ? scope.unitCode
      : `${scope.unitCode} (1–${scope.period})`;
  const PERIOD_OPTION =
    'the reporting period by its last month, e.g. 2023-08 for the interim report 1–8 (default: the year)';

  const goalsCommand = program.command('goals').description(t('cli:command.goals'));
  goalsCommand
    .command('import')
    .argument('<file>')
    .option('--year <year>', t('cli:option.year'), ctx.year)
    .option('--dry-run', t('cli:option.dryRun'))
    .action(async (file: string, options: { year?: number; dryRun?: boolean }) => {
      await ctx.withStore(async (store) => {
        const municipalityId = await ctx.municipalityOf(store);
        const year = await resolveYear(store.db, municipalityId, options.year);
        const outcome = await importGoals(
          store.db,
          { file, municipalityId, year, dryRun: options.dryRun },
          await ctx.actor(store),
        );
        for (const problem of outcome.problems) io.err(formatProblem(problem, t) + '\n');
        if (!outcome.ok) {
          io.err(t('cli:import.rejected', { file, count: outcome.problems.length }) + '\n');
          ctx.fail();
        } else io.out(t('cli:goals.imported', { file, count: outcome.goals }) + '\n');
      });
    });
  goalsCommand
    .command('list')
    .option('--year <year>', t('cli:option.year'), ctx.year)
    .option('--period <yyyy-mm>', PERIOD_OPTION)
    .option('--unit <code>', t('cli:option.unit'))
    .option('--json', t('cli:option.json'))
    .action(async (options: { year?: number; period?: string; unit?: string; json?: boolean }) => {
      await ctx.withStore(async (store) => {
        const municipalityId = await ctx.municipalityOf(store);
        const { year, period } = await yearAndPeriodOf(store, municipalityId, options);
        const unitCode = options.unit
          ? (await unitNamed(store.db, municipalityId, year, options.unit)).code
          : undefined;
        const list = await goals(store.db, municipalityId, year, unitCode, period);
        const lang = ctx.lang();
        if (options.json) io.out(json(list));
        else
          for (const g of list)
            io.out(
              `${g.id}\t${g.unitCode}\t${g.theme}\t${g.status}\t${g.goal[lang] ?? g.goal.sv ?? g.goal.fi ?? ''}\n`,
            );
      });
    });
  goalsCommand
    .command('set')
    .argument('<id>', 'goal id', (v) => Number(v))
    .option('--year <year>', t('cli:option.year'), ctx.year)
    .option('--period <yyyy-mm>', PERIOD_OPTION)
    .option('--status <status>')
    .addOption(new Option('--lang <lang>').choices([...LANGUAGES]).default('sv'))
    .option('--outcome <text>')
    .action(
      async (
        id: number,
        options: {
          year?: number;
          period?: string;
          status?: string;
          lang: Language;
          outcome?: string;
        },
      ) => {
        await ctx.withStore(async (store) => {
          const municipalityId = await ctx.municipalityOf(store);
          const { year, period } = await yearAndPeriodOf(store, municipalityId, options);
          const goal = await updateGoal(
            store.db,
            { municipalityId, year, period },
            id,
            {
              ...(options.status ? { status: options.status } : {}),
              ...(options.outcome ? { outcome: { [options.lang]: options.outcome } } : {}),
            },
            await ctx.actor(store),
          );
          io.out(json(goal));
        });
      },
    );

  const risksCommand = program.command('risks').description(t('cli:command.risks'));
  risksCommand
    .command('import')
    .argument('<file>')
    .option('--year <year>', t('cli:option.year'), ctx.year)
    .action(async (file: string, options: { year?: number }) => {
      await ctx.withStore(async (store) => {
        const municipalityId = await ctx.municipalityOf(store);
        const year = await resolveYear(store.db, municipalityId, options.year);
        const outcome = await importRisks(
          store.db,
          { file, municipalityId, year },
          await ctx.actor(store),
        );
        for (const problem of outcome.problems) io.err(formatProblem(problem, t) + '\n');
        if (!outcome.ok) ctx.fail();
        else io.out(t('cli:risks.imported', { file, count: outcome.risks }) + '\n');
      });
    });
  risksCommand
    .command('list')
    .option('--year <year>', t('cli:option.year'), ctx.year)
    .option('--unit <code>', t('cli:option.unit'))
    .action(async (options: { year?: number; unit?: string }) => {
      await ctx.withStore(async (store) => {
        const municipalityId = await ctx.municipalityOf(store);
        const year = await resolveYear(store.db, municipalityId, options.year, { existing: true });
        const unitCode = options.unit
          ? (await unitNamed(store.db, municipalityId, year, options.unit)).code
          : undefined;
        io.out(json(await riskRegister(store.db, municipalityId, year, unitCode)));
      });
    });

  const narrative = program.command('narrative').description(t('cli:command.narrative'));
  narrative
    .command('get')
    .requiredOption('--unit <code>', t('cli:option.unit'))
    .option('--year <year>', t('cli:option.year'), ctx.year)
    .option('--period <yyyy-mm>', PERIOD_OPTION)
    .option('--section <section>', NARRATIVE_SECTIONS.join(', '))
    .addOption(new Option('--lang <lang>').choices([...LANGUAGES]))
    .option('--json', t('cli:option.json'))
    .option('--html', t('cli:option.html'))
    .action(
      async (options: {
        unit: string;
        year?: number;
        period?: string;
        section?: string;
        lang?: Language;
        json?: boolean;
        html?: boolean;
      }) => {
        // A section that is none of the report's is refused, not answered with nothing.
        if (options.section !== undefined) narrativeSection(options.section);
        await ctx.withStore(async (store) => {
          const scope = await periodScopeOf(store, options);
          const list = (await getNarratives(store.db, scope)).filter(
            (n) =>
              (!options.section || n.section === options.section) &&
              (!options.lang || n.lang === options.lang),
          );
          if (options.json) io.out(json(list));
          else if (options.html)
            for (const n of list)
              io.out(
                `<section data-section="${n.section}" lang="${n.lang}">\n${renderMarkdown(n.body)}</section>\n`,
              );
          else
            for (const n of list)
              io.out(
                `## ${n.section} (${n.lang}, v${n.version}, ${n.updatedBy})\n\n${n.body.trimEnd()}\n\n`,
              );
        });
      },
    );
  narrative
    .command('set')
    .requiredOption('--unit <code>', t('cli:option.unit'))
    .option('--year <year>', t('cli:option.year'), ctx.year)
    .option('--period <yyyy-mm>', PERIOD_OPTION)
    .requiredOption('--section <section>', NARRATIVE_SECTIONS.join(', '))
    .addOption(new Option('--lang <lang>').choices([...LANGUAGES]).makeOptionMandatory())
    .requiredOption('--file <file>', 'Markdown file')
    .option('--base-version <n>', 'the version the text was edited from', (v) => Number(v))
    .action(
      async (options: {
        unit: string;
        year?: number;
        period?: string;
        section: string;
        lang: Language;
        file: string;
        baseVersion?: number;
      }) => {
        narrativeSection(options.section);
        await ctx.withStore(async (store) => {
          const scope = await periodScopeOf(store, options);
          const body = await readFile(options.file, 'utf8').catch(() => {
            throw new UtfallError('file.unreadable', { file: options.file });
          });
          const saved = await setNarrative(
            store.db,
            scope,
            {
              section: options.section,
              lang: options.lang,
              body,
              baseVersion: options.baseVersion ?? null,
            },
            await ctx.actor(store),
          );
          io.out(
            t('cli:narrative.saved', {
              section: saved.section,
              lang: saved.lang,
              unit: unitOfPeriod(scope),
              version: saved.version,
            }) + '\n',
          );
        });
      },
    );

  program
    .command('outcome')
    .description(t('cli:command.outcome'))
    .requiredOption('--unit <code>', t('cli:option.unit'))
    .option('--year <year>', t('cli:option.year'), ctx.year)
    .addOption(new Option('--lang <lang>').choices([...LANGUAGES]))
    .addOption(new Option('--accept <topic>').choices(['revenue', 'costs', 'margin']))
    .option('--period <yyyy-mm>', PERIOD_OPTION)
    .option(
      '--neutral-share <share>',
      'below this share of the revised budget a deviation is "as budgeted"',
      Number,
    )
    .option('--clear-share <share>', 'above this share a deviation is "clear"', Number)
    .option('--json', t('cli:option.json'))
    .action(
      async (options: {
        unit: string;
        year?: number;
        lang?: Language;
        accept?: 'revenue' | 'costs' | 'margin';
        period?: string;
        neutralShare?: number;
        clearShare?: number;
        json?: boolean;
      }) => {
        await ctx.withStore(async (store) => {
          // An interim period's sentences speak of the forecast, and are the period's texts;
          // the year's name where each driving line's deviation came from.
          const scope: Scope = await periodScopeOf(store, options);
          const settings: OutcomeSettings = {
            ...DEFAULT_OUTCOME_SETTINGS,
            ...(options.neutralShare !== undefined ? { neutralShare: options.neutralShare } : {}),
            ...(options.clearShare !== undefined ? { clearShare: options.clearShare } : {}),
          };
          const proposals = await proposeUnitOutcome(
            store.db,
            await ctx.actor(store),
            scope.municipalityId,
            scope.year,
            scope.unitCode,
            { period: scope.period, settings },
          );
          if (options.accept) {
            const lang = options.lang ?? 'sv';
            const proposal = proposals.find((p) => p.topic === options.accept);
            if (!proposal) throw new UtfallError('outcome.none', { topic: options.accept });
            const stored = (await getNarratives(store.db, scope)).find(
              (n) => n.section === proposal.topic && n.lang === lang,
            );
            const saved = await setNarrative(
              store.db,
              scope,
              {
                section: proposal.topic,
                lang,
                body: proposal.text[lang] + '\n',
                baseVersion: stored?.version ?? null,
              },
              await ctx.actor(store),
            );
            io.out(
              t('cli:outcome.accepted', { topic: proposal.topic, lang, version: saved.version }) +
                '\n',
            );
            return;
          }
          if (options.json) io.out(json(proposals));
          else
            for (const p of proposals)
              for (const lang of options.lang ? [options.lang] : LANGUAGES)
                io.out(`${p.topic} (${lang}): ${p.text[lang]}\n`);
        });
      },
    );

  program
    .command('workflow')
    .description(t('cli:command.workflow'))
    .addArgument(
      program.createArgument('<action>').choices(['submit', 'approve', 'lock', 'reopen', 'status']),
    )
    .requiredOption('--unit <code>', t('cli:option.unit'))
    .option('--year <year>', t('cli:option.year'), ctx.year)
    .option('--period <yyyy-mm>', PERIOD_OPTION)
    .option('--reason <text>')
    .action(
      async (
        action: WorkflowAction | 'status',
        options: { unit: string; year?: number; period?: string; reason?: string },
      ) => {
        await ctx.withStore(async (store) => {
          const scope = await periodScopeOf(store, options);
          const unit = unitOfPeriod(scope);
          if (action !== 'status') {
            const { state } = await changeState(
              store.db,
              scope,
              action,
              await ctx.actor(store),
              options.reason,
            );
            io.out(t('cli:workflow.changed', { unit, state }) + '\n');
            return;
          }
          // The state as a state: who moved the report there and when, not as if it had moved.
          const now = await workflowStatus(store.db, scope);
          const at = now.changedAt && formatDate(now.changedAt.toISOString(), ctx.lang());
          const by = now.changedBy ?? '';
          io.out(
            (now.changedAt === null
              ? t('cli:workflow.status.never', { unit })
              : now.state === 'draft'
                ? t('cli:workflow.status.reopened', { unit, by, at, reason: now.reason ?? '' })
                : t('cli:workflow.status.since', { unit, state: now.state, by, at })) + '\n',
          );
          if (now.frozenBy)
            io.out(
              t('cli:workflow.status.frozen', {
                code: now.frozenBy.code,
                state: now.frozenBy.state,
              }) + '\n',
            );
        });
      },
    );

  const comment = program.command('comment').description(t('cli:command.comment'));
  comment
    .command('add')
    .requiredOption('--unit <code>', t('cli:option.unit'))
    .option('--year <year>', t('cli:option.year'), ctx.year)
    .requiredOption('--on <target>', t('cli:option.commentOn'))
    .argument('<text>')
    .action(async (text: string, options: { unit: string; year?: number; on: string }) => {
      await ctx.withStore(async (store) => {
        const scope = await scopeOf(store, options);
        io.out(
          t('cli:comment.added', {
            id: await addComment(store.db, scope, options.on, text, await ctx.actor(store)),
          }) + '\n',
        );
      });
    });
  comment
    .command('list')
    .requiredOption('--unit <code>', t('cli:option.unit'))
    .option('--year <year>', t('cli:option.year'), ctx.year)
    .action(async (options: { unit: string; year?: number }) => {
      await ctx.withStore(async (store) => {
        io.out(json(await comments(store.db, await scopeOf(store, options))));
      });
    });

  program
    .command('audit')
    .description(t('cli:command.audit'))
    .option('--entity <entity>', t('cli:option.auditEntity', { known: AUDIT_ENTITIES.join(', ') }))
    .option('--action <action>', t('cli:option.auditAction', { known: AUDIT_ACTIONS.join(', ') }))
    .option('--unit <code>', t('cli:option.auditUnit'))
    .option('--key <prefix>', 'e.g. 2023/STK')
    .option('--json', t('cli:option.json'))
    .action(
      async (options: {
        entity?: string;
        action?: string;
        unit?: string;
        key?: string;
        json?: boolean;
      }) => {
        await ctx.withStore(async (store) => {
          const municipalityId = await ctx.municipalityOf(store);
          // By kind, action and unit as the web filters (the unit also finds the imports that
          // touched it); --key filters by the key's prefix as before.
          const { entries } = await auditFor(store.db, await ctx.actor(store), municipalityId, {
            entity: options.entity,
            action: options.action,
            unit: options.unit,
            limit: 10_000,
          });
          // Oldest first, as a log is read on a terminal (the search gives the newest first).
          const log = entries
            .filter((e) => options.key === undefined || e.key.startsWith(options.key))
            .reverse();
          if (options.json) io.out(json(log));
          else
            for (const e of log)
              io.out(
                `${e.id}\t${e.at.toISOString()}\t${e.actor}\t${e.action}\t${e.entity}\t${e.key}\t${JSON.stringify(e.before)} → ${JSON.stringify(e.after)}\n`,
              );
        });
      },
    );

  program
    .command('snapshots')
    .description(t('cli:command.snapshots'))
    .option('--year <year>', t('cli:option.year'), ctx.year)
    .option('--unit <code>', t('cli:option.unit'))
    .option('--json', t('cli:option.json'))
    .action(async (options: { year?: number; unit?: string; json?: boolean }) => {
      await ctx.withStore(async (store) => {
        const municipalityId = await ctx.municipalityOf(store);
        const year = await resolveYear(store.db, municipalityId, options.year);
        const unitCode = options.unit
          ? (await unitNamed(store.db, municipalityId, year, options.unit)).code
          : undefined;
        const list = await snapshotsFor(store.db, await ctx.actor(store), {
          municipalityId,
          year,
          unitCode,
        });
        if (options.json) io.out(json(list));
        else if (list.length === 0) io.out(t('cli:snapshots.none') + '\n');
        else
          for (const s of list)
            io.out(
              `${s.id}\t${s.unitCode}\t1–${s.period}\t${s.approvedAt.toISOString()}\t${s.approvedBy}\t${s.sha256}` +
                (s.released
                  ? `\t${t('cli:snapshots.released', { at: s.released.at.toISOString(), by: s.released.by, reason: s.released.reason })}`
                  : `\t${t('cli:snapshots.inForce')}`) +
                '\n',
            );
      });
    });
}
