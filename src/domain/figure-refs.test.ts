import { describe, expect, it } from 'vitest';
import {
  figureDecimal,
  figureRefText,
  figureValue,
  findFigureRefs,
  parseFigureRef,
  renderFigureRefs,
  withBoundActual,
  withoutFigureRefs,
} from './figure-refs.js';
import { completeLine } from './figures.js';
import type { LineFigures } from './model.js';
import { cents } from './money.js';

/** STK-ICT's margin as the seed prints it, in cents: revised −1 157 034,40, actual −903 029,25. */
const ICT: LineFigures[] = [
  completeLine('margin', {
    budget: cents(-1_157_034_40),
    changes: null,
    actual: cents(-903_029_25),
  }),
  completeLine('costs', { budget: cents(-1_200_000_00), changes: cents(-10_000_00), actual: null }),
];
const figuresOf = (code: string) => (code === 'STK-ICT' ? ICT : null);
/** `_` stands for the no-break space of printed figures. */
const nb = (text: string) => text.replace(/_/g, '\u00a0');

describe('findFigureRefs', () => {
  it('finds placeholders with their positions and the figures they name', () => {
    const text =
      'Marginalen {{figure STK-ICT margin actual}} mot {{ figure STK-ICT margin revised }}.';
    const tokens = findFigureRefs(text);
    expect(tokens.map((t) => t.ref)).toEqual([
      { unitCode: 'STK-ICT', line: 'margin', column: 'actual' },
      { unitCode: 'STK-ICT', line: 'margin', column: 'revised' },
    ]);
    expect(text.slice(tokens[0]!.start, tokens[0]!.end)).toBe('{{figure STK-ICT margin actual}}');
  });

  it('names what is wrong with a placeholder that names no figure', () => {
    expect(parseFigureRef('STK margin')).toEqual({ ref: null, problem: 'syntax' });
    expect(parseFigureRef('STK profit actual')).toEqual({ ref: null, problem: 'unknownLine' });
    expect(parseFigureRef('STK margin total')).toEqual({ ref: null, problem: 'unknownColumn' });
    expect(parseFigureRef('STK margin use%').ref?.column).toBe('use');
    expect(findFigureRefs('{{figure}}')[0]?.problem).toBe('syntax');
  });

  it('leaves other braces alone and writes back what the picker inserts', () => {
    expect(findFigureRefs('{{other}} {figure STK margin actual}')).toEqual([]);
    const ref = { unitCode: 'STK', line: 'margin', column: 'deviation' } as const;
    expect(figureRefText(ref)).toBe('{{figure STK margin deviation}}');
    expect(findFigureRefs(figureRefText(ref))[0]?.ref).toEqual(ref);
    expect(withoutFigureRefs('a {{figure STK margin actual}} b')).toBe('a   b');
  });
});

describe('renderFigureRefs', () => {
  const text =
    'Utfallet {{figure STK-ICT margin actual}} € mot {{figure STK-ICT margin revised}} €, ' +
    'avvikelse {{figure STK-ICT margin deviation}} €, {{figure STK-ICT margin use}} använt.';

  it('prints figures as the tables do, with a real minus sign and no-break spaces, per language', () => {
    expect(renderFigureRefs(text, 'sv', figuresOf)).toEqual({
      text: nb('Utfallet −903_029 € mot −1_157_034 €, avvikelse 254_005 €, 78,0_% använt.'),
      failures: [],
    });
    expect(renderFigureRefs('{{figure STK-ICT margin use}}', 'en', figuresOf).text).toBe(
      nb('78.0_%'),
    );
    expect(renderFigureRefs('{{figure STK-ICT margin use}}', 'fi', figuresOf).text).toBe(
      nb('78,0_%'),
    );
  });

  it('prints changes as 0 where there is a budget, and a dash where a column has no figure', () => {
    expect(renderFigureRefs('{{figure STK-ICT margin changes}}', 'sv', figuresOf).text).toBe('0');
    expect(renderFigureRefs('{{figure STK-ICT costs actual}}', 'sv', figuresOf).text).toBe('–');
    expect(renderFigureRefs('{{figure STK-ICT costs use}}', 'sv', figuresOf).text).toBe('–');
    expect(renderFigureRefs('{{figure STK-ICT sales actual}}', 'sv', figuresOf).text).toBe('–');
  });

  it('marks a placeholder of an unknown unit, line or column visibly and reports it', () => {
    const rendered = renderFigureRefs(
      'A {{figure STK-XYZ margin actual}} B {{figure STK-ICT profit actual}}',
      'en',
      figuresOf,
    );
    expect(rendered.text).toBe('A ⟦?STK-XYZ margin actual⟧ B ⟦?STK-ICT profit actual⟧');
    expect(rendered.failures.map((f) => f.problem)).toEqual(['unknownUnit', 'unknownLine']);
    const custom = renderFigureRefs(
      '{{figure X margin actual}}',
      'en',
      figuresOf,
      (f) => `[${f.problem}]`,
    );
    expect(custom.text).toBe('[unknownUnit]');
  });

  it('gives a bound indicator its value as a decimal', () => {
    const ref = { unitCode: 'STK-ICT', line: 'margin', column: 'actual' } as const;
    expect(figureDecimal(figureValue(ICT, ref))).toBe('-903029');
    expect(figureDecimal(figureValue(ICT, { ...ref, column: 'use' }))).toBe('78.0');
    expect(figureDecimal(figureValue(ICT, { ...ref, line: 'sales' }))).toBeNull();
  });
});

describe('withBoundActual', () => {
  const indicator = { name: {}, target: '-1000000', actual: '0', operator: 'atLeast' as const };
  it('takes the actual value of a bound indicator from the figure, in whole euros', () => {
    expect(
      withBoundActual({ ...indicator, figure: 'STK-ICT margin actual' }, figuresOf).actual,
    ).toBe('-903029');
    expect(withBoundActual({ ...indicator, figure: 'STK-ICT margin use' }, figuresOf).actual).toBe(
      '78.0',
    );
  });
  it('leaves an unbound indicator, and one bound to nothing known, as typed', () => {
    expect(withBoundActual(indicator, figuresOf).actual).toBe('0');
    expect(withBoundActual({ ...indicator, figure: 'XYZ margin actual' }, figuresOf).actual).toBe(
      '0',
    );
  });
});
