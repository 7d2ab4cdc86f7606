/**
 * Utfall's proposed outcome sentences of a unit (`utfall outcome`): of the year's outcome, naming
 * where each driving line's deviation came from (the drill-down's largest contributors, cost
 * centre × account), or at an interim period of the forecast for the year. A reader of the
 * municipality may ask for them.
 */
import {
  contributorsOfExplanation,
  DEFAULT_OUTCOME_SETTINGS,
  drivingLines,
  forecastLines,
  proposeOutcome,
  type OutcomeContributors,
  type OutcomeProposal,
  type OutcomeSettings,
} from '../domain/outcome.js';
import { isInterim } from '../domain/period.js';
import { requireRule, type Actor } from './access.js';
import { explainDeviation } from './drill.js';
import { figuresReport } from './figures.js';
import type { Db } from './store.js';

/**
 * The proposed sentences of a unit at a period (its last month; none or 12: the year). The
 * year's name the contributors of each driving line (one explanation per driving line, at most
 * four); an interim period's speak of the forecast and name none.
 */
export async function proposeUnitOutcome(
  db: Db,
  actor: Actor,
  municipalityId: string,
  year: number,
  unitCode: string,
  options: { period?: number | undefined; settings?: OutcomeSettings } = {},
): Promise<OutcomeProposal[]> {
  requireRule(actor, municipalityId, 'reader');
  const settings = options.settings ?? DEFAULT_OUTCOME_SETTINGS;
  const period = options.period;
  const report = await figuresReport(
    db,
    municipalityId,
    year,
    unitCode,
    period === undefined ? {} : { toMonth: period, period: true },
  );
  if (period !== undefined && isInterim(period))
    return proposeOutcome(
      forecastLines(
        report.lines.map((l) => ({
          code: l.code,
          revised: l.revised,
          forecast: l.forecast ?? null,
          forecastDeviation: l.forecastDeviation ?? null,
        })),
      ),
      settings,
      'forecast',
    );
  const plain = proposeOutcome(report.lines, settings);
  const drivers = drivingLines(plain);
  if (drivers.length === 0 || settings.maxContributors === 0) return plain;
  const given: OutcomeContributors = {};
  for (const line of drivers) {
    const view = await explainDeviation(db, actor, municipalityId, year, {
      unit: unitCode,
      line,
      limit: settings.maxContributors,
    });
    given[line] = contributorsOfExplanation(view);
  }
  return proposeOutcome(report.lines, settings, 'year', given);
}
