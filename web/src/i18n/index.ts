/**
 * Every string the application shows comes from here: one JSON file per language (en.json is the
 * reference; sv.json and fi.json must have every one of its keys, which the type of MESSAGES
 * checks at compile time). Placeholders are `{name}`; a message with forms by number is an object
 * `{ "one": …, "other": … }` chosen by the `count` parameter (in sv, fi and en alike, "one" is
 * for exactly 1; no Intl.PluralRules, whose locale data costs the first page load time).
 */
import { createContext, useContext } from 'react';
import en from './en.json';
import fi from './fi.json';
import sv from './sv.json';

// The languages are the domain's (src/domain/lines.ts), the same list as the reports and the CLI.
import { LANGUAGES, type Language } from '../../../src/domain/lines.js';

export { LANGUAGES, type Language };

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

type Messages = typeof en;

type PluralForm = 'zero' | 'one' | 'two' | 'few' | 'many' | 'other';

/** Dotted paths of the leaves (strings, and plural objects: only plural forms as keys). */
type Paths<T> = {
  [K in keyof T & string]: T[K] extends string
    ? K
    : T[K] extends { other: string }
      ? [Exclude<keyof T[K], PluralForm>] extends [never]
        ? K
        : `${K}.${Paths<T[K]>}`
      : `${K}.${Paths<T[K]>}`;
}[keyof T & string];

export type MessageKey = Paths<Messages>;
export type Params = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: Params) => string;

// Assigning to Messages fails to compile when sv or fi lacks a key of en.
const MESSAGES: Record<Language, Messages> = { en, sv, fi };

function lookup(messages: unknown, key: string): unknown {
  let node: unknown = messages;
  for (const part of key.split('.')) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

function interpolate(template: string, params: Params | undefined): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/** A translate function for one language. */
export function translator(lang: Language): Translate {
  return (key, params) => {
    let message = lookup(MESSAGES[lang], key) ?? lookup(MESSAGES.en, key);
    if (typeof message === 'object' && message !== null) {
      const forms = message as Record<string, string>;
      const count = Number(params?.count ?? 0);
      message = (count === 1 ? forms.one : undefined) ?? forms.other;
    }
    return typeof message === 'string' ? interpolate(message, params) : key;
  };
}

/** The cookie that tells the server the chosen language (src/server/web.ts reads it). */
export const LANGUAGE_COOKIE = 'utfall_lang';

/** The language chosen here before, else the one the browser prefers among ours, else Swedish. */
export function preferredLanguage(): Language {
  try {
    const stored = localStorage.getItem('utfall.lang');
    if (isLanguage(stored)) return stored;
  } catch {
    // storage may be unavailable (private mode); fall through
  }
  for (const tag of navigator.languages) {
    const base = tag.slice(0, 2).toLowerCase();
    if (isLanguage(base)) return base;
  }
  return 'sv';
}

/** Remembers the choice here and for the server, which renders the first screen in it. */
export function rememberLanguage(lang: Language): void {
  document.cookie = `${LANGUAGE_COOKIE}=${lang}; path=/; max-age=31536000; samesite=lax`;
  try {
    localStorage.setItem('utfall.lang', lang);
  } catch {
    // not remembered here; the cookie still tells the server
  }
}

export interface I18n {
  lang: Language;
  t: Translate;
  setLang: (lang: Language) => void;
}

export const I18nContext = createContext<I18n>({
  lang: 'en',
  t: translator('en'),
  setLang: () => undefined,
});

/** The current language and its translate function. */
export function useI18n(): I18n {
  return useContext(I18nContext);
}

/** A name given in each language (units, lines), in the current one. */
export function pick(names: Partial<Record<Language, string>>, lang: Language): string {
  return names[lang] || names.sv || names.fi || names.en || '';
}
