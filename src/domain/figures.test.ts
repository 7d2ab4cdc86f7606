import { describe, expect, it } from 'vitest';
import { figuresByUnit, unitFigures } from './figures.js';
import type { Cents } from './money.js';
import type { LeafAmounts, Unit } from './model.js';

const c = (n: number) => n as Cents;
const names = { sv: 'x', fi: 'x', en: 'x' };
const unit = (code: string, parentCode: string | null): Unit => ({
  code,
  parentCode,
  kind: parentCode ? 'area' : 'central',
  names,
  responsible: null,
  board: null,
});
const units = [unit('C', null), unit('A', 'C'), unit('B', 'C'), unit('A1', 'A')];
const leaf = (
  unitCode: string,
  line: LeafAmounts['line'],
  budget: number | null,
  changes: number | null,
  actual: number | null,
): LeafAmounts => ({
  unitCode,
  line,
  budget: budget === null ? null : c(budget),
  changes: changes === null ? null : c(changes),
  actual: actual === null ? null : c(actual),
});

describe('unitFigures', () => {
  const leaves = [
    leaf('A1', 'sales', 1000, null, 1200),
    leaf('B', 'sales', 500, 100, 550),
    leaf('A', 'personnel', -3000, -200, -3100),
    leaf('B', 'fees', null, null, -50),
    leaf('A', 'internal', -400, null, null),
  ];

  it('rolls up own and descendant entries and computes revised and deviation', () => {
    const lines = unitFigures(units, 'C', leaves);
    const sales = lines.find((l) => l.code === 'sales')!;
    expect(sales).toEqual({
      code: 'sales',
      budget: 1500,
      changes: 100,
      revised: 1600,
      actual: 1750,
      deviation: 150,
    });
    const margin = lines.find((l) => l.code === 'margin')!;
    // revenue 1500+100 revised, actual 1750−50; costs −3200 revised, actual −3100
    expect(margin).toEqual({
      code: 'margin',
      budget: -1500,
      changes: -100,
      revised: -1600,
      actual: -1400,
      deviation: 200,
    });
  });

  it('gives null where there is no figure and no deviation without an actual', () => {
    const lines = unitFigures(units, 'C', leaves);
    expect(lines.find((l) => l.code === 'fees')).toEqual({
      code: 'fees',
      budget: null,
      changes: null,
      revised: null,
      actual: -50,
      deviation: -50,
    });
    expect(lines.find((l) => l.code === 'internal')).toEqual({
      code: 'internal',
      budget: -400,
      changes: 0,
      revised: -400,
      actual: null,
      deviation: null,
    });
    expect(lines.find((l) => l.code === 'depreciation')).toEqual({
      code: 'depreciation',
      budget: null,
      changes: null,
      revised: null,
      actual: null,
      deviation: null,
    });
  });

  it('limits a sub-unit to its own subtree and lists every line in order', () => {
    const lines = unitFigures(units, 'A', leaves);
    expect(lines).toHaveLength(17);
    expect(lines.find((l) => l.code === 'sales')?.actual).toBe(1200);
    expect(lines.find((l) => l.code === 'fees')?.actual).toBeNull();
  });
});

describe('figuresByUnit', () => {
  it('gives every unit the figures unitFigures gives it, leaving out units not in the tree', () => {
    const tree = [...units, unit('X', 'GHOST'), unit('P', 'Q'), unit('Q', 'P')];
    const leaves = [
      leaf('A1', 'sales', 1000, null, 1200),
      leaf('B', 'sales', 500, 100, 550),
      leaf('A', 'personnel', -3000, -200, -3100),
      leaf('A1', 'personnel', -10, null, -11),
      leaf('X', 'fees', 7, null, 8),
      leaf('P', 'fees', 1, null, 1),
      leaf('Q', 'fees', 2, null, 2),
      leaf('NOWHERE', 'sales', 99, null, 99),
    ];
    const all = figuresByUnit(tree, leaves);
    expect([...all.keys()]).toEqual(tree.map((u) => u.code));
    for (const u of tree) expect(all.get(u.code)).toEqual(unitFigures(tree, u.code, leaves));
  });
});
