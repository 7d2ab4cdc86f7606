/**
 * An audit entry's change in words: what the value was and became, read from the entry's
 * before and after as the operations record them (src/service: the workflow's states, a text's
 * versions, a goal's status, a budget change's amounts, an import's file…), with every state,
 * status, role, kind and line in the reader's language and amounts printed by the one formatter.
 * An entry of a shape this does not know is summarised as changed; the raw values stay for the
 * page's technical details.
 */
import { GOAL_STATUSES, type GoalStatus } from '../../../src/domain/goals.js';
import { REPORT_STATES, type ReportState } from '../../../src/domain/workflow.js';
import { ROLES, type Role } from '../../../src/domain/roles.js';
import { formatMoney } from '../../../src/domain/format.js';
import { isLineCode } from '../../../src/domain/lines.js';
import { IMPORT_KINDS } from '../../../src/domain/import-kinds.js';
import { RISK_STATUSES, type RiskStatus } from '../../../src/domain/risks.js';
import { formatDate } from '../format.js';
import type { AuditEntryView } from '../../../src/api/pages.js';
import { lineName } from '../components/marks.js';
import type { Language, Translate } from '../i18n/index.js';

type Value = Record<string, unknown>;

const isObject = (value: unknown): value is Value =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const field = (value: unknown, name: string): unknown =>
  isObject(value) ? value[name] : undefined;
const text = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : undefined;
const num = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) ? value : undefined;

const isState = (v: unknown): v is ReportState =>
  typeof v === 'string' && (REPORT_STATES as readonly string[]).includes(v);
const isStatus = (v: unknown): v is GoalStatus =>
  typeof v === 'string' && (GOAL_STATUSES as readonly string[]).includes(v);
const isRiskStatus = (v: unknown): v is RiskStatus =>
  typeof v === 'string' && (RISK_STATUSES as readonly string[]).includes(v);
const isRole = (v: unknown): v is Role =>
  typeof v === 'string' && (ROLES as readonly string[]).includes(v);
/** The kinds of file an import entry records (the import kinds and the interim forecasts). */
const FILE_KINDS = [...IMPORT_KINDS, 'forecast'] as const;
const isKind = (v: unknown): v is (typeof FILE_KINDS)[number] =>
  typeof v === 'string' && (FILE_KINDS as readonly string[]).includes(v);

/** `before → after`, or the one that is there. */
function arrow(before: string | undefined, after: string | undefined): string | undefined {
  if (before !== undefined && after !== undefined) return `${before} → ${after}`;
  return after ?? before;
}

/** A workflow state as recorded: the state itself, or an object carrying it. */
function stateOf(value: unknown): ReportState | undefined {
  if (isState(value)) return value;
  const state = field(value, 'state');
  return isState(state) ? state : undefined;
}

function euros(amount: unknown, lang: Language): string | undefined {
  const cents = num(amount);
  return cents === undefined ? undefined : formatMoney(cents, lang);
}

function workflow(entry: AuditEntryView, t: Translate): string[] {
  const before = stateOf(entry.before);
  const after = stateOf(entry.after);
  const change = arrow(before && t(`state.${before}`), after && t(`state.${after}`));
  const reason = text(field(entry.after, 'reason'));
  return [change, reason ? t('audit.summary.reason', { reason }) : undefined].filter(
    (s): s is string => !!s,
  );
}

function goal(entry: AuditEntryView, t: Translate): string[] {
  const before = field(entry.before, 'status');
  const after = field(entry.after, 'status');
  const out: string[] = [];
  if (isStatus(after) && before !== after) {
    out.push(
      t('audit.summary.status', {
        change: arrow(
          isStatus(before) ? t(`goalStatus.${before}`) : undefined,
          t(`goalStatus.${after}`),
        )!,
      }),
    );
  }
  if (
    JSON.stringify(field(entry.before, 'outcome')) !== JSON.stringify(field(entry.after, 'outcome'))
  )
    out.push(t('audit.summary.outcomeChanged'));
  if (
    JSON.stringify(field(entry.before, 'indicators')) !==
      JSON.stringify(field(entry.after, 'indicators')) &&
    field(entry.after, 'indicators') !== undefined
  )
    out.push(t('audit.summary.indicatorsChanged'));
  return out;
}

function user(entry: AuditEntryView, t: Translate): string[] {
  const out: string[] = [];
  const before = field(entry.before, 'role');
  const after = field(entry.after, 'role');
  if (isRole(after) && before !== after) {
    out.push(
      t('audit.summary.role', {
        change: arrow(isRole(before) ? t(`role.${before}`) : undefined, t(`role.${after}`))!,
      }),
    );
  }
  const disabled = field(entry.after, 'disabled');
  if (
    disabled !== field(entry.before, 'disabled') &&
    typeof disabled === 'boolean' &&
    entry.before !== null
  )
    out.push(t(disabled ? 'audit.summary.disabled' : 'audit.summary.enabled'));
  if (field(entry.after, 'passwordChanged') === true) out.push(t('audit.summary.password'));
  const units = (value: unknown) => JSON.stringify(field(value, 'units'));
  if (entry.before !== null && units(entry.before) !== units(entry.after))
    out.push(t('audit.summary.unitsChanged'));
  return out;
}

function importEntry(entry: AuditEntryView, t: Translate): string[] {
  const source = entry.action === 'undo' ? entry.before : entry.after;
  const kind = field(source, 'kind');
  const file = text(field(source, 'file'));
  const records = num(field(entry.after, 'records'));
  return [
    isKind(kind) ? t(`audit.summary.kind.${kind}`) : undefined,
    file ? t('audit.summary.file', { file }) : undefined,
    records !== undefined ? t('audit.summary.records', { count: records }) : undefined,
    entry.action === 'undo' ? t('audit.summary.undone') : undefined,
  ].filter((s): s is string => !!s);
}

function budgetChange(entry: AuditEntryView, t: Translate, lang: Language): string[] {
  // A correction shows what it changed, before → after; a new or deleted decision what it was.
  const of = (record: unknown) => {
    const amounts = field(record, 'amounts');
    const date = text(field(record, 'date'));
    return {
      decision: text(field(record, 'decision')),
      date: date && formatDate(date),
      total: Array.isArray(amounts)
        ? euros(
            amounts.reduce((sum: number, a) => sum + (num(field(a, 'amount')) ?? 0), 0),
            lang,
          )
        : undefined,
    };
  };
  const before = entry.before === null ? undefined : of(entry.before);
  const after = entry.after === null ? undefined : of(entry.after);
  const changed = (pick: (v: ReturnType<typeof of>) => string | undefined) => {
    const was = before && pick(before);
    const is = after && pick(after);
    return was === is ? is : arrow(was, is);
  };
  const decision = changed((v) => v.decision);
  const total = changed((v) => v.total);
  return [
    decision ? t('audit.summary.decision', { decision }) : undefined,
    changed((v) => v.date),
    total ? t('audit.summary.total', { amount: total }) : undefined,
    entry.after === null ? t('audit.summary.removed') : undefined,
  ].filter((s): s is string => !!s);
}

/** A risk's edit: its scale, status and owner before → after; its texts as changed. */
function risk(entry: AuditEntryView, t: Translate): string[] {
  const out: string[] = [];
  for (const name of ['likelihood', 'impact'] as const) {
    const was = num(field(entry.before, name));
    const is = num(field(entry.after, name));
    if (was !== is) out.push(`${t(`risks.${name}`)}: ${arrow(was?.toString(), is?.toString())}`);
  }
  const status = (v: unknown) => {
    const s = field(v, 'status');
    return isRiskStatus(s) ? t(`risks.statuses.${s}`) : undefined;
  };
  if (status(entry.before) !== status(entry.after))
    out.push(`${t('risks.status')}: ${arrow(status(entry.before), status(entry.after))}`);
  const owner = (v: unknown) => text(field(v, 'owner'));
  if (owner(entry.before) !== owner(entry.after))
    out.push(`${t('risks.owner')}: ${arrow(owner(entry.before), owner(entry.after))}`);
  for (const name of ['risk', 'measures'])
    if (JSON.stringify(field(entry.before, name)) !== JSON.stringify(field(entry.after, name)))
      out.push(t('audit.summary.textChanged'));
  return [...new Set(out)];
}

/** The change of one entry in words: one short line per thing that changed. */
export function changeSummary(entry: AuditEntryView, t: Translate, lang: Language): string[] {
  const created = entry.before === null || entry.before === undefined;
  const removed = entry.after === null || entry.after === undefined;
  switch (entry.entity) {
    case 'workflow':
      return workflow(entry, t);
    case 'narrative':
    case 'comment':
      return [
        t(
          created
            ? 'audit.summary.textWritten'
            : removed
              ? 'audit.summary.textRemoved'
              : 'audit.summary.textChanged',
        ),
      ];
    case 'goal': {
      const lines = goal(entry, t);
      return lines.length > 0 ? lines : [t('audit.summary.changed')];
    }
    case 'goals':
    case 'risks': {
      const count = (v: unknown) => (Array.isArray(v) ? v.length : 0);
      return [
        t(
          entry.entity === 'goals' ? 'audit.summary.goalsImported' : 'audit.summary.risksImported',
          {
            before: count(entry.before),
            count: count(entry.after),
          },
        ),
      ];
    }
    case 'forecast': {
      const change = arrow(
        euros(field(entry.before, 'amount'), lang),
        euros(field(entry.after, 'amount'), lang),
      );
      return [removed ? t('audit.summary.removed') : (change ?? t('audit.summary.changed'))];
    }
    case 'profile': {
      const line = field(entry.after ?? entry.before, 'line');
      return [
        removed
          ? t('audit.summary.removed')
          : t(created ? 'audit.summary.created' : 'audit.summary.changed'),
        ...(typeof line === 'string' && isLineCode(line) ? [lineName(line, lang)] : []),
      ];
    }
    case 'import':
      return importEntry(entry, t);
    case 'budgetChange':
      return budgetChange(entry, t, lang);
    case 'risk': {
      const lines = risk(entry, t);
      return lines.length > 0 ? lines : [t('audit.summary.changed')];
    }
    case 'columnMapping': {
      const name = text(field(entry.after ?? entry.before, 'name'));
      return [
        t(
          created
            ? 'audit.summary.created'
            : removed
              ? 'audit.summary.removed'
              : 'audit.summary.changed',
        ),
        ...(name ? [`”${name}”`] : []),
      ];
    }
    case 'user': {
      const lines = user(entry, t);
      return lines.length > 0
        ? lines
        : [t(created ? 'audit.summary.created' : 'audit.summary.changed')];
    }
    case 'year': {
      const from = num(field(entry.after, 'from'));
      return [
        from !== undefined
          ? t('audit.summary.yearFrom', { year: from })
          : t('audit.summary.created'),
      ];
    }
    default:
      return [
        t(
          created
            ? 'audit.summary.created'
            : removed
              ? 'audit.summary.removed'
              : 'audit.summary.changed',
        ),
      ];
  }
}
