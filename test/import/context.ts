/** The import context of the tests: the Lovisa units of the fixtures and the default mapping. */
import { accountResolver, DEFAULT_MAPPING } from '../../src/domain/mapping.js';
import type { ImportContext, SignConvention } from '../../src/import/types.js';

export const UNITS = [
  'LOVISA',
  'STK',
  'STK-ADM',
  'STK-ICT',
  'STK-EKP',
  '110100',
  '120100',
  '130100',
];

export function context(
  options: { year?: number | undefined; sign?: SignConvention } = {},
): ImportContext {
  return {
    year: 'year' in options ? options.year : 2023,
    sign: options.sign ?? 'report',
    units: new Set(UNITS),
    lineForAccount: accountResolver(DEFAULT_MAPPING),
  };
}

export const GOOD = 'fixtures/import/good';
export const BAD = 'fixtures/import/bad';
