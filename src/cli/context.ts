/** What every group of commands is given: where to write, the language, and the database. */
import type { Actor } from '../domain/access.js';
import type { Store } from '../service/store.js';
import type { Language } from '../domain/lines.js';
import type { Translate } from '../i18n/index.js';
import { createInterface } from 'node:readline/promises';
import { parsePeriod } from '../domain/period.js';

export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  isTTY: boolean;
  /** Asks a question and gives the answer; absent where no one can answer (stdin no terminal). */
  ask?: (question: string) => Promise<string>;
}

/** A question on the terminal: asked on standard error, answered on standard input. */
export async function askOnTerminal(question: string): Promise<string> {
  const terminal = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return await terminal.question(question);
  } finally {
    terminal.close();
  }
}

export interface CommandContext {
  io: Io;
  t: Translate;
  lang: () => Language;
  withStore: <T>(work: (store: Store) => Promise<T>) => Promise<T>;
  municipalityOf: (store: Store) => Promise<string>;
  /** The municipality `--municipality` names, if any (without resolving the only one). */
  askedMunicipality: () => string | undefined;
  /** Who the command acts as: the user UTFALL_USER names, else the system actor. */
  actor: (store: Store) => Promise<Actor>;
  fail: () => void;
  year: (value: string) => number;
}

/** `--period YYYY-MM` read and checked against `--year` (parsePeriod's errors); undefined without it. */
export function periodOption(options: {
  year?: number;
  period?: string;
}): { year: number; month: number } | undefined {
  return options.period === undefined
    ? undefined
    : parsePeriod(options.period, options.year === undefined ? undefined : Number(options.year));
}
