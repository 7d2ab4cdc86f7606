/** Marks that carry meaning in text and shape, never by colour alone. */
import type { OverviewUnit } from '../../../src/api/pages.js';
import { LINES, type LineCode } from '../../../src/domain/lines.js';
import { pick, useI18n, type Language } from '../i18n/index.js';
import { Icon, type IconName } from './icons.js';

type ReportState = OverviewUnit['state'];
type UnitKind = OverviewUnit['kind'];

const LINE_NAMES = new Map(LINES.map((line) => [line.code, line.names]));

/** The label of a standard report line in the language. */
export function lineName(code: string, lang: Language): string {
  const names = LINE_NAMES.get(code as LineCode);
  return names ? pick(names, lang) : code;
}

const STATE_ICONS: Record<ReportState, IconName> = {
  draft: 'draft',
  submitted: 'submitted',
  approved: 'achieved',
  locked: 'lock',
};

/** The workflow state as a labelled badge with an icon per state. */
export function StateBadge({ state }: { state: ReportState }) {
  const { t } = useI18n();
  const icon = STATE_ICONS[state];
  return (
    <span className={`badge state-${state}`}>
      <Icon name={icon} /> {t(`state.${state}`)}
    </span>
  );
}

/** A breach of the binding line: a warning sign and the word. */
export function BreachMark() {
  const { t } = useI18n();
  return (
    <span className="badge breach">
      <Icon name="warning" /> {t('overview.breach')}
    </span>
  );
}

/**
 * A unit's shown line worse than its budget, bound or not (a cost over it, a revenue under it):
 * an arrow and the words, not colour alone.
 */
export function OverrunMark() {
  const { t } = useI18n();
  return (
    <span className="badge overrun">
      <Icon name="overrun" /> {t('overview.overrun')}
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
          <Icon name="error" /> {t('checks.errorCount', { count: errors })}
        </span>
      )}
      {warnings > 0 && (
        <span className="badge finding-warning">
          <Icon name="warning" /> {t('checks.warningCount', { count: warnings })}
        </span>
      )}
    </span>
  );
}

export function kindName(kind: UnitKind, t: ReturnType<typeof useI18n>['t']): string {
  return t(`kind.${kind}`);
}
