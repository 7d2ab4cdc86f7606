/**
 * Every user-visible string goes through here. Resources are JSON per language and concern:
 * src/i18n/locales/<lang>/<namespace>.json. Keys are looked up as "namespace:key".
 */
import i18next, { type i18n, type Resource, type ResourceLanguage, type TOptions } from 'i18next';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LANGUAGES, LINES, type Language } from '../domain/lines.js';

const here = dirname(fileURLToPath(import.meta.url));
/** The locale JSON lives beside the sources; the build reads it from src as well. */
const localesDir = [join(here, 'locales'), join(here, '..', '..', 'src', 'i18n', 'locales')].find(
  (dir) => {
    try {
      return readdirSync(dir).length > 0;
    } catch {
      return false;
    }
  },
);

function loadResources(): Resource {
  if (!localesDir) throw new Error('translation files not found (src/i18n/locales)');
  const resources: Resource = {};
  for (const lang of LANGUAGES) {
    const namespaces: ResourceLanguage = {};
    for (const file of readdirSync(join(localesDir, lang))) {
      if (!file.endsWith('.json')) continue;
      namespaces[file.slice(0, -5)] = JSON.parse(
        readFileSync(join(localesDir, lang, file), 'utf8'),
      ) as ResourceLanguage;
    }
    // Line names live with the lines (domain/lines.ts); messages name a line as $t(lines:<code>).
    namespaces.lines = Object.fromEntries(LINES.map((line) => [line.code, line.names[lang]]));
    resources[lang] = namespaces;
  }
  return resources;
}

let instance: i18n | undefined;

function translator(): i18n {
  if (!instance) {
    instance = i18next.createInstance();
    void instance.init({
      initAsync: false,
      resources: loadResources(),
      lng: 'en',
      fallbackLng: 'en',
      interpolation: { escapeValue: false },
      returnNull: false,
    });
  }
  return instance;
}

/** A translate function bound to one language. */
export type Translate = (key: string, params?: TOptions) => string;

export function translate(lang: Language): Translate {
  const t = translator().getFixedT(lang);
  return (key, params) => t(key, params ?? {});
}

export function isLanguage(value: string): value is Language {
  return (LANGUAGES as readonly string[]).includes(value);
}

/** The first language of an Accept-Language header that Utfall has, or null. */
export function acceptedLanguage(header: string | undefined): Language | null {
  for (const part of (header ?? '').split(',')) {
    const tag = part.split(';')[0]?.trim().slice(0, 2).toLowerCase() ?? '';
    if (isLanguage(tag)) return tag;
  }
  return null;
}
