/**
 * `utfall forecast list|set`: a unit's forecast for the year at an interim period, and entering
 * one, through the same service as the web (checked against the period's workflow, audited);
 * and `utfall import forecast FILE --period YYYY-MM`, a file of them (importForecastFiles).
 */
import type { Command } from 'commander';
import { parseAmount } from '../domain/amount.js';
import { UtfallError } from '../domain/errors.js';
import { formatCents, formatEuros, formatPercent } from '../domain/format.js';
import { lineDefinition } from '../domain/lines.js';
import { parsePeriod } from '../domain/period.js';
import { formatProblem } from '../import/index.js';
import { importForecasts, type ForecastImportOutcome } from '../service/forecast-import.js';
import { forecastForm, setForecast } from '../service/forecasts.js';
import { resolveYear, unitNamed } from '../service/tenant.js';
import type { CommandContext } from './context.js';

/**
 * `utfall import forecast FILE… --period YYYY-MM`: each file all or nothing, as the user
 * UTFALL_USER names (an editor imports their units' rows only). Prints the problems as the other
 * imports do, else every forecast of the file by unit: before → after.
 */
export async function importForecastFiles(
  ctx: CommandContext,
  files: readonly string[],
  options: {
    period?: string;
    year?: number;
    sign: 'report' | 'accounting';
    dryRun?: boolean;
    json?: boolean;
  },
): Promise<void> {
  const { io, t } = ctx;
  if (options.period === undefined) throw new UtfallError('forecast.periodMissing');
  const period = parsePeriod(options.period, options.year);
  await ctx.withStore(async (store) => {
    const municipalityId = await ctx.municipalityOf(store);
    const year = await resolveYear(store.db, municipalityId, period.year, { existing: true });
    const outcomes: ForecastImportOutcome[] = [];
    for (const file of files) {
      const outcome = await importForecasts(
        store.db,
        {
          municipalityId,
          year,
          period: period.month,
          file,
          sign: options.sign,
          dryRun: options.dryRun,
        },
        await ctx.actor(store),
      );
      outcomes.push(outcome);
      if (options.json) continue;
      for (const problem of outcome.problems) io.err(formatProblem(problem, t) + '\n');
      if (outcome.problemCount > outcome.problems.length)
        io.err(
          t('cli:import.moreProblems', {
            count: outcome.problemCount - outcome.problems.length,
          }) + '\n',
        );
      if (!outcome.ok) {
        io.err(t('cli:import.rejected', { file, count: outcome.problemCount }) + '\n');
        continue;
      }
      const lang = ctx.lang();
      const money = (amount: number | null) => (amount === null ? '–' : formatCents(amount, lang));
      const changed = outcome.forecasts.filter((f) => f.before !== f.after).length;
      io.out(
        t(outcome.written ? 'cli:import.forecastWritten' : 'cli:import.forecastDryRun', {
          file,
          records: outcome.records,
          changed,
          month: period.month,
          year,
        }) + '\n',
      );
      for (const f of outcome.forecasts)
        io.out(
          `  ${f.unit}\t${lineDefinition(f.line).names[lang]}\t${money(f.before)} → ${money(f.after)}` +
            (f.before === f.after ? `\t${t('cli:import.forecastUnchanged')}` : '') +
            '\n',
        );
    }
    if (options.json) io.out(JSON.stringify(outcomes, null, 2) + '\n');
    if (outcomes.some((o) => !o.ok)) ctx.fail();
  });
}

export function registerForecastCommands(program: Command, ctx: CommandContext): void {
  const { io, t } = ctx;
  const forecast = program.command('forecast').description(t('cli:command.forecast'));

  forecast
    .command('list')
    .description(t('cli:command.forecastList'))
    .requiredOption('--period <yyyy-mm>', t('cli:option.forecastPeriod'))
    .requiredOption('--unit <code>', t('cli:option.unit'))
    .option('--json', t('cli:option.json'))
    .action(async (options: { period: string; unit: string; json?: boolean }) => {
      const period = parsePeriod(options.period);
      await ctx.withStore(async (store) => {
        const municipalityId = await ctx.municipalityOf(store);
        const year = await resolveYear(store.db, municipalityId, period.year, { existing: true });
        const unitCode = (await unitNamed(store.db, municipalityId, year, options.unit)).code;
        const form = await forecastForm(store.db, await ctx.actor(store), {
          municipalityId,
          year,
          unitCode,
          period: period.month,
        });
        if (options.json) {
          io.out(JSON.stringify(form, null, 2) + '\n');
          return;
        }
        const lang = ctx.lang();
        const rows = form.lines
          .filter((l) => l.revised !== null || l.actual !== null || l.forecast !== null)
          .map((l) => [
            lineDefinition(l.code).names[lang],
            formatEuros(l.revised, lang),
            formatEuros(l.actual, lang),
            formatPercent(l.useRate, lang),
            formatEuros(l.forecast, lang),
            formatEuros(l.forecastDeviation, lang),
            l.own
              ? t('cli:forecast.by', { by: l.own.updatedBy })
              : l.entered
                ? t('cli:forecast.below')
                : '',
          ]);
        const headers = [
          '',
          ...['revised', 'actual', 'useRate', 'forecast', 'forecastDeviation'].map((c) =>
            t(`cli:forecast.column.${c}`),
          ),
          '',
        ];
        const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
        const line = (cells: string[]) =>
          cells
            .map((c, i) =>
              i === 0 || i === cells.length - 1 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!),
            )
            .join('  ')
            .trimEnd();
        io.out(t('cli:forecast.title', { unit: unitCode, month: period.month, year }) + '\n');
        io.out([line(headers), ...rows.map(line)].join('\n') + '\n');
      });
    });

  forecast
    .command('set')
    .description(t('cli:command.forecastSet'))
    .requiredOption('--period <yyyy-mm>', t('cli:option.forecastPeriod'))
    .requiredOption('--unit <code>', t('cli:option.unit'))
    .requiredOption('--line <line>', t('cli:option.forecastLine'))
    .option('--amount <euros>', t('cli:option.forecastAmount'))
    .option('--clear', t('cli:option.forecastClear'))
    .action(
      async (options: {
        period: string;
        unit: string;
        line: string;
        amount?: string;
        clear?: boolean;
      }) => {
        const period = parsePeriod(options.period);
        if ((options.amount === undefined) === !options.clear)
          throw new UtfallError('forecast.amountOrClear');
        const amount = options.clear ? null : parseAmount(options.amount ?? '');
        if (!options.clear && amount === null)
          throw new UtfallError('forecast.amountText', { value: options.amount ?? '' });
        await ctx.withStore(async (store) => {
          const municipalityId = await ctx.municipalityOf(store);
          const year = await resolveYear(store.db, municipalityId, period.year, {
            existing: true,
          });
          const unitCode = (await unitNamed(store.db, municipalityId, year, options.unit)).code;
          await setForecast(
            store.db,
            { municipalityId, year, unitCode, period: period.month },
            { line: options.line, amount },
            await ctx.actor(store),
          );
          io.out(
            t(amount === null ? 'cli:forecast.cleared' : 'cli:forecast.saved', {
              unit: unitCode,
              line: options.line,
              month: period.month,
              year,
              amount: amount === null ? '' : formatEuros(amount, ctx.lang()),
            }) + '\n',
          );
        });
      },
    );
}
