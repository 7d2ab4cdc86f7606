import { describe, expect, it } from 'vitest';
import { completeLine } from './figures.js';
import type { LineFigures } from './model.js';
import { cents } from './money.js';
import { textFindings, typedAmounts, type UnitText } from './text-checks.js';

const nb = (text: string) => text.replace(/_/g, '\u00a0');

/** STK's margin as in the seed (−3 890 507 against −4 136 458) and an area's deviation of 254 005. */
const STK: LineFigures[] = [
  completeLine('margin', {
    budget: cents(-4_136_458_00),
    changes: null,
    actual: cents(-3_890_507_00),
  }),
  completeLine('revenue', { budget: cents(150_000_00), changes: null, actual: cents(185_185_00) }),
];
const ICT: LineFigures[] = [
  completeLine('margin', {
    budget: cents(-1_157_034_00),
    changes: null,
    actual: cents(-903_029_00),
  }),
];
const figuresOf = (code: string) =>
  code === 'STK' ? [STK, ICT] : code === 'STK-ICT' ? [ICT] : null;

const text = (body: string, section = 'margin'): UnitText => ({
  unitCode: 'STK',
  section,
  lang: 'sv',
  text: body,
});

describe('typedAmounts', () => {
  it('reads grouped numbers and numbers of 1 000 or more, with their sign', () => {
    expect(
      typedAmounts(nb('Det blev **−3_890_507 euro** mot −4 136 458 euro, 245951 € bättre.')).map(
        (n) => n.typed,
      ),
    ).toEqual([nb('−3_890_507'), '−4 136 458', '245951']);
    expect(typedAmounts('Summan 1 234,56 €.')).toEqual([
      { typed: '1 234,56', value: 123456, cents: true },
    ]);
  });

  it('leaves years, dates, sections, decision numbers, counts and small numbers alone', () => {
    const ignored =
      'År 2023 och 2024, från 1.4.2024 till 31.3.2028, beslut 2023-06-12, KF § 45 och 123/2023; ' +
      'omkring 1 700 artiklar, 99 miljoner läsare, 915 besök och 1 250 inlägg.';
    expect(typedAmounts(ignored)).toEqual([]);
    expect(
      typedAmounts('ICT-tjänsterna blev cirka 254 000 euro bättre').map((n) => n.value),
    ).toEqual([254000]);
    expect(typedAmounts('{{figure STK margin actual}} euro')).toEqual([]);
  });
});

describe('textFindings', () => {
  it('finds no stale figure where the numbers are the figures, rounded as printed', () => {
    const body =
      'Det blev −3 890 507 euro mot budgeterade −4 136 458 euro, alltså 245 951 euro bättre. ' +
      'ICT-tjänsterna blev cirka 254 000 euro bättre; intäkterna 185 tusen euro. 185 185,00 €.';
    expect(textFindings([text(body)], figuresOf)).toEqual([]);
  });

  it('warns on a typed number that is no current figure, with the unit, section and number', () => {
    const findings = textFindings(
      [text('Det blev −3 902 852 euro, och intäkterna 187 185 euro. Igen −3 902 852 euro.')],
      figuresOf,
    );
    expect(findings).toEqual([
      {
        rule: 'text.stale-figure',
        unitCode: 'STK',
        section: 'margin',
        lang: 'sv',
        quote: '−3 902 852',
      },
      {
        rule: 'text.stale-figure',
        unitCode: 'STK',
        section: 'margin',
        lang: 'sv',
        quote: '187 185',
      },
    ]);
  });

  it('says that the data contradicts "the budget did not change" in sv, fi and en', () => {
    const changed: LineFigures[] = [
      completeLine('margin', {
        budget: cents(-4_136_458_00),
        changes: cents(-12_345_00),
        actual: cents(-3_890_507_00),
      }),
    ];
    const of = (code: string) => (code === 'STK' ? [changed] : null);
    const sentences = [
      'Förklaringen finns på kostnadssidan. Budgeten ändrades inte under året.',
      'Talousarviota ei muutettu vuoden aikana.',
      'The budget did not change during the year.',
      'There were no budget changes.',
    ];
    const findings = textFindings(
      sentences.map((s) => text(s)),
      of,
    );
    expect(findings.map((f) => [f.rule, f.quote, f.changes])).toEqual([
      ['text.contradiction', 'Budgeten ändrades inte under året.', -1_234_500],
      ['text.contradiction', 'Talousarviota ei muutettu vuoden aikana.', -1_234_500],
      ['text.contradiction', 'The budget did not change during the year.', -1_234_500],
      ['text.contradiction', 'There were no budget changes.', -1_234_500],
    ]);
    // Without budget changes, the sentence is true.
    expect(
      textFindings(
        sentences.map((s) => text(s)),
        figuresOf,
      ),
    ).toEqual([]);
  });

  it('reports a placeholder that names no figure', () => {
    const findings = textFindings(
      [
        text(
          '{{figure STK-XYZ margin actual}} och {{figure STK profit actual}} och {{figure STK margin actual}}',
        ),
      ],
      figuresOf,
    );
    expect(findings.map((f) => [f.rule, f.reason, f.quote])).toEqual([
      ['text.bad-figure-ref', 'unknownUnit', '{{figure STK-XYZ margin actual}}'],
      ['text.bad-figure-ref', 'unknownLine', '{{figure STK profit actual}}'],
    ]);
  });
});
