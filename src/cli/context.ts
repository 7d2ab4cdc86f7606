/** What every group of commands is given: where to write, the language, and the database. */
import type { Store } from '../db/open.js';
import type { Language } from '../domain/lines.js';
import type { Translate } from '../i18n/index.js';

export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  isTTY: boolean;
}

export interface CommandContext {
  io: Io;
  t: Translate;
  lang: () => Language;
  withStore: <T>(work: (store: Store) => Promise<T>) => Promise<T>;
  municipalityOf: (store: Store) => Promise<string>;
  fail: () => void;
  year: (value: string) => number;
}
