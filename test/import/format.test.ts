import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HEADERS } from '../../src/domain/import-kinds.js';
import { LANGUAGES } from '../../src/domain/lines.js';
import { translate } from '../../src/i18n/index.js';
import { parseBudget } from '../../src/import/budget.js';
import { formatProblem, PROBLEM_CODES, problem } from '../../src/import/problems.js';
import { BAD, context } from './context.js';

type Json = { [key: string]: Json | string };

function lookup(tree: Json, dotted: string): unknown {
  let node: Json | string | undefined = tree;
  for (const part of dotted.split('.')) {
    node = typeof node === 'object' ? node[part] : undefined;
  }
  return node;
}

describe('translations of import problems', () => {
  it.each(LANGUAGES)('%s has a message and an expectation for every problem code', (lang) => {
    const json = JSON.parse(readFileSync(`src/i18n/locales/${lang}/import.json`, 'utf8')) as Json;
    for (const code of PROBLEM_CODES) {
      expect(typeof lookup(json, `problem.${code}`), `${lang} problem.${code}`).toBe('string');
      expect(typeof lookup(json, `expected.${code}`), `${lang} expected.${code}`).toBe('string');
    }
    for (const field of Object.values(HEADERS).flatMap((fields) => Object.keys(fields))) {
      expect(typeof lookup(json, `field.${field}`), `${lang} field.${field}`).toBe('string');
    }
    for (const key of ['format.row', 'format.column', 'format.expected']) {
      expect(typeof lookup(json, key), `${lang} ${key}`).toBe('string');
    }
  });
});

describe('formatProblem', () => {
  const amount = problem('budget.csv', 14, 'belopp', '12,3x', 'amount.invalid');

  it('writes one Swedish line', () => {
    expect(formatProblem(amount, translate('sv'))).toBe(
      'budget.csv, rad 14, kolumn "belopp": "12,3x" är inte ett belopp (väntat: ett belopp som -1 234,56)',
    );
  });

  it('writes one Finnish line', () => {
    expect(formatProblem(amount, translate('fi'))).toBe(
      'budget.csv, rivi 14, sarake "belopp": "12,3x" ei ole rahamäärä (odotettiin: rahamäärä kuten -1 234,56)',
    );
  });

  it('writes one English line', () => {
    expect(formatProblem(amount, translate('en'))).toBe(
      'budget.csv, row 14, column "belopp": "12,3x" is not an amount (expected: an amount like -1 234,56)',
    );
  });

  it('names a field in words, not by its code', () => {
    const unmatched = problem('erp.csv', 1, null, 'Summa', 'header.unmatched', { field: 'amount' });
    expect(formatProblem(unmatched, translate('sv'))).toBe(
      'erp.csv, rad 1: filen har ingen kolumn "Summa" (vald för belopp) (väntat: en kolumn i rubrikraden för belopp)',
    );
    expect(formatProblem(unmatched, translate('fi'))).not.toContain('amount');
  });

  it('leaves out row and column for file-level problems and fills parameters', () => {
    const damaged = problem('b.xlsx', null, null, null, 'file.damaged', { reason: 'truncated' });
    expect(formatProblem(damaged, translate('en'))).toBe(
      'b.xlsx: the workbook is damaged or incomplete (truncated) (expected: a complete, undamaged XLSX workbook)',
    );
    const year = problem('l.csv', 3, 'datum', '31.12.2022', 'date.otherYear', { year: 2023 });
    expect(formatProblem(year, translate('sv'))).toBe(
      'l.csv, rad 3, kolumn "datum": "31.12.2022" hör inte till räkenskapsåret 2023 (väntat: ett datum år 2023)',
    );
  });

  it('keeps the English expectation in the problem', () => {
    expect(amount.expected).toBe('an amount like -1 234,56');
    expect(problem('x', 1, 'a', 'b', 'code.duplicate', { first: 2 }).expected).toBe(
      'each unit once (first on row 2)',
    );
  });

  it('formats every problem of a real file in every language', async () => {
    const result = await parseBudget(`${BAD}/text-in-amount.csv`, context());
    for (const lang of LANGUAGES) {
      const lines = result.problems.map((p) => formatProblem(p, translate(lang)));
      expect(lines).toHaveLength(1);
      expect(lines[0]).not.toMatch(/\{\{|problem\.|expected\./);
    }
  });
});
