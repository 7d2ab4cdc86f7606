/** Runs the CLI in-process against a given database, capturing its output. */
import { main } from '../../src/cli/main.js';
import type { Store } from '../../src/db/open.js';

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

export interface CliOptions {
  /**
   * A database already open, used by every command instead of the one the environment names
   * (and left open: the test closes it). Saves opening PGlite's data folder per command.
   */
  store?: Store;
  /** Answers a question the command asks (as on a terminal); without it, none can be asked. */
  ask?: (question: string) => Promise<string>;
}

export async function runCli(
  args: string[],
  env: Record<string, string>,
  options: CliOptions = {},
): Promise<CliRun> {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  let out = '';
  let err = '';
  const { store, ask } = options;
  try {
    const code = await main(
      args,
      {
        out: (t) => void (out += t),
        err: (t) => void (err += t),
        isTTY: false,
        ...(ask ? { ask } : {}),
      },
      store ? () => Promise.resolve({ ...store, close: () => Promise.resolve() }) : undefined,
    );
    return { code, out, err };
  } finally {
    for (const key of Object.keys(env)) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
  }
}
