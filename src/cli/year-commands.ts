/** `utfall year start YEAR --from FROM`: a fiscal year started from an earlier one. */
import type { Command } from 'commander';
import { YEAR_START_PARTS } from '../domain/year-start.js';
import { startYear } from '../service/year-start.js';
import type { CommandContext } from './context.js';

export function registerYearCommands(program: Command, ctx: CommandContext): void {
  const { io, t } = ctx;
  const yearCommand = program.command('year').description(t('cli:command.year'));
  yearCommand
    .command('start')
    .description(t('cli:command.yearStart'))
    .argument('<year>', t('cli:argument.newYear'), ctx.year)
    .requiredOption('--from <year>', t('cli:option.from'), ctx.year)
    .option('--json', t('cli:option.json'))
    .action(async (year: number, options: { from: number; json?: boolean }) => {
      await ctx.withStore(async (store) => {
        const municipalityId = await ctx.municipalityOf(store);
        const started = await startYear(
          store.db,
          { municipalityId, year, from: options.from },
          await ctx.actor(store),
        );
        if (options.json) {
          io.out(JSON.stringify(started, null, 2) + '\n');
          return;
        }
        const width = Math.max(...YEAR_START_PARTS.map((p) => String(started.copied[p]).length));
        io.out(
          t('cli:year.started', { year, from: options.from, municipality: municipalityId }) + '\n',
        );
        for (const part of YEAR_START_PARTS)
          io.out(
            `  ${String(started.copied[part]).padStart(width)}  ${t(`cli:year.part.${part}`)}\n`,
          );
        io.out(t('cli:year.notCopied') + '\n');
      });
    });
}
