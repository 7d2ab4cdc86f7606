import { describe, expect, it } from 'vitest';
import {
  bindingFindings,
  isBreach,
  signFindings,
  unknownUnitFindings,
  unmappedFindings,
} from './checks.js';
import type { Cents } from './money.js';
import type { LineFigures, Unit } from './model.js';

const c = (n: number) => n as Cents;
const unit: Unit = {
  code: 'A',
  parentCode: null,
  kind: 'area',
  names: { sv: 'A', fi: 'A', en: 'A' },
  responsible: null,
  board: null,
};

describe('checks on stored data', () => {
  it('flags entries of units outside the tree and accounts no line maps, as errors', () => {
    expect(unknownUnitFindings([unit], ['A', 'GHOST'])).toEqual([
      expect.objectContaining({ rule: 'data.unknown-unit', severity: 'error', unitCode: 'GHOST' }),
    ]);
    expect(unmappedFindings([{ source: 'actual', unitCode: 'A', account: '5100' }])).toEqual([
      expect.objectContaining({
        rule: 'data.unmapped-account',
        severity: 'error',
        unitCode: 'A',
        account: '5100',
        source: 'actual',
      }),
    ]);
  });

  it('warns of signs that look flipped: revenue below zero, costs above zero', () => {
    const findings = signFindings([
      { unitCode: 'A', line: 'sales', budget: c(100), changes: null, actual: c(-5) },
      { unitCode: 'A', line: 'personnel', budget: c(200), changes: null, actual: c(-300) },
      { unitCode: 'A', line: 'internal', budget: c(-1), changes: null, actual: c(1) },
    ]);
    expect(findings.map((f) => [f.rule, f.severity, f.line, f.column, f.found])).toEqual([
      ['data.sign', 'warning', 'sales', 'actual', -5],
      ['data.sign', 'warning', 'personnel', 'budget', 200],
    ]);
  });

  it('warns when a binding line is worse than its revised budget, and only then', () => {
    const margin = (actual: number): LineFigures[] => [
      {
        code: 'margin',
        budget: c(-1000),
        changes: c(-100),
        revised: c(-1100),
        actual: c(actual),
        deviation: c(actual + 1100),
      },
    ];
    expect(bindingFindings([{ unitCode: 'A', line: 'margin' }], () => margin(-1200))).toEqual([
      expect.objectContaining({
        rule: 'binding.breach',
        severity: 'warning',
        expected: -1100,
        found: -1200,
      }),
    ]);
    expect(bindingFindings([{ unitCode: 'A', line: 'margin' }], () => margin(-1100))).toEqual([]);
  });

  it('isBreach: a stated binding with an actual below its revised budget, nothing else', () => {
    expect(isBreach({ bound: true, actual: -1200, revised: -1100 })).toBe(true);
    expect(isBreach({ bound: true, actual: -1100, revised: -1100 })).toBe(false);
    // the margin shown in place of a binding, a unit without a revised budget or without actuals
    expect(isBreach({ bound: false, actual: -1200, revised: -1100 })).toBe(false);
    expect(isBreach({ bound: true, actual: -1200, revised: null })).toBe(false);
    expect(isBreach({ bound: true, actual: null, revised: -1100 })).toBe(false);
    expect(isBreach(null)).toBe(false);
  });
});
