/**
 * Counts in the server's messages (CLI, errors, reports, checks) come with their singular: a
 * key whose text puts a word after `{{count}}` has a `_one` form beside it in every language, so
 * that "1 varningar", "1 lukua" or "1 figures" cannot be printed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../src/domain/lines.js';
import { translate } from '../../src/i18n/index.js';

const LOCALES = join(import.meta.dirname, '..', '..', 'src', 'i18n', 'locales');
type Tree = { [key: string]: Tree | string };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    if (typeof value === 'string') out.set(prefix + key, value);
    else for (const [k, v] of flatten(value, `${prefix}${key}.`)) out.set(k, v);
  }
  return out;
}

const PLURAL = /_(zero|one|two|few|many|other)$/;

const WEB = join(import.meta.dirname, '..', '..', 'web', 'src', 'i18n');

/** The keys that print a word after a count and have no singular beside them. */
function lackingSingular(path: string): string[] {
  const keys = flatten(JSON.parse(readFileSync(path, 'utf8')) as Tree);
  return [...keys]
    .filter(([key, text]) => {
      if (key.endsWith('_other')) return true; // a plural form needs its _one
      return !PLURAL.test(key) && /\{\{count\}\}\s+\p{L}/u.test(text);
    })
    .map(([key]) => key.replace(/_other$/, ''))
    .filter((key) => !keys.has(`${key}_one`));
}

describe.each(LANGUAGES)('counts in %s', (lang) => {
  for (const file of readdirSync(join(LOCALES, lang))) {
    it(`${file}: every "{{count}} word" has a singular`, () => {
      expect(lackingSingular(join(LOCALES, lang, file))).toEqual([]);
    });
  }
  it(`the web's ${lang}.json: every "{count} word" is a plural with its singular`, () => {
    // The web's own format: `{count}`, and plurals as an object of `one` and `other`.
    const keys = flatten(JSON.parse(readFileSync(join(WEB, `${lang}.json`), 'utf8')) as Tree);
    const lacking = [...keys]
      .filter(([key, text]) =>
        key.endsWith('.other') && text.includes('{count}')
          ? !keys.has(key.replace(/other$/, 'one'))
          : !/\.(zero|one|two|few|many)$/.test(key) && /\{count\}\s+\p{L}/u.test(text),
      )
      .map(([key]) => key);
    expect(lacking).toEqual([]);
  });
});

describe('a refused change to frozen figures', () => {
  const params = { units: 'STK', period: '8', unit: 'STK', what: 'risks', line: 'otherCosts' };
  it.each([
    ['fi', 'muuttanut 1 luvun', 'muuttanut 2 lukua'],
    ['sv', 'ändrat 1 belopp', 'ändrat 2 belopp'],
    ['en', 'altered 1 figure,', 'altered 2 figures,'],
  ] as const)('counts its figures in %s', (lang, one, two) => {
    const t = translate(lang);
    const what = { ...params, what: 'budget', month: 1, before: '1', after: '2' };
    expect(t('errors:frozen.changed', { ...what, count: 1 })).toContain(one);
    expect(t('errors:frozen.changed', { ...what, count: 2, context: 'cli' })).toContain(two);
    expect(t('errors:frozen.changedOther', { ...params, count: 1 })).not.toMatch(
      /1 (details|tietoa|uppgifter)/,
    );
  });
});
