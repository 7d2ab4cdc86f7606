import { describe, expect, it } from 'vitest';
import {
  ACTUALS_HEADERS,
  BUDGET_HEADERS,
  MAPPING_HEADERS,
  normaliseHeader,
  ORG_HEADERS,
  requireColumns,
  resolveHeader,
} from '../../src/import/headers.js';
import { ProblemLog } from '../../src/import/problems.js';
import { entryKindOf, unitKindOf } from '../../src/import/words.js';

describe('normaliseHeader', () => {
  it.each([
    ['\uFEFFAmount', 'amount'],
    ['  Belopp ', 'belopp'],
    ['MÄÄRÄ', 'määrä'],
    ['Name SV', 'name_sv'],
    ['name-sv', 'name_sv'],
    ['cost  center', 'cost_center'],
    ['Ma\u0308a\u0308ra\u0308', 'määrä'],
  ])('%j → %j', (text, expected) => {
    expect(normaliseHeader(text)).toBe(expected);
  });
});

describe('resolveHeader', () => {
  it('finds budget columns in any of the three languages, ignoring unknown ones', () => {
    const log = new ProblemLog('b.csv');
    for (const header of [
      ['unit', 'account', 'amount', 'comment'],
      ['Enhet', 'Konto', 'Belopp', 'Kommentar'],
      ['Yksikkö', 'Tili', 'Määrä', 'Huom'],
      ['Kostnadsställe', 'konto', 'summa', ''],
      ['kustannuspaikka', 'TILI', 'EUR', 'x'],
    ]) {
      const columns = resolveHeader(header, BUDGET_HEADERS, log);
      expect(columns).toEqual({ unit: 0, account: 1, line: -1, amount: 2, kind: -1, period: -1 });
    }
    expect(log.count).toBe(0);
  });

  it('reports a field given twice at the second column and uses the first', () => {
    const log = new ProblemLog('b.csv');
    const columns = resolveHeader(['Enhet', 'Belopp', 'Konto', 'amount'], BUDGET_HEADERS, log);
    expect(columns.amount).toBe(1);
    expect(log.problems.map((p) => [p.code, p.row, p.column, p.params])).toEqual([
      ['header.duplicate', 1, 'amount', { first: 'Belopp' }],
    ]);
  });

  it('resolves every kind', () => {
    const log = new ProblemLog('x.csv');
    expect(
      resolveHeader(
        ['Kod', 'Förälder', 'Typ', 'Namn_sv', 'Nimi_fi', 'Name_en', 'Nämnd', 'Bindande'],
        ORG_HEADERS,
        log,
      ),
    ).toMatchObject({
      code: 0,
      parent: 1,
      kind: 2,
      name_sv: 3,
      name_fi: 4,
      name_en: 5,
      board: 6,
      binding: 7,
    });
    expect(resolveHeader(['Alkaen', 'Asti', 'Rivi'], MAPPING_HEADERS, log)).toMatchObject({
      from: 0,
      to: 1,
      line: 2,
      account: -1,
    });
    expect(
      resolveHeader(
        ['Pvm', 'Tili', 'Kustannuspaikka', 'Summa', 'Selite', 'Tosite'],
        ACTUALS_HEADERS,
        log,
      ),
    ).toMatchObject({ date: 0, account: 1, unit: 2, amount: 3, text: 4, voucher: 5, period: -1 });
    expect(
      resolveHeader(['Månad', 'Konto', 'Enhet', 'Belopp'], ACTUALS_HEADERS, log),
    ).toMatchObject({
      period: 0,
      date: -1,
    });
    expect(log.count).toBe(0);
  });
});

describe('requireColumns', () => {
  const groups = [
    ['unit', 'account', 'amount'],
    ['unit', 'line', 'amount'],
  ] as const;

  it('passes when one group is complete', () => {
    const log = new ProblemLog('b.csv');
    const columns = resolveHeader(['unit', 'line', 'amount'], BUDGET_HEADERS, log);
    expect(requireColumns(columns, BUDGET_HEADERS, log, groups)).toBe(true);
    expect(log.count).toBe(0);
  });

  it('names a missing column with all its names', () => {
    const log = new ProblemLog('b.csv');
    const columns = resolveHeader(['unit', 'account'], BUDGET_HEADERS, log);
    expect(requireColumns(columns, BUDGET_HEADERS, log, groups)).toBe(false);
    expect(log.problems.map((p) => p.params?.names)).toEqual([
      '"amount" / "belopp" / "summa" / "määrä" / "euro" / "eur" / "euros" / "euroa"',
    ]);
  });

  it('names the alternatives in one problem, shared columns in their own', () => {
    const log = new ProblemLog('b.csv');
    const columns = resolveHeader(['amount'], BUDGET_HEADERS, log);
    requireColumns(columns, BUDGET_HEADERS, log, groups);
    const names = log.problems.map((p) => String(p.params?.names));
    expect(names).toHaveLength(2);
    expect(names[0]).toMatch(/^"unit" \/ "unit_code" \/ "enhet"/);
    expect(names[1]).toMatch(/^"account" .* \/ "line" \/ "rad" \/ "rivi"/);
  });
});

describe('kind words', () => {
  it.each([
    ['external', 'external'],
    ['Extern', 'external'],
    ['ulkoinen', 'external'],
    ['intern', 'internal'],
    ['SISÄINEN', 'internal'],
    ['kalkylmässig', 'imputed'],
    ['laskennallinen', 'imputed'],
    ['other', undefined],
  ])('entry kind %j → %s', (word, kind) => {
    expect(entryKindOf(word)).toBe(kind);
  });

  it.each([
    ['city', 'city'],
    ['stad', 'city'],
    ['kaupunki', 'city'],
    ['central', 'central'],
    ['keskus', 'central'],
    ['Ansvarsområde', 'area'],
    ['vastuualue', 'area'],
    ['costcenter', 'costcenter'],
    ['cost centre', 'costcenter'],
    ['kostnadsställe', 'costcenter'],
    ['kustannuspaikka', 'costcenter'],
    ['planet', undefined],
  ])('unit kind %j → %s', (word, kind) => {
    expect(unitKindOf(word)).toBe(kind);
  });
});
