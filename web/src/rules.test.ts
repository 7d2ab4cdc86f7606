/**
 * The web applies the domain's rules, not copies of them: amounts typed into the web's fields are
 * read as an import reads them, figures print as the reports and the CLI print them, and a breach
 * is the overview's and the checks' breach.
 */
import { describe, expect, it } from 'vitest';
import { isBreach } from '../../src/domain/checks.js';
import type { BindingFigures } from '../../src/api/pages.js';
import { formatEuros, parseEurosToCents } from './format.js';

describe('amount fields read euros as imports do', () => {
  it.each(['1.234', '12,345', '0,001'])('refuses %j (more than two decimals)', (text) => {
    expect(parseEurosToCents(text)).toBeNull();
  });
});

describe('figures print as the reports and the CLI print them', () => {
  it('prints an English figure Nordic style, the same string as the report and the CLI', () => {
    // test/report/text.test.ts and test/cli/cli.test.ts assert the same string for these cents.
    expect(formatEuros(-413645800, 'en')).toBe('\u22124\u00a0136\u00a0458');
    expect(formatEuros(-413645800)).toBe('\u22124\u00a0136\u00a0458');
  });
});

describe('breach', () => {
  const binding = (figures: Partial<BindingFigures>): BindingFigures => ({
    line: 'margin',
    bound: true,
    budget: -100000,
    changes: 0,
    revised: -100000,
    actual: -120000,
    deviation: -20000,
    usePercent: 120,
    ...figures,
  });

  it('flags a stated binding worse than its revised budget', () => {
    expect(isBreach(binding({}))).toBe(true);
  });

  it('does not flag a unit without a revised budget, nor the margin shown in its place', () => {
    expect(isBreach(binding({ budget: null, revised: null, usePercent: null }))).toBe(false);
    expect(isBreach(binding({ bound: false }))).toBe(false);
  });
});
