/**
 * `utfall profile set|list|delete`: the municipality's named budget profiles of a year, which
 * spread a year budget over its months (docs/interim.md).
 */
import type { Command } from 'commander';
import { UtfallError } from '../domain/errors.js';
import { parseWeights } from '../domain/profiles.js';
import { deleteProfile, listProfiles, setProfile } from '../service/profiles.js';
import { resolveYear } from '../service/tenant.js';
import type { Store } from '../service/store.js';
import type { CommandContext } from './context.js';

export function registerProfileCommands(program: Command, ctx: CommandContext): void {
  const { io, t } = ctx;
  const scopeOf = async (store: Store, options: { year?: number }) => {
    const municipalityId = await ctx.municipalityOf(store);
    const year = await resolveYear(store.db, municipalityId, options.year, { existing: true });
    return { municipalityId, year };
  };
  const weightsOption = (value: string): number[] => {
    const weights = parseWeights(value);
    if (!weights) throw new UtfallError('profile.weights', { value });
    return weights;
  };

  const profile = program.command('profile').description(t('cli:command.profile'));
  profile
    .command('set')
    .description(t('cli:command.profileSet'))
    .argument('<name>')
    .requiredOption('--weights <weights>', t('cli:option.profileWeights'), weightsOption)
    .option('--line <line>', t('cli:option.profileLine'))
    .option('--year <year>', t('cli:option.year'), ctx.year)
    .option('--json', t('cli:option.json'))
    .action(
      async (
        name: string,
        options: { weights: number[]; line?: string; year?: number; json?: boolean },
      ) => {
        await ctx.withStore(async (store) => {
          const { municipalityId, year } = await scopeOf(store, options);
          const saved = await setProfile(store.db, await ctx.actor(store), municipalityId, year, {
            name,
            weights: options.weights,
            line: options.line ?? null,
          });
          if (options.json) io.out(JSON.stringify(saved, null, 2) + '\n');
          else
            io.out(
              t('cli:profile.set', {
                name: saved.name,
                year,
                weights: saved.weights.join(','),
                line: saved.line ? t('cli:profile.forLine', { line: saved.line }) : '',
              }) + '\n',
            );
        });
      },
    );
  profile
    .command('list')
    .description(t('cli:command.profileList'))
    .option('--year <year>', t('cli:option.year'), ctx.year)
    .option('--json', t('cli:option.json'))
    .action(async (options: { year?: number; json?: boolean }) => {
      await ctx.withStore(async (store) => {
        const { municipalityId, year } = await scopeOf(store, options);
        const list = await listProfiles(store.db, await ctx.actor(store), municipalityId, year);
        if (options.json) {
          io.out(JSON.stringify(list, null, 2) + '\n');
          return;
        }
        for (const name of list.builtIn) io.out(`${name}\t${t('cli:profile.builtIn')}\n`);
        if (list.profiles.length === 0) io.out(t('cli:profile.none') + '\n');
        for (const p of list.profiles)
          io.out(
            `${p.name}\t${p.weights.join(',')}\t${p.line ?? '–'}\t${p.updatedAt.toISOString()}\t${p.updatedBy}\n`,
          );
      });
    });
  profile
    .command('delete')
    .description(t('cli:command.profileDelete'))
    .argument('<name>')
    .option('--year <year>', t('cli:option.year'), ctx.year)
    .action(async (name: string, options: { year?: number }) => {
      await ctx.withStore(async (store) => {
        const { municipalityId, year } = await scopeOf(store, options);
        await deleteProfile(store.db, await ctx.actor(store), municipalityId, year, name);
        io.out(t('cli:profile.deleted', { name, year }) + '\n');
      });
    });
}
