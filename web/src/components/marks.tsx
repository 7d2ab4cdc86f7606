/** Marks that carry meaning in text and shape, never by colour alone. */
import type { OverviewUnit } from '../../../src/api/pages.js';
import { LINES, type LineCode } from '../../../src/domain/lines.js';
import { pick, useI18n, type Language } from '../i18n/index.js';

type ReportState = OverviewUnit['state'];
type UnitKind = OverviewUnit['kind'];

const LINE_NAMES = new Map(LINES.map((line) => [line.code, line.names]));

/** The label of a standard report line in the language. */
export function lineName(code: string, lang: Language): string {
  const names = LINE_NAMES.get(code as LineCode);
  return names ? pick(names, lang) : code;
}

/** The workflow state as a labelled badge with an icon per state. */
export function StateBadge({ state }: { state: ReportState }) {
  const { t } = useI18n();
  const icon = { draft: '✎', submitted: '➤', approved: '✓', locked: '🔒︎' }[state];
  return (
    <span className={`badge state-${state}`}>
      <span aria-hidden="true">{icon} </span>
      {t(`state.${state}`)}
    </span>
  );
}

/** A breach of the binding line: a warning sign and the word. */
export function BreachMark() {
  const { t } = useI18n();
  return (
    <span className="badge breach">
      <span aria-hidden="true">⚠ </span>
      {t('overview.breach')}
    </span>
  );
}

/** Errors and warnings of the checks, in words. */
export function FindingsMark({ errors, warnings }: { errors: number; warnings: number }) {
  const { t } = useI18n();
  if (errors === 0 && warnings === 0) return null;
  return (
    <span className="findings">
      {errors > 0 && (
        <span className="badge finding-error">
          <span aria-hidden="true">✖ </span>
          {t('checks.errorCount', { count: errors })}
        </span>
      )}
      {warnings > 0 && (
        <span className="badge finding-warning">
          <span aria-hidden="true">△ </span>
          {t('checks.warningCount', { count: warnings })}
        </span>
      )}
    </span>
  );
}

export function kindName(kind: UnitKind, t: ReturnType<typeof useI18n>['t']): string {
  return t(`kind.${kind}`);
}
