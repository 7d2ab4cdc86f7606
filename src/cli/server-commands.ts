/**
 * `utfall serve`, `utfall user add|list|set`, `utfall municipality create|list` and the demo's
 * `start`: the web application's commands.
 */
import { Option, type Command } from 'commander';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Store } from '../service/store.js';
import { ensureDemoUsers, DEMO_USERS } from '../service/demo.js';
import {
  changeUserAs,
  createMunicipalityAs,
  createUserAs,
  ROLES,
  usersFor,
  type Role,
  type User,
} from '../service/users.js';
import { municipalitiesFor } from '../service/tenant.js';
import type { CommandContext } from './context.js';
import { LOG_FORMATS, requestLogger, type LogFormat } from './request-log.js';
import { UtfallError } from '../domain/errors.js';

export const DEFAULT_PORT = 3000;

function readPasswordFromStdin(): Promise<string> {
  return Promise.resolve(readFileSync(0, 'utf8').replace(/\r?\n$/, ''));
}

export interface ServeOptions {
  port: number;
  host: string;
  secureCookies: boolean;
  log: boolean;
  logFormat: LogFormat;
}

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new UtfallError('server.badPort', { value });
  return n;
}

/** Serves until the process is stopped; closes the database on SIGINT/SIGTERM. */
export async function serve(
  store: Store,
  options: ServeOptions,
  context: Pick<CommandContext, 'io' | 't'>,
): Promise<void> {
  // The server (Fastify and its plugins) loads when it is started, not with every command.
  const { buildServer } = await import('../server/app.js');
  const app = await buildServer({
    store,
    logger: options.log ? requestLogger(options.logFormat, context.io.out) : false,
    secureCookies: options.secureCookies,
  });
  const address = await app.listen({ port: options.port, host: options.host });
  context.io.err(
    context.t('server:cli.listening', { address: address.replace('127.0.0.1', 'localhost') }) +
      '\n',
  );
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      void app.close().then(() => resolve());
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

function serveOptions(command: Command): Command {
  return command
    .option('--port <port>', 'TCP port', port, DEFAULT_PORT)
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--secure-cookies', 'mark cookies Secure (when served over https)', false)
    .option('--no-log', 'no request log')
    .addOption(
      new Option('--log-format <format>', 'request log: readable lines (text) or JSON lines (json)')
        .choices(LOG_FORMATS)
        .env('UTFALL_LOG_FORMAT')
        .default('text'),
    );
}

export function registerServerCommands(
  program: Command,
  context: CommandContext,
  start: (store: Store) => Promise<void>,
): void {
  const { io, t, withStore } = context;

  serveOptions(program.command('start').description(t('cli:command.start')))
    .option('--no-serve', t('server:cli.noServe'))
    .action(async (options: ServeOptions & { serve: boolean }) => {
      await withStore(async (store) => {
        await start(store);
        await ensureDemoUsers(store.db);
        io.err(t('server:cli.demoUsers') + '\n');
        for (const user of DEMO_USERS) {
          io.err(`  ${user.role.padEnd(8)} ${user.username.padEnd(8)} ${user.password}\n`);
        }
        if (options.serve) await serve(store, options, context);
      });
    });

  serveOptions(program.command('serve').description(t('server:cli.serve'))).action(
    async (options: ServeOptions) => {
      await withStore((store) => serve(store, options, context));
    },
  );

  const user = program.command('user').description(t('server:cli.user'));
  user
    .command('add <username>')
    .description(t('server:cli.userAdd'))
    .addOption(
      new Option(
        '--role <role>',
        'admin, finance, editor or reader, in the municipality of --municipality (default: the only one you manage; admin)',
      ).choices(ROLES),
    )
    .option('--name <name>', 'display name')
    .option('--units <codes>', 'editor: unit codes, comma-separated')
    .option(
      '--installation-admin',
      'an installation administrator: creates municipalities, admin in every one',
    )
    .option(
      '--password-stdin',
      'read the password from standard input (else one is generated and printed)',
    )
    .action(
      async (
        username: string,
        options: {
          role?: Role;
          name?: string;
          units?: string;
          installationAdmin?: boolean;
          passwordStdin?: boolean;
        },
      ) => {
        const password = options.passwordStdin
          ? await readPasswordFromStdin()
          : randomBytes(12).toString('base64url');
        await withStore(async (store) => {
          const role = options.role ?? (options.installationAdmin ? undefined : 'admin');
          const created = await createUserAs(store.db, await context.actor(store), {
            username,
            displayName: options.name ?? username,
            role,
            password,
            municipality: context.askedMunicipality(),
            units: options.units ? codes(options.units) : undefined,
            installationAdmin: options.installationAdmin,
          });
          io.out(
            t('server:cli.userCreated', { user: created.username, role: created.role }) + '\n',
          );
          if (!options.passwordStdin) io.out(t('server:cli.password', { password }) + '\n');
        });
      },
    );
  user
    .command('list')
    .description(t('server:cli.userList'))
    .option('--json', 'as JSON')
    .action(async (options: { json?: boolean }) => {
      await withStore(async (store) => {
        const users = await usersFor(store.db, await context.actor(store));
        if (options.json) {
          io.out(JSON.stringify(users, null, 2) + '\n');
          return;
        }
        for (const u of users) io.out(userLine(u) + '\n');
      });
    });
  user
    .command('set <username>')
    .description(t('server:cli.userSet'))
    .addOption(
      new Option(
        '--role <role>',
        'admin, finance, editor or reader, in the municipality of --municipality (default: the only one you manage)',
      ).choices(ROLES),
    )
    .option('--units <codes>', 'editor: unit codes, comma-separated')
    .option('--leave', 'no longer a member of the municipality of --municipality')
    .option('--installation-admin', 'make them an installation administrator')
    .option('--no-installation-admin', 'no longer an installation administrator')
    .option('--password-stdin', 'read a new password from standard input')
    .option('--disable', 'disable the account and end its sessions')
    .option('--enable', 'enable the account')
    .action(
      async (
        username: string,
        options: {
          role?: Role;
          units?: string;
          leave?: boolean;
          installationAdmin?: boolean;
          passwordStdin?: boolean;
          disable?: boolean;
          enable?: boolean;
        },
      ) => {
        const password = options.passwordStdin ? await readPasswordFromStdin() : undefined;
        await withStore(async (store) => {
          const asked = context.askedMunicipality();
          const leave = options.leave
            ? { [asked ?? (await context.municipalityOf(store))]: null }
            : undefined;
          const updated = await changeUserAs(store.db, await context.actor(store), username, {
            role: options.role,
            password,
            municipality: asked,
            memberships: leave,
            units: options.units !== undefined ? codes(options.units) : undefined,
            installationAdmin: options.installationAdmin,
            disabled: options.disable ? true : options.enable ? false : undefined,
          });
          io.out(
            t('server:cli.userUpdated', { user: updated.username, role: updated.role }) + '\n',
          );
        });
      },
    );

  const municipality = program.command('municipality').description(t('server:cli.municipality'));
  municipality
    .command('create <id>')
    .description(t('server:cli.municipalityCreate'))
    .requiredOption('--name <name>', "the municipality's name")
    .option('--admin <username>', 'its first admin: an existing user, or a new one')
    .option('--admin-name <name>', "a new admin's display name")
    .option(
      '--password-stdin',
      "read a new admin's password from standard input (else one is generated and printed)",
    )
    .action(
      async (
        id: string,
        options: { name: string; admin?: string; adminName?: string; passwordStdin?: boolean },
      ) => {
        await withStore(async (store) => {
          const existing = options.admin
            ? (await usersFor(store.db, await context.actor(store)).catch(() => [])).some(
                (u) => u.username === options.admin,
              )
            : false;
          const password =
            options.admin && !existing
              ? options.passwordStdin
                ? await readPasswordFromStdin()
                : randomBytes(12).toString('base64url')
              : undefined;
          const created = await createMunicipalityAs(store.db, await context.actor(store), {
            id,
            name: options.name,
            admin: options.admin
              ? {
                  username: options.admin,
                  displayName: options.adminName ?? options.admin,
                  password,
                }
              : undefined,
          });
          io.out(
            t('server:cli.municipalityCreated', { id: created.id, name: created.name }) + '\n',
          );
          if (created.admin) {
            io.out(
              t('server:cli.userUpdated', { user: created.admin.username, role: 'admin' }) + '\n',
            );
            if (password && !options.passwordStdin)
              io.out(t('server:cli.password', { password }) + '\n');
          }
        });
      },
    );
  municipality
    .command('list')
    .description(t('server:cli.municipalityList'))
    .action(async () => {
      await withStore(async (store) => {
        for (const m of await municipalitiesFor(store.db, await context.actor(store))) {
          io.out(`${m.id}\t${m.name}\t${m.years.join(',')}\n`);
        }
      });
    });
}

function codes(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * A user as `utfall user list` prints them: name, highest role, display name, memberships
 * (`lovisa:editor`, `*` first for an installation administrator), units, `-` when disabled.
 */
function userLine(u: User): string {
  const memberships = [
    ...(u.installationAdmin ? ['*'] : []),
    ...Object.entries(u.memberships).map(([id, m]) => `${id}:${m.role}`),
  ].join(',');
  const units = Object.values(u.units).flat().join(',');
  return `${u.username}\t${u.role}\t${u.displayName}\t${memberships}${units ? `\t${units}` : ''}${u.disabled ? '\t-' : ''}`;
}
