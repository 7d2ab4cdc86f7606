/** The checks page: every finding of `utfall check`, worded in the request's language and linked. */
import { z } from 'zod';
import { countFindings, countsAsFinding, type CheckFinding } from '../../domain/checks.js';
import type { Language } from '../../domain/lines.js';
import type { TableFinding } from '../../domain/verify-table.js';
import { translate, type Translate } from '../../i18n/index.js';
import type { MissingText } from '../../report/checks.js';
import { checkFindingText, missingTextMessage, tableFindingText } from '../../i18n/findings.js';
import { checksFor } from '../../service/checks.js';
import type { Api, ServerOptions } from '../http.js';
import { commonErrors, languageSchema, periodSchema, yearParams } from '../../api/schemas.js';
import { checksSchema, type ChecksView, type FindingView } from '../../api/pages.js';
import { toMonthOf } from '../views.js';

/** A finding on the stored data, with its message and the place in the web application it concerns. */
export function findingView(
  finding: CheckFinding,
  t: Translate,
  lang: Language,
  knownUnits: ReadonlySet<string>,
): FindingView {
  return {
    rule: finding.rule,
    severity: finding.severity,
    unitCode: finding.unitCode,
    line: finding.line,
    account: finding.account,
    column: finding.column,
    expected: finding.expected,
    found: finding.found,
    source: finding.source,
    goalId: finding.goalId ?? null,
    message: checkFindingText(finding, t, lang),
    link: knownUnits.has(finding.unitCode)
      ? {
          unit: finding.unitCode,
          ...(finding.line ? { line: finding.line } : {}),
          ...(finding.goalId !== undefined ? { goalId: finding.goalId } : {}),
        }
      : null,
  };
}

/** A printed total of the rendered report that does not add up beyond rounding. */
function tableView(
  finding: TableFinding,
  t: Translate,
  lang: Language,
  knownUnits: ReadonlySet<string>,
): FindingView {
  return {
    rule: finding.rule,
    severity: 'error',
    unitCode: finding.unitCode,
    line: finding.line,
    account: null,
    column: finding.column,
    expected: finding.expected,
    found: finding.found,
    source: null,
    goalId: null,
    message: tableFindingText(finding, t, lang),
    link: knownUnits.has(finding.unitCode) ? { unit: finding.unitCode, line: finding.line } : null,
  };
}

/** A text the report shows in another language because it is missing in the report's. */
function missingView(
  missing: MissingText,
  t: Translate,
  lang: Language,
  knownUnits: ReadonlySet<string>,
): FindingView {
  return {
    rule: 'report.missing-text',
    severity: 'warning',
    unitCode: missing.unitCode,
    line: null,
    account: null,
    column: null,
    expected: null,
    found: null,
    source: null,
    goalId: null,
    message: missingTextMessage(missing, t, lang),
    link: knownUnits.has(missing.unitCode) ? { unit: missing.unitCode } : null,
  };
}

export function checkRoutes(app: Api, options: ServerOptions): void {
  const { db } = options.store;

  app.get(
    '/api/m/:m/:year/checks',
    {
      config: { rule: 'reader' },
      schema: {
        summary: 'Every finding of the checks, linked to the unit, line or goal it concerns',
        description:
          'The checks of `utfall check`: on the stored data up to `period` (YYYY-MM, default: the last month booked; at an interim period, months 1–11, also `binding.forecast-exceeded`: a binding line whose forecast for the year is worse than its revised budget), and (unless `reports=false`) on the report of every central as Utfall renders it in `lang` (default: the request language) — totals that do not add up and texts missing in that language. Messages are in the request language.',
        tags: ['checks'],
        params: yearParams,
        querystring: z.object({
          lang: languageSchema.optional(),
          reports: z.enum(['true', 'false']).optional(),
          additive: z.enum(['true', 'false']).optional(),
          period: periodSchema.optional(),
        }),
        response: { 200: checksSchema, ...commonErrors },
      },
    },
    async (request): Promise<ChecksView> => {
      const { m, year } = request.params;
      const toMonth = toMonthOf(request.query.period, year);
      const checks = await checksFor(db, request.actor!, m, year, {
        lang: request.query.lang ?? request.lang,
        reports: request.query.reports !== 'false',
        additive: request.query.additive === 'true',
        ...(toMonth === undefined ? {} : { toMonth }),
      });
      const t = translate(request.lang);
      const known = new Set(checks.unitCodes);
      const findings = checks.findings.map((f) => findingView(f, t, request.lang, known));
      if (checks.reports) {
        // Differences within what rounding allows are how printed tables work, not findings.
        for (const f of checks.reports.tables) {
          if (countsAsFinding(f)) findings.push(tableView(f, t, request.lang, known));
        }
        for (const missing of checks.reports.missing)
          findings.push(missingView(missing, t, request.lang, known));
      }
      return { year, toMonth: checks.toMonth, findings, summary: countFindings(findings) };
    },
  );
}
