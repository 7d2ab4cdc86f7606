import { describe, expect, it } from 'vitest';
import { cents } from '../../src/domain/money.js';
import { translate } from '../../src/i18n/index.js';
import { renderTextTable } from '../../src/report/text.js';

describe('renderTextTable', () => {
  it('prints English figures Nordic style, the same string as the CLI and the web', () => {
    const amount = cents(-413645800);
    const table = renderTextTable(
      {
        year: 2023,
        unit: { code: 'STK', name: { sv: 'STK', fi: 'STK', en: 'STK' } },
        lines: [
          {
            code: 'margin',
            budget: amount,
            changes: cents(0),
            revised: amount,
            actual: null,
            deviation: null,
          },
        ],
      },
      'en',
      translate('en'),
    );
    const margin = table.split('\n').find((l) => l.startsWith('Operating margin, external'));
    expect(margin).toContain('\u22124\u00a0136\u00a0458');
    expect(table).not.toContain('-4,136,458');
  });
});
