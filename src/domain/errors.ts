/**
 * The one error type of Utfall: a refusal the caller can act on. Its code names the message
 * (namespace `errors`, shared by the CLI and the server; a key `<code>_cli` words it for the
 * command line where the CLI names its own options) and is what the API answers as `error`. The
 * kind says what sort of refusal it is; the server maps each kind to one HTTP status, the CLI to
 * its exit code. Every code has its kind here, once.
 */

export const ERROR_KINDS = [
  'invalid',
  'unauthenticated',
  'forbidden',
  'notFound',
  'methodNotAllowed',
  'conflict',
  'tooLarge',
  'tooMany',
  'unavailable',
  'internal',
] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];

const CODES = {
  // Requests and sessions.
  validation: 'invalid',
  unauthenticated: 'unauthenticated',
  credentials: 'unauthenticated',
  csrf: 'forbidden',
  forbidden: 'forbidden',
  forbiddenRole: 'forbidden',
  notFound: 'notFound',
  'route.unknown': 'notFound',
  'route.method': 'methodNotAllowed',
  'request.nul': 'invalid',
  noRule: 'internal',
  throttled: 'tooMany',
  tooLarge: 'tooLarge',
  unexpected: 'internal',
  // Uploads.
  notMultipart: 'invalid',
  fileMissing: 'invalid',
  tooLargeRequest: 'tooLarge',
  tooManyParts: 'tooLarge',
  fields: 'invalid',
  columns: 'invalid',
  columnsField: 'invalid',
  municipalityUnknown: 'notFound',
  yearUnknown: 'invalid',
  // Where in the data.
  'municipality.unknown': 'notFound',
  'municipality.ambiguous': 'invalid',
  'year.unknown': 'notFound',
  'year.missing': 'invalid',
  /** A year asked of a municipality that holds no fiscal year at all. */
  'year.none': 'notFound',
  'year.invalid': 'invalid',
  'year.noUnits': 'invalid',
  /** A start into a year that holds units or structure of its own already. */
  'year.exists': 'conflict',
  'year.notAfter': 'invalid',
  'unit.unknown': 'notFound',
  'period.otherYear': 'invalid',
  'period.invalid': 'invalid',
  'period.month': 'invalid',
  'forecast.period': 'invalid',
  'goal.interimIndicators': 'invalid',
  'forecast.line': 'invalid',
  'forecast.amount': 'invalid',
  'forecast.conflict': 'conflict',
  'forecast.amountOrClear': 'invalid',
  'forecast.amountText': 'invalid',
  /** A forecast file imported without the interim period it is for. */
  'forecast.periodMissing': 'invalid',
  /** A forecast file with a row of a unit the importer may not change. */
  'forecast.importForbidden': 'forbidden',
  /** A forecast file with a row of a unit whose interim report (or one above it) is approved. */
  'forecast.importFrozen': 'conflict',
  // Content and workflow.
  conflict: 'conflict',
  'content.notEditable': 'conflict',
  'frozen.changed': 'conflict',
  'frozen.changedOther': 'conflict',
  'snapshot.unknown': 'notFound',
  'snapshot.format': 'invalid',
  'amount.sumStored': 'invalid',
  'import.beforeUndo': 'conflict',
  'workflow.notAllowed': 'conflict',
  'workflow.reasonMissing': 'invalid',
  'workflow.adminReopens': 'forbidden',
  'narrative.missing': 'conflict',
  'narrative.section': 'invalid',
  'goal.unknown': 'notFound',
  'goal.badStatus': 'invalid',
  'goal.badIndicatorValue': 'invalid',
  'goal.badIndicatorFigure': 'invalid',
  'goal.unknownIndicator': 'invalid',
  'goal.stale': 'conflict',
  // Adding a key goal and editing a risk on the unit page (issue 14).
  'goal.noText': 'invalid',
  'goal.unknownTheme': 'invalid',
  'goal.badIndicator': 'invalid',
  'goal.bindingForbidden': 'forbidden',
  'risk.unknown': 'notFound',
  'risk.stale': 'conflict',
  'risk.badScale': 'invalid',
  'risk.noText': 'invalid',
  'outcome.none': 'invalid',
  /** A comment on something that is neither the unit, a section of its report nor its goal. */
  'comment.target': 'invalid',
  /** The audit log searched by an action, entity or unit it does not know. */
  'audit.action': 'invalid',
  'audit.entity': 'invalid',
  'audit.unit': 'invalid',
  // Imports and their undoing.
  'import.appendReplaceAll': 'invalid',
  'import.unknown': 'notFound',
  'import.notUndoable': 'invalid',
  'import.alreadyUndone': 'conflict',
  'import.replacedLater': 'conflict',
  /** A budget or actuals file for a year without units, which an earlier year may start. */
  'import.noUnits': 'invalid',
  // Budget changes.
  'budget.decisionMissing': 'invalid',
  'budget.dateMissing': 'invalid',
  'budgetChange.noAmounts': 'invalid',
  'budgetChange.unknownUnit': 'invalid',
  'budgetChange.totalLine': 'invalid',
  'budgetChange.unknown': 'notFound',
  'budgetChange.stale': 'conflict',
  /** `utfall budget-change edit --amount` not written UNIT:LINE=EUROS. */
  'budgetChange.amountOption': 'invalid',
  /** A line named in a budget change that is no report line. */
  'budgetChange.line': 'invalid',
  /** `--base-version` that is no version. */
  'budgetChange.baseVersion': 'invalid',
  /** `utfall budget-change edit` given nothing to correct. */
  'budgetChange.nothingToChange': 'invalid',
  /** `utfall budget-change delete` off a terminal without --yes. */
  'budgetChange.confirm': 'invalid',
  // Column mappings remembered for an ERP's files.
  'columnMapping.unknown': 'notFound',
  'columnMapping.name': 'invalid',
  'columnMapping.columns': 'invalid',
  // Budget profiles (budgets by month).
  'profile.unknown': 'notFound',
  'profile.name': 'invalid',
  'profile.weights': 'invalid',
  'profile.line': 'invalid',
  'profile.lineTaken': 'conflict',
  // The drill-down.
  /** A line that is no report line. */
  'drill.line': 'invalid',
  /** An account that is not an account number. */
  'drill.account': 'invalid',
  /** A month outside the year or after the period's end. */
  'drill.month': 'invalid',
  /** A level the scope cannot be broken down by. */
  'drill.level': 'invalid',
  /** A workbook download of more rows than MAX_XLSX_ROWS (src/report/drill-export.ts). */
  'drill.xlsxTooLarge': 'tooLarge',
  // Reports and files.
  'pdf.noChromium': 'unavailable',
  'report.unitRequired': 'invalid',
  'report.outputRequired': 'invalid',
  'file.unreadable': 'invalid',
  'server.badPort': 'invalid',
  // The embedded database's data folder, held by another process.
  'data.locked': 'unavailable',
  // Users.
  'user.bad-name': 'invalid',
  'user.password-short': 'invalid',
  'user.exists': 'conflict',
  'user.unknown': 'notFound',
  'user.selfDemote': 'invalid',
  'user.selfDisable': 'invalid',
  'user.unknownUnits': 'invalid',
  /** Units given in a municipality whose organisation is not imported yet. */
  'user.noUnitsYet': 'invalid',
  'user.unitsAmbiguous': 'invalid',
  'user.municipalityAmbiguous': 'invalid',
  'user.unitsWithoutMembership': 'invalid',
  'user.noMembership': 'invalid',
  'user.sharedAccount': 'forbidden',
  // Municipalities and the installation.
  'installation.adminOnly': 'forbidden',
  'municipality.badId': 'invalid',
  'municipality.exists': 'conflict',
} as const satisfies Record<string, ErrorKind>;

export type ErrorCode = keyof typeof CODES;
export type ErrorParams = Record<string, string | number>;

export class UtfallError extends Error {
  readonly kind: ErrorKind;

  constructor(
    readonly code: ErrorCode,
    readonly params: ErrorParams = {},
    /** What the API answers beside the message (validation issues, both texts of a conflict). */
    readonly details?: unknown,
  ) {
    super(`${code} ${JSON.stringify(params)}`);
    this.kind = CODES[code];
  }
}
