import { describe, expect, it } from 'vitest';
import type { DrillRow } from '../../../src/api/drill.js';
import type { UnitKind } from '../../../src/domain/model.js';
import {
  ancestorsFor,
  apiSearch,
  crumbsOf,
  drillHref,
  nextOrder,
  pageCount,
  readScope,
  rowScope,
  scopeSearch,
  unitChain,
  type DrillScope,
} from './drill.js';

const row = (more: Partial<DrillRow>): DrillRow => ({
  budget: null,
  actual: null,
  deviation: null,
  unit: null,
  account: null,
  month: null,
  lines: 0,
  postings: false,
  share: null,
  drillable: true,
  ...more,
});

const names = { sv: 'x', fi: 'x', en: 'x' };

/** The ancestors of 120103, root first: LOVISA → STK → STK-ICT. */
const ancestors = ['LOVISA', 'STK', 'STK-ICT'];
const ref = (code: string, kind: UnitKind) => ({ code, kind, names });

describe('the drill page’s address', () => {
  it('reads the scope by the API’s schema, and writes it back in a fixed order', () => {
    const search =
      '?unit=120103&line=services&period=2023-08&account=4320&month=3&by=postings&q=licens&sort=amount&order=desc&page=2&from=STK';
    const scope = readScope(search);
    expect(scope).toEqual({
      unit: '120103',
      line: 'services',
      period: '2023-08',
      own: false,
      account: '4320',
      month: 3,
      by: 'postings',
      q: 'licens',
      sort: 'amount',
      order: 'desc',
      page: 2,
      from: 'STK',
    });
    expect(scopeSearch(scope!)).toBe(search);
    // The API is asked without `from`; a download asks for every page, in the language.
    expect(apiSearch(scope!)).toBe(
      '?unit=120103&line=services&period=2023-08&account=4320&month=3&by=postings&q=licens&sort=amount&order=desc&page=2',
    );
    expect(apiSearch(scope!, { all: true, lang: 'fi' })).toContain('order=desc&lang=fi');
    expect(apiSearch(scope!, { all: true })).not.toContain('page=');
  });

  it('leaves out what is the default: page 1, no own, `from` the unit itself, an empty search', () => {
    const scope = readScope('?unit=STK&line=services&own=false&page=1&from=STK&q=');
    expect(scope).toMatchObject({
      unit: 'STK',
      own: false,
      page: 1,
      from: undefined,
      q: undefined,
    });
    expect(drillHref('/m/lovisa/2023', scope!)).toBe('/m/lovisa/2023/drill?unit=STK&line=services');
    expect(scopeSearch({ unit: 'STK', line: 'services', own: true })).toBe(
      '?unit=STK&line=services&own=true',
    );
  });

  it.each([
    ['no unit', '?line=services'],
    ['no line', '?unit=STK'],
    ['an unknown line', '?unit=STK&line=nonsense'],
    ['a month out of the year', '?unit=STK&line=services&month=13'],
    ['an account that is no account', '?unit=STK&line=services&account=43x'],
    ['an unknown level', '?unit=STK&line=services&by=lines'],
  ])('refuses an address with %s', (_, search) => {
    expect(readScope(search)).toBeNull();
  });
});

describe('one level down', () => {
  const scope: DrillScope = {
    unit: 'STK',
    line: 'services',
    period: '2023-08',
    by: 'units',
    q: 'x',
    page: 3,
  };

  it('a unit row leads to that unit (or the unit’s own entries), keeping line, period and origin', () => {
    const child = row({ unit: { code: 'STK-ICT', kind: 'area', names, own: false } });
    expect(rowScope(scope, 'units', child)).toEqual({
      unit: 'STK-ICT',
      line: 'services',
      period: '2023-08',
      own: false,
      account: undefined,
      month: undefined,
      from: 'STK',
    });
    const own = row({ unit: { code: 'STK', kind: 'central', names, own: true } });
    expect(rowScope(scope, 'units', own)).toMatchObject({ unit: 'STK', own: true, from: 'STK' });
  });

  it('an account row adds the account, a month row the month; by line, nothing', () => {
    const at = { ...scope, unit: '120103', from: 'STK' };
    expect(rowScope(at, 'accounts', row({ account: '4320' }))).toMatchObject({
      unit: '120103',
      account: '4320',
      from: 'STK',
    });
    expect(rowScope(at, 'accounts', row({ account: null, drillable: false }))).toBeNull();
    expect(rowScope({ ...at, account: '4320' }, 'months', row({ month: 3 }))).toMatchObject({
      account: '4320',
      month: 3,
    });
    // The level, search and page are the row's level's own, not carried down.
    const down = rowScope(at, 'months', row({ month: 3 }))!;
    expect([down.by, down.q, down.page]).toEqual([undefined, undefined, undefined]);
  });
});

describe('the breadcrumbs', () => {
  it('find the units between the figure’s and the scope’s by the unit’s ancestors', () => {
    expect(unitChain(ancestors, 'STK', '120103')).toEqual(['STK', 'STK-ICT', '120103']);
    expect(unitChain(ancestors, 'LOVISA', '120103')).toEqual([
      'LOVISA',
      'STK',
      'STK-ICT',
      '120103',
    ]);
    expect(unitChain(ancestors, 'STK-ICT', '120103')).toEqual(['STK-ICT', '120103']);
    expect(unitChain(['LOVISA'], 'STK', 'STK')).toEqual(['STK']);
    // Not above it: the scope's unit stands alone.
    expect(unitChain(ancestors, 'STK-ADM', '120103')).toEqual(['120103']);
    expect(unitChain(ancestors, 'UNKNOWN', '120103')).toEqual(['120103']);
    expect(unitChain([], 'STK', '120103')).toEqual(['120103']);
  });

  it('take the ancestors from the answer, also from the answer before while the next loads', () => {
    const view = {
      unit: ref('STK-ICT', 'area'),
      ancestors: [ref('LOVISA', 'city'), ref('STK', 'central')],
    };
    const codes = (unit: string) => ancestorsFor(view, unit).map((u) => u.code);
    expect(codes('STK-ICT')).toEqual(['LOVISA', 'STK']);
    // Up the path (a breadcrumb): the ancestors of that unit.
    expect(codes('STK')).toEqual(['LOVISA']);
    expect(codes('LOVISA')).toEqual([]);
    // Down (a row of the units level): below the answer's unit.
    expect(codes('120103')).toEqual(['LOVISA', 'STK', 'STK-ICT']);
  });

  it('go from the unit page and the figure down to the account and the month', () => {
    const crumbs = crumbsOf(
      { unit: '120103', line: 'services', account: '4320', month: 3, from: 'STK', by: 'postings' },
      ancestors,
    );
    expect(crumbs.map((c) => c.kind)).toEqual([
      'unitPage',
      'figure',
      'unit',
      'unit',
      'account',
      'month',
    ]);
    const links = crumbs.map((c) => ('scope' in c ? drillHref('', c.scope) : `unit ${c.unit}`));
    expect(links).toEqual([
      'unit STK',
      '/drill?unit=STK&line=services',
      '/drill?unit=STK-ICT&line=services&from=STK',
      '/drill?unit=120103&line=services&from=STK',
      '/drill?unit=120103&line=services&account=4320&from=STK',
      '/drill?unit=120103&line=services&account=4320&month=3&from=STK',
    ]);
  });

  it('name a unit’s own entries as a step of their own', () => {
    const crumbs = crumbsOf({ unit: 'STK', line: 'services', own: true }, ['LOVISA']);
    expect(crumbs.map((c) => c.kind)).toEqual(['unitPage', 'figure', 'own']);
  });
});

describe('the postings’ pages and sorting', () => {
  it('count pages, at least one', () => {
    expect(pageCount(0, 50)).toBe(1);
    expect(pageCount(50, 50)).toBe(1);
    expect(pageCount(51, 50)).toBe(2);
    expect(pageCount(442, 50)).toBe(9);
  });

  it('turn the sorted column the other way, and sort a new one upwards', () => {
    expect(nextOrder('date', 'asc', 'date')).toBe('desc');
    expect(nextOrder('date', 'desc', 'date')).toBe('asc');
    expect(nextOrder('date', 'desc', 'amount')).toBe('asc');
  });
});
