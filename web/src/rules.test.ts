/**
 * The web applies the domain's rules, not copies of them: amounts typed into the web's fields are
 * read as an import reads them, figures print as the reports and the CLI print them, and a breach
 * is the overview's and the checks' breach; at an interim period the web writes the period's own
 * content and proposes the interim report's forecast sentences.
 */
import { describe, expect, it } from 'vitest';
import { isBreach } from '../../src/domain/checks.js';
import type { BindingFigures, FigureLine } from '../../src/api/pages.js';
import type { Cents } from '../../src/domain/money.js';
import type { LineFigures } from '../../src/domain/model.js';
import {
  DEFAULT_OUTCOME_SETTINGS,
  forecastLines,
  proposeOutcome,
} from '../../src/domain/outcome.js';
import { periodQuery } from './api.js';
import { outcomeProposals } from './components/figure-picker.js';
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

describe('an interim period is the interim report’s', () => {
  const line = (code: FigureLine['code'], revised: number, actual: number): FigureLine => ({
    code,
    label: { sv: code, fi: code, en: code },
    budget: revised,
    changes: 0,
    revised,
    actual,
    // To date: the budget to date is two thirds of the year's.
    revisedToDate: Math.round((revised * 2) / 3),
    deviation: actual - Math.round((revised * 2) / 3),
    usePercent: null,
    forecast: actual + Math.round(revised / 3),
    forecastDeviation: actual + Math.round(revised / 3) - revised,
    binding: code === 'margin',
  });

  it('writes the texts, goals and workflow with the page’s period, the year’s without one', () => {
    expect(periodQuery(2023, 8)).toBe('?period=2023-08');
    expect(periodQuery(2023, 11)).toBe('?period=2023-11');
    expect(periodQuery(2023, 12)).toBe('');
  });

  it('proposes the forecast sentences the interim report proposes', () => {
    const lines = [
      line('revenue', 1_000_000_00, 600_000_00),
      line('costs', -3_000_000_00, -2_100_000_00),
      line('margin', -2_000_000_00, -1_500_000_00),
    ];
    const expected = proposeOutcome(
      forecastLines(
        lines.map((l) => ({
          code: l.code,
          revised: l.revised as Cents,
          forecast: l.forecast as Cents,
          forecastDeviation: l.forecastDeviation as Cents,
        })),
      ),
      DEFAULT_OUTCOME_SETTINGS,
      'forecast',
    );
    const proposed = outcomeProposals(lines);
    expect(proposed.margin).toEqual(expected.find((p) => p.topic === 'margin')!.text);
    // The year's page (no forecasts) proposes the year's outcome, against the revised budget.
    const year = lines.map(
      ({ revisedToDate: _r, usePercent: _u, forecast: _f, forecastDeviation: _d, ...l }) => ({
        ...l,
        deviation: l.actual! - l.revised!,
      }),
    );
    const annual = proposeOutcome(year as unknown as LineFigures[]).find(
      (p) => p.topic === 'margin',
    )!.text;
    expect(outcomeProposals(year).margin).toEqual(annual);
    expect(proposed.margin).not.toEqual(annual);
  });
});
