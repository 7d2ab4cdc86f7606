import { describe, expect, it } from 'vitest';
import type { AuditEntryView } from '../../../src/api/pages.js';
import { translator } from '../i18n/index.js';
import { changeSummary } from './audit-change.js';

const entry = (fields: Partial<AuditEntryView>): AuditEntryView => ({
  id: 1,
  at: '2023-09-01T10:00:00.000Z',
  actor: 'finance',
  action: 'update',
  entity: 'budgetChange',
  key: '2023/1',
  unit: null,
  before: null,
  after: null,
  ...fields,
});

describe('an audit entry in words', () => {
  it('shows what a correction of a budget decision changed, before → after', () => {
    const decision = (date: string, amount: number) => ({
      decision: 'Fge 12.6.2023 § 45',
      date,
      amounts: [{ unit: 'STK-ICT', line: 'services', amount }],
    });
    const lines = changeSummary(
      entry({
        before: decision('2023-06-12', -5_000_000),
        after: decision('2023-07-01', -6_000_000),
      }),
      translator('sv'),
      'sv',
    );
    expect(lines).toEqual([
      'Beslut: Fge 12.6.2023 § 45',
      '12.6.2023 → 1.7.2023',
      'sammanlagt −50\u00a0000\u00a0€ → −60\u00a0000\u00a0€',
    ]);
  });

  it("words a risk's edit in Finnish: the scale, the status and the texts", () => {
    const risk = (likelihood: number, status: string, sv: string) => ({
      risk: { sv },
      likelihood,
      impact: 3,
      status,
      owner: 'ICT-chefen',
    });
    const lines = changeSummary(
      entry({ entity: 'risk', before: risk(2, 'open', 'A'), after: risk(4, 'mitigated', 'B') }),
      translator('fi'),
      'fi',
    );
    expect(lines.join(' | ')).not.toMatch(/likelihood|mitigated|open\b/);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/: 2 → 4$/);
  });
});
