import { describe, expect, it } from 'vitest';
import en from './en.json';
import fi from './fi.json';
import sv from './sv.json';
import { translator } from './index.js';

function leaves(node: unknown, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
    if (typeof value === 'string') out.set(prefix + key, value);
    else for (const [k, v] of leaves(value, `${prefix}${key}.`)) out.set(k, v);
  }
  return out;
}

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('translations', () => {
  const reference = leaves(en);
  for (const [lang, messages] of [
    ['sv', sv],
    ['fi', fi],
  ] as const) {
    it(`${lang} has exactly the keys of en, with the same placeholders`, () => {
      const other = leaves(messages);
      expect([...other.keys()].sort()).toEqual([...reference.keys()].sort());
      for (const [key, text] of reference) {
        // A singular form may leave out {count} ("one minute").
        if (key.endsWith('.one')) continue;
        expect(placeholders(other.get(key) ?? ''), `${lang} ${key}`).toEqual(placeholders(text));
      }
    });
  }

  it('fills placeholders and picks the plural form by count', () => {
    const t = translator('en');
    expect(t('checks.errorCount', { count: 1 })).toBe('1 error');
    expect(t('checks.errorCount', { count: 3 })).toBe('3 errors');
    expect(translator('sv')('overview.shown', { count: 2, total: 19 })).toBe(
      '2 av 19 enheter visas.',
    );
  });
});
