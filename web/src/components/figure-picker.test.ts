/**
 * The unit page's proposed outcome sentences name where a driving line's deviation came from as
 * `utfall outcome` and the report preview do: the driving lines' explanations of the drill-down
 * (GET …/drill/explanation, as the API answers), read by the domain's contributorsOfExplanation.
 */
import { describe, expect, it } from 'vitest';
import { explanationSchema } from '../../../src/api/drill.js';
import type { FigureLine } from '../../../src/api/pages.js';
import type { LineCode } from '../../../src/domain/lines.js';
import { contributorsOfExplanation } from '../../../src/domain/outcome.js';
import { explanationPath, outcomeProposals, wantedContributors } from './figure-picker.js';

const label = { sv: '', fi: '', en: '' };

/** A line of the unit page in whole euros (cents on the wire), deviation actual − revised. */
function line(code: LineCode, revised: number | null, actual: number | null): FigureLine {
  const c = (euros: number | null) => (euros === null ? null : euros * 100);
  return {
    code,
    label,
    budget: c(revised),
    changes: revised === null ? null : 0,
    revised: c(revised),
    actual: c(actual),
    deviation: revised === null || actual === null ? null : c(actual - revised),
    binding: code === 'margin',
  };
}

/** STK's page of 2023 as the demo has it (the seed report's figures). */
const STK: FigureLine[] = [
  line('sales', 27_400, 30_291),
  line('fees', null, -675),
  line('grants', 140_000, 155_570),
  line('otherRevenue', 200, 0),
  line('revenue', 167_600, 185_185),
  line('personnel', -2_027_993, -1_887_887),
  line('services', -2_034_505, -1_935_984),
  line('materials', -86_350, -116_107),
  line('subsidies', -34_000, -33_886),
  line('otherCosts', -121_210, -101_828),
  line('costs', -4_304_058, -4_075_692),
  line('margin', -4_136_458, -3_890_507),
];

/** GET /api/m/lovisa/2023/drill/explanation?unit=STK&line=services&limit=2 on the demo. */
const SERVICES = explanationSchema.parse({
  year: 2023,
  period: null,
  unit: {
    code: 'STK',
    kind: 'central',
    names: {
      sv: 'Stadskanslicentralen',
      fi: 'Kaupunginkanslian keskus',
      en: 'City Chancellery Central',
    },
  },
  line: {
    code: 'services',
    label: { sv: 'Köp av tjänster', fi: 'Palvelujen ostot', en: 'Purchases of services' },
  },
  figure: { budget: -203_450_500, actual: -193_598_400, deviation: 9_852_100 },
  contributors: [
    {
      unit: {
        code: '120102',
        kind: 'costcenter',
        names: {
          sv: 'Nätverk och datatrafik',
          fi: 'Verkot ja tietoliikenne',
          en: 'Networks and data traffic',
        },
      },
      account: '4320',
      budget: -21_832_000,
      actual: -13_612_609,
      deviation: 8_219_391,
      share: 0.8342780726951614,
    },
    {
      unit: {
        code: '120103',
        kind: 'costcenter',
        names: {
          sv: 'Programvaror och licenser',
          fi: 'Ohjelmistot ja lisenssit',
          en: 'Software and licences',
        },
      },
      account: '4320',
      budget: -36_386_700,
      actual: -30_992_747,
      deviation: 5_393_953,
      share: 0.5474927172886999,
    },
  ],
});

describe('the unit page’s proposed outcome sentences', () => {
  it('ask the drill-down about the driving lines of the year, with the CLI’s limit', () => {
    expect(wantedContributors(STK)).toEqual(['grants', 'personnel', 'services']);
    expect(explanationPath('lovisa', 2023, 'STK', 'services')).toBe(
      '/api/m/lovisa/2023/drill/explanation?unit=STK&line=services&limit=2',
    );
    // A unit without deviations has no driving line to explain.
    expect(wantedContributors(STK.map((l) => ({ ...l, actual: l.revised, deviation: 0 })))).toEqual(
      [],
    );
  });

  it('name the contributor a driving line’s deviation came from, once the explanation is there', () => {
    const without = outcomeProposals(STK);
    const withThem = outcomeProposals(STK, { services: contributorsOfExplanation(SERVICES) });
    const named =
      ' Underskridningen inom köp av tjänster kom främst från konto 4320 vid kostnadsställe ' +
      '120102 Nätverk och datatrafik (83\u00a0%).';
    expect(without.costs!.sv).not.toContain('konto 4320');
    expect(withThem.costs!.sv).toBe(without.costs!.sv + named);
    expect(withThem.costs!.fi).toBe(
      without.costs!.fi +
        ' Alitus palvelujen ostoissa syntyi pääosin tilillä 4320 kustannuspaikalla 120102 ' +
        'Verkot ja tietoliikenne (83\u00a0%).',
    );
    // The other sections are as without.
    expect(withThem.revenue).toEqual(without.revenue);
    expect(withThem.margin).toEqual(without.margin);
  });

  it('explain only the figures they are of: another deviation, or a forecast, names nobody', () => {
    // An explanation of other figures than the page's (an approved unit's snapshot, say).
    const other = contributorsOfExplanation({
      ...SERVICES,
      figure: { ...SERVICES.figure, deviation: 9_852_000 },
    });
    expect(outcomeProposals(STK, { services: other })).toEqual(outcomeProposals(STK));
    // At an interim period the sentences are the forecast's.
    const interim = STK.map((l) => ({
      ...l,
      forecast: l.actual,
      forecastDeviation: l.deviation,
    }));
    expect(wantedContributors(interim)).toEqual([]);
    const forecast = outcomeProposals(interim, {
      services: contributorsOfExplanation(SERVICES),
    });
    expect(forecast.costs!.sv).not.toContain('konto 4320');
    expect(forecast).toEqual(outcomeProposals(interim));
  });
});
