/** Runs the CLI in-process against a given database, capturing its output. */
import { main } from '../../src/cli/main.js';

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

export async function runCli(args: string[], env: Record<string, string>): Promise<CliRun> {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  let out = '';
  let err = '';
  try {
    const code = await main(args, {
      out: (t) => void (out += t),
      err: (t) => void (err += t),
      isTTY: false,
    });
    return { code, out, err };
  } finally {
    for (const key of Object.keys(env)) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
  }
}
