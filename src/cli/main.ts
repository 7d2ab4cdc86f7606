/**
 * The `utfall` command. Each subcommand opens the store, calls the service layer and prints;
 * exit codes: 0 ok, 1 findings or rejected input, 2 usage errors.
 */
import { Command, CommanderError, Option } from 'commander';
import { writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { openStore, optionsFromEnv, type Store } from '../db/open.js';
import { checkMonth } from '../domain/period.js';
import { UtfallError } from '../domain/errors.js';
import type { FileKind } from '../domain/import-kinds.js';
import { LANGUAGES, type Language } from '../domain/lines.js';
import { errorMessage } from '../i18n/errors.js';
import { formatCheckFinding, formatTableFinding, missingTextMessage } from '../i18n/findings.js';
import { isLanguage, translate, type Translate } from '../i18n/index.js';
import { formatProblem } from '../import/index.js';
import { renderTextTable } from '../report/text.js';
import { checksFor } from '../service/checks.js';
import { DEMO_CENTRAL, DEMO_MUNICIPALITY, DEMO_YEAR, loadDemo } from '../service/demo.js';
import { figuresReport, unitTree } from '../service/figures.js';
import { importLogFor, runImport } from '../service/imports.js';
import { undoImport } from '../service/import-undo.js';
import type { ImportPreview } from '../service/import-preview.js';
import { formatCents } from '../domain/format.js';
import { reportFor } from '../service/reports.js';
import {
  hasMunicipalities,
  listMunicipalities,
  municipalitiesFor,
  resolveMunicipality,
  resolveYear,
} from '../service/tenant.js';
import { requireMember } from '../service/access.js';
import { cliActor, requireInstallationAdmin } from '../service/users.js';
import { verifyTableFiles } from '../service/verify.js';
import { VERSION } from '../service/version.js';
import { registerBudgetCommands } from './budget-commands.js';
import { registerContentCommands } from './content-commands.js';
import { registerDrillCommands } from './drill-commands.js';
import { importForecastFiles, registerForecastCommands } from './forecast-commands.js';
import { registerProfileCommands } from './profile-commands.js';
import { askOnTerminal, periodOption, type Io } from './context.js';
import { registerServerCommands } from './server-commands.js';
import { registerYearCommands } from './year-commands.js';

const processIo: Io = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  isTTY: Boolean(process.stderr.isTTY),
  // A question (a deletion's confirmation) is asked only where someone can answer it.
  ...(process.stdin.isTTY ? { ask: askOnTerminal } : {}),
};

/**
 * What a dry run would change: one line per unit and month (actuals) or unit and line (budget),
 * before → after with what is removed and added, and the units absent from the file whose
 * figures would be removed.
 */
function previewText(preview: ImportPreview, t: Translate, lang: Language): string {
  const money = (amount: number) => formatCents(amount, lang);
  const out = [t(`cli:import.preview.${preview.mode}`)];
  if (preview.cells.length === 0 && preview.lines.length === 0)
    out.push(t('cli:import.preview.none'));
  for (const c of preview.cells) {
    out.push(
      `  ${c.unit}\t${String(c.month).padStart(2, '0')}\t${money(c.before)} → ${money(c.after)}\t` +
        t('cli:import.preview.amounts', { removed: money(c.removed), added: money(c.added) }) +
        (c.inFile ? '' : `\t${t('cli:import.preview.notInFile')}`),
    );
  }
  for (const l of preview.lines) {
    out.push(
      `  ${l.unit}\t${t(`lines:${l.line}`)}\t${money(l.before)} → ${money(l.after)}` +
        (l.inFile ? '' : `\t${t('cli:import.preview.notInFile')}`),
    );
  }
  if (preview.absentUnits.length > 0)
    out.push(t('cli:import.preview.absentUnits', { units: preview.absentUnits.join(', ') }));
  for (const f of preview.frozen)
    out.push(
      t('cli:import.preview.frozen', {
        unit: f.unit,
        period: `1–${f.period}`,
        units: f.units.join(', '),
      }),
    );
  return out.join('\n') + '\n';
}

/** The language of messages: --lang, else UTFALL_LANG, else the system locale when sv or fi. */
function messageLanguage(asked: string | undefined): Language {
  const candidates = [asked, process.env.UTFALL_LANG, (process.env.LANG ?? '').slice(0, 2)];
  return candidates.find((c): c is Language => c !== undefined && isLanguage(c)) ?? 'en';
}

function year(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1990 || n > 2100)
    throw new UtfallError('year.invalid', { value });
  return n;
}

async function withOpenedStore<T>(
  open: () => Promise<Store>,
  work: (store: Store) => Promise<T>,
): Promise<T> {
  const store = await open();
  try {
    return await work(store);
  } catch (error) {
    throw await withKnownMunicipalities(store, error);
  } finally {
    await store.close();
  }
}

/**
 * An unknown municipality named with those the caller may choose instead: without UTFALL_USER
 * every one, as a user theirs only (another's answers as unknown, and is not listed either).
 */
async function withKnownMunicipalities(store: Store, error: unknown): Promise<unknown> {
  if (!(error instanceof UtfallError) || error.code !== 'municipality.unknown') return error;
  if ('known' in error.params) return error;
  const who = await cliActor(store.db);
  const visible = who.system
    ? await listMunicipalities(store.db)
    : await municipalitiesFor(store.db, who);
  return new UtfallError('municipality.unknown', {
    ...error.params,
    known: visible.map((m) => m.id).join(', '),
    // None to choose from is worded apart (`_zero`), never as an empty list.
    count: visible.length,
  });
}

/**
 * Runs the CLI and returns the exit code. `open` opens the database for each command (the
 * environment's by default; a test may hand one already open, closed by the test).
 */
export async function main(
  argv: string[],
  io: Io = processIo,
  open: () => Promise<Store> = () => openStore(optionsFromEnv()),
): Promise<number> {
  let exitCode = 0;
  const withStore = <T>(work: (store: Store) => Promise<T>) => withOpenedStore(open, work);
  const globalLang = argv.includes('--lang') ? argv[argv.indexOf('--lang') + 1] : undefined;
  const t: Translate = translate(messageLanguage(globalLang));
  const program = new Command('utfall')
    .description(t('cli:description'))
    .version(VERSION, '-V, --version', t('cli:option.version'))
    .option('-m, --municipality <id>', t('cli:option.municipality'))
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .exitOverride();
  const actor = (store: Store) => cliActor(store.db);
  // The municipality a command works on. As a user (UTFALL_USER), only one they belong to: the
  // one asked for, or their only one; another is unknown to them, as on the web. One asked for
  // that does not exist is unknown too, except to an import (an organisation creates it).
  const municipalityOf = async (store: Store, options: { creating?: boolean } = {}) => {
    const asked = program.opts<{ municipality?: string }>().municipality;
    const who = await actor(store);
    if (who.system) {
      const id = await resolveMunicipality(store.db, asked);
      if (asked !== undefined && !options.creating) {
        if (!(await listMunicipalities(store.db)).some((m) => m.id === id))
          throw new UtfallError('municipality.unknown', { municipality: id });
      }
      return id;
    }
    if (asked === undefined) {
      const mine = await municipalitiesFor(store.db, who);
      if (mine.length === 1) return mine[0]!.id;
    }
    const id = await resolveMunicipality(store.db, asked);
    requireMember(who, id);
    return id;
  };

  program
    .command('demo')
    .description(t('cli:command.demo'))
    .action(async () => {
      await withStore(async (store) => {
        // Loading the demo rewrites a municipality's figures: the installation's to do, not a
        // user's of one municipality (without UTFALL_USER, the operator's as before).
        requireInstallationAdmin(await actor(store));
        io.err(t('cli:demo.loading', { location: store.location }) + '\n');
        await loadDemo(store.db, (step) =>
          io.err(
            `  ${basename(step.file)}: ${t('cli:import.done', { records: step.outcome.records, rows: step.outcome.source?.rows ?? 0 })}\n`,
          ),
        );
        io.out(
          t('cli:demo.done', {
            municipality: DEMO_MUNICIPALITY,
            year: DEMO_YEAR,
            unit: DEMO_CENTRAL,
          }) + '\n',
        );
      });
    });

  program
    .command('import')
    .description(t('cli:command.import'))
    .addArgument(
      program
        .createArgument('<kind>', t('cli:argument.kind'))
        .choices(['org', 'mapping', 'budget', 'actuals', 'forecast']),
    )
    .argument('<files...>', t('cli:argument.files'))
    .option('--year <year>', t('cli:option.year'), year)
    .addOption(
      new Option('--sign <sign>', t('cli:option.sign'))
        .choices(['report', 'accounting'])
        .default('report'),
    )
    .addOption(
      new Option('--stage <stage>', t('cli:option.stage'))
        .choices(['original', 'change'])
        .default('original'),
    )
    .option('--decision <reference>', t('cli:option.decision'))
    .option('--date <date>', t('cli:option.date'))
    .option('--profile <name>', t('cli:option.profile'))
    .option('--period <yyyy-mm>', t('cli:option.importPeriod'))
    .option('--append', t('cli:option.append'))
    .option('--replace-all', t('cli:option.replaceAll'))
    .option('--dry-run', t('cli:option.dryRun'))
    .option('--json', t('cli:option.json'))
    .action(
      async (
        kind: FileKind,
        files: string[],
        options: {
          year?: number;
          sign: 'report' | 'accounting';
          stage: 'original' | 'change';
          decision?: string;
          date?: string;
          profile?: string;
          period?: string;
          append?: boolean;
          replaceAll?: boolean;
          dryRun?: boolean;
          json?: boolean;
        },
      ) => {
        // A unit's forecasts at an interim period: its responsible people's, not finance's.
        if (kind === 'forecast') return importForecastFiles(context, files, options);
        await withStore(async (store) => {
          const municipalityId = await municipalityOf(store, { creating: true });
          const outcomes = [];
          for (const file of files) {
            const outcome = await runImport(
              store.db,
              { kind, file, municipalityId, ...options },
              await actor(store),
            );
            outcomes.push(outcome);
            if (options.json) continue;
            for (const problem of outcome.problems) io.err(formatProblem(problem, t) + '\n');
            if (outcome.problemCount > outcome.problems.length) {
              io.err(
                t('cli:import.moreProblems', {
                  count: outcome.problemCount - outcome.problems.length,
                }) + '\n',
              );
            }
            if (!outcome.ok)
              io.err(t('cli:import.rejected', { file, count: outcome.problemCount }) + '\n');
            else if (!outcome.written) {
              io.out(
                t('cli:import.dryRun', {
                  file,
                  rows: outcome.source?.rows ?? 0,
                  records: outcome.records,
                }) + '\n',
              );
              if (outcome.preview)
                io.out(previewText(outcome.preview, t, messageLanguage(globalLang)));
            } else
              io.out(
                t('cli:import.written', {
                  file,
                  rows: outcome.source?.rows ?? 0,
                  records: outcome.records,
                  year: outcome.year ?? '',
                }) + '\n',
              );
          }
          if (options.json) io.out(JSON.stringify(outcomes, null, 2) + '\n');
          if (outcomes.some((o) => !o.ok)) exitCode = 1;
        });
      },
    );

  const importsCommand = program
    .command('imports')
    .description(t('cli:command.imports'))
    .option('--json', t('cli:option.json'));
  importsCommand
    .command('undo')
    .description(t('cli:command.importsUndo'))
    .argument('<id>', t('cli:argument.importId'), (v) => {
      if (!/^\d+$/.test(v)) throw new UtfallError('import.unknown', { id: v });
      return Number(v);
    })
    .option('--json', t('cli:option.json'))
    .action(async (id: number, options: { json?: boolean }) => {
      await withStore(async (store) => {
        const outcome = await undoImport(store.db, await actor(store), {
          municipalityId: await municipalityOf(store),
          importId: id,
        });
        if (options.json) io.out(JSON.stringify(outcome, null, 2) + '\n');
        else
          io.out(
            t('cli:import.undone', {
              id: outcome.importId,
              file: outcome.fileName,
              units: outcome.units.join(', ') || '–',
            }) + '\n',
          );
      });
    });
  importsCommand.action(async (options: { json?: boolean }) => {
    await withStore(async (store) => {
      const log = await importLogFor(store.db, await actor(store), await municipalityOf(store));
      if (options.json) io.out(JSON.stringify(log, null, 2) + '\n');
      else
        for (const e of log)
          io.out(
            `${e.id}\t${e.importedAt.toISOString()}\t${e.kind}\t${e.year ?? ''}\t${e.rows}\t${e.sha256.slice(0, 12)}\t${e.fileName}` +
              (e.undoneAt
                ? `\t${t('cli:import.undoneMark', { at: e.undoneAt.toISOString() })}`
                : '') +
              '\n',
          );
    });
  });

  program
    .command('report')
    .description(t('cli:command.report'))
    .option('--year <year>', t('cli:option.year'), year)
    .option('--unit <code>', t('cli:option.unit'))
    .addOption(
      new Option('--format <format>', t('cli:option.format'))
        .choices(['text', 'json', 'document', 'html', 'pdf', 'xlsx', 'csv', 'docx'])
        .default('text'),
    )
    .addOption(
      new Option('--lang <lang>', t('cli:option.lang')).choices([...LANGUAGES]).default('sv'),
    )
    .option('--to-month <month>', t('cli:option.toMonth'), (v) => Number(v))
    .option('--period <yyyy-mm>', t('cli:option.toMonth'))
    .option('--additive', t('cli:option.additive'))
    .option('--thousands', t('report:option.thousands'))
    .option('--no-areas', t('cli:option.noAreas'))
    .option('--snapshot <id>', t('cli:option.snapshot'), (v) => Number(v))
    .option('-o, --output <file>', t('cli:option.output'))
    .action(
      async (options: {
        year?: number;
        unit?: string;
        format: 'text' | 'json' | 'document' | 'html' | 'pdf' | 'xlsx' | 'csv' | 'docx';
        lang: Language;
        toMonth?: number;
        period?: string;
        additive?: boolean;
        thousands?: boolean;
        areas: boolean;
        snapshot?: number;
        output?: string;
      }) => {
        await withStore(async (store) => {
          const municipalityId = await municipalityOf(store);
          const period = periodOption(options);
          const y = await resolveYear(store.db, municipalityId, period?.year ?? options.year, {
            existing: true,
          });
          const toMonth =
            period?.month ??
            (options.toMonth === undefined
              ? undefined
              : checkMonth(options.toMonth, String(options.toMonth)));
          // JSON keeps the figures contract (integer cents) whatever --thousands says.
          // A snapshot's report is a document (html, pdf, docx, …): the figures contract is live.
          if (
            options.snapshot !== undefined &&
            (options.format === 'json' || options.format === 'text')
          )
            throw new UtfallError('snapshot.format', { format: options.format });
          if (options.format === 'json' || options.format === 'text') {
            if (!options.unit) throw new UtfallError('report.unitRequired');
            const report = await figuresReport(store.db, municipalityId, y, options.unit, {
              ...(toMonth ? { toMonth } : {}),
              period: period !== undefined,
            });
            io.out(
              options.format === 'json'
                ? JSON.stringify(report, null, 2) + '\n'
                : renderTextTable(report, options.lang, translate(options.lang), {
                    thousands: options.thousands ?? false,
                  }),
            );
            return;
          }
          const { body: output } = await reportFor(store.db, await actor(store), {
            municipalityId,
            year: y,
            unit: options.unit,
            ...(toMonth ? { toMonth } : {}),
            lang: options.lang,
            additive: options.additive ?? false,
            thousands: options.thousands ?? false,
            includeAreas: options.areas,
            format: options.format,
            ...(options.snapshot === undefined ? {} : { snapshotId: options.snapshot }),
          });
          if (options.output) {
            await writeFile(options.output, output);
            io.err(
              t('cli:report.written', { file: options.output, format: options.format }) + '\n',
            );
          } else if (typeof output === 'string') io.out(output);
          else throw new UtfallError('report.outputRequired', { format: options.format });
        });
      },
    );

  program
    .command('units')
    .description(t('cli:command.units'))
    .option('--year <year>', t('cli:option.year'), year)
    .option('--json', t('cli:option.json'))
    .action(async (options: { year?: number; json?: boolean }) => {
      await withStore(async (store) => {
        const municipalityId = await municipalityOf(store);
        const tree = await unitTree(
          store.db,
          municipalityId,
          await resolveYear(store.db, municipalityId, options.year, { existing: true }),
        );
        const lang = messageLanguage(globalLang);
        if (options.json) io.out(JSON.stringify(tree, null, 2) + '\n');
        else
          for (const u of tree)
            io.out(
              `${'  '.repeat(u.depth)}${u.code}  ${u.names[lang]}  (${t(`cli:kind.${u.kind}`)})\n`,
            );
      });
    });

  program
    .command('check')
    .description(t('cli:command.check'))
    .option('--year <year>', t('cli:option.year'), year)
    .addOption(
      new Option('--lang <lang>', t('cli:option.lang')).choices([...LANGUAGES]).default('sv'),
    )
    .option('--additive', t('cli:option.additive'))
    .option('--period <yyyy-mm>', t('cli:option.checkPeriod'))
    .option('--json', t('cli:option.json'))
    .action(
      async (options: {
        year?: number;
        lang: Language;
        additive?: boolean;
        period?: string;
        json?: boolean;
      }) => {
        await withStore(async (store) => {
          const municipalityId = await municipalityOf(store);
          const period = periodOption(options);
          const y = await resolveYear(store.db, municipalityId, period?.year ?? options.year);
          // The stored data at the period (at an interim one its forecasts too), and the report
          // as Utfall renders it for every central with its areas, in the language asked.
          const checks = await checksFor(store.db, await actor(store), municipalityId, y, {
            lang: options.lang,
            reports: true,
            additive: options.additive ?? false,
            ...(period ? { toMonth: period.month } : {}),
          });
          const { findings } = checks;
          const report = checks.reports!;
          const tableErrors = report.tables.filter((f) => f.severity === 'error');
          const errors = findings.filter((f) => f.severity === 'error').length + tableErrors.length;
          const warnings =
            findings.length -
            findings.filter((f) => f.severity === 'error').length +
            report.missing.length;
          if (options.json)
            io.out(
              JSON.stringify(
                { year: y, toMonth: checks.toMonth, errors, warnings, findings, report },
                null,
                2,
              ) + '\n',
            );
          else {
            const lang = messageLanguage(globalLang);
            for (const f of findings) io.out(formatCheckFinding(f, t, lang) + '\n');
            for (const f of tableErrors) io.out(formatTableFinding(f, t, lang) + '\n');
            for (const m of report.missing) io.out(missingTextMessage(m, t, lang) + '\n');
            io.out(
              t('cli:check.report', {
                lang: options.lang,
                rounding: report.tables.length - tableErrors.length,
              }) + '\n',
            );
            io.out(t('cli:check.summary', { errors, warnings }) + '\n');
          }
          if (errors > 0) exitCode = 1;
        });
      },
    );

  program
    .command('verify-table')
    .description(t('cli:command.verifyTable'))
    .argument('<files...>', t('cli:argument.tables'))
    .option('--year <year>', t('cli:option.year'), year)
    .option('--json', t('cli:option.json'))
    .option('--no-data', t('cli:option.noData'))
    .action(async (files: string[], options: { year?: number; json?: boolean; data: boolean }) => {
      await withStore(async (store) => {
        const municipalityId = await municipalityOf(store);
        const result = await verifyTableFiles(store.db, municipalityId, files, {
          year: options.year,
          compareWithData: options.data,
        });
        if (result.problems.length > 0) {
          for (const problem of result.problems) io.err(formatProblem(problem, t) + '\n');
          exitCode = 1;
          return;
        }
        const errors = result.findings.filter((f) => f.severity === 'error').length;
        if (options.json)
          io.out(
            JSON.stringify(
              { errors, rounding: result.findings.length - errors, findings: result.findings },
              null,
              2,
            ) + '\n',
          );
        else {
          for (const f of result.findings)
            io.out(formatTableFinding(f, t, messageLanguage(globalLang)) + '\n');
          io.out(
            t('cli:verify.summary', { errors, rounding: result.findings.length - errors }) + '\n',
          );
        }
        if (errors > 0) exitCode = 1;
      });
    });

  const context = {
    io,
    t,
    lang: () => messageLanguage(globalLang),
    withStore,
    municipalityOf,
    askedMunicipality: () => program.opts<{ municipality?: string }>().municipality,
    actor,
    fail: () => {
      exitCode = 1;
    },
    year,
  };
  // `npm start`: the demo into an empty database, the central's table, then the web application.
  registerServerCommands(program, context, async (store) => {
    if (!(await hasMunicipalities(store.db))) {
      io.err(t('cli:demo.loading', { location: store.location }) + '\n');
      await loadDemo(store.db, (step) =>
        io.err(
          `  ${basename(step.file)}: ${t('cli:import.done', { records: step.outcome.records, rows: step.outcome.source?.rows ?? 0 })}\n`,
        ),
      );
    }
    const report = await figuresReport(store.db, DEMO_MUNICIPALITY, DEMO_YEAR, DEMO_CENTRAL);
    io.out(renderTextTable(report, 'sv', translate('sv')));
  });
  registerContentCommands(program, context);
  registerProfileCommands(program, context);
  registerYearCommands(program, context);
  registerForecastCommands(program, context);
  registerBudgetCommands(program, context);
  registerDrillCommands(program, context);

  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (error instanceof UtfallError) {
      io.err(errorMessage(error, t, 'cli') + '\n');
      return 2;
    }
    io.err(
      `${t('errors:unexpected', { context: 'cli' })}: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    return 1;
  }
}
