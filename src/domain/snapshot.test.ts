import { describe, expect, it } from 'vitest';
import type { Unit } from './model.js';
import type { Cents } from './money.js';
import {
  canonicalJson,
  cutSnapshot,
  overlaySnapshots,
  snapshotDifferences,
  type YearData,
} from './snapshot.js';

const names = (n: string) => ({ sv: n, fi: n, en: n });
const unit = (code: string, parentCode: string | null): Unit => ({
  code,
  parentCode,
  kind: parentCode === null ? 'city' : 'area',
  names: names(code),
  responsible: null,
  board: null,
});
const leaf = (unitCode: string, months: number[]) => ({
  unitCode,
  line: 'personnel' as const,
  budget: -1000 as Cents,
  changes: null,
  actual: months.reduce((a, b) => a + b, 0) as Cents,
  months: months as Cents[],
});
const year = (extra: Partial<YearData> = {}): YearData => ({
  units: [unit('CITY', null), unit('A', 'CITY'), unit('A1', 'A'), unit('B', 'CITY')],
  bindings: [],
  leaves: [leaf('A1', [-100, -200]), leaf('B', [-50, -50])],
  themes: [],
  goals: [],
  narratives: [{ unitCode: 'A1', section: 'events', lang: 'sv', body: 'Text' }],
  risks: [],
  ...extra,
});

describe('snapshots', () => {
  it('freeze a unit and its units only, and the same data gives the same JSON', () => {
    const frozen = cutSnapshot(year(), { year: 2023, unitCode: 'A', period: 2 });
    expect(frozen.units.map((u) => u.code)).toEqual(['A', 'A1']);
    expect(frozen.leaves.map((l) => l.unitCode)).toEqual(['A1']);
    expect(canonicalJson(frozen)).toBe(
      canonicalJson(cutSnapshot(year(), { year: 2023, unitCode: 'A', period: 2 })),
    );
  });

  it('tell every moved amount by month, and ignore what lies outside or after the period', () => {
    const frozen = cutSnapshot(year(), { year: 2023, unitCode: 'A', period: 1 });
    const later = year({ leaves: [leaf('A1', [-100, -999]), leaf('B', [0, 0])] });
    expect(snapshotDifferences(frozen, cutSnapshot(later, frozen))).toEqual([]);
    const earlier = year({ leaves: [leaf('A1', [-101, -200])] });
    expect(snapshotDifferences(frozen, cutSnapshot(earlier, frozen))).toEqual([
      {
        kind: 'amount',
        unitCode: 'A1',
        line: 'personnel',
        column: 'actual',
        month: 1,
        before: -100,
        after: -101,
      },
    ]);
  });

  it('tell a unit added under the frozen one, but not a field a later version adds', () => {
    const frozen = cutSnapshot(year(), { year: 2023, unitCode: 'A', period: 12 });
    const added = year({ units: [...year().units, unit('A2', 'A')] });
    expect(snapshotDifferences(frozen, cutSnapshot(added, frozen))).toEqual([
      { kind: 'unit', unitCode: 'A2' },
    ]);
    const extended = year({
      units: year().units.map((u) => ({ ...u, colour: 'blue' }) as Unit),
    });
    expect(snapshotDifferences(frozen, cutSnapshot(extended, frozen))).toEqual([]);
  });

  it('lay over live data as frozen: a unit added under it since is left out with its rows', () => {
    const frozen = cutSnapshot(year(), { year: 2023, unitCode: 'A', period: 12 });
    const live = year({
      units: [...year().units, unit('A2', 'A')],
      leaves: [leaf('A1', [-1, -1]), leaf('A2', [-7, 0]), leaf('B', [-3, 0])],
      narratives: [],
    });
    const shown = overlaySnapshots(live, [frozen]);
    expect(shown.units.map((u) => u.code).sort()).toEqual(['A', 'A1', 'B', 'CITY']);
    expect(shown.leaves.map((l) => [l.unitCode, l.actual]).sort()).toEqual([
      ['A1', -300],
      ['B', -3],
    ]);
    expect(shown.narratives).toEqual(frozen.narratives);
  });

  it('keep the names of the themes the frozen goals stand under', () => {
    const goal = {
      id: 1,
      unitCode: 'A1',
      theme: 2,
      cityGoal: {},
      goal: names('G'),
      boardGoal: {},
      actionPlan: {},
      responsible: '',
      binding: true,
      outcome: {},
      status: 'achieved' as const,
      indicators: [],
    };
    const themes = (name: string) => [
      { number: 1, names: names('One') },
      { number: 2, names: names(name) },
    ];
    const frozen = cutSnapshot(year({ goals: [goal], themes: themes('Two') }), {
      year: 2023,
      unitCode: 'A',
      period: 12,
    });
    const shown = overlaySnapshots(year({ goals: [goal], themes: themes('Renamed') }), [frozen]);
    expect(shown.themes.map((t) => t.names.sv)).toEqual(['One', 'Two']);
  });
});
