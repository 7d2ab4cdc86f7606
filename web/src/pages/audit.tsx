/**
 * The audit log of the municipality, newest first: who changed what and when, with the value
 * before and after. Filters by actor, action, entity, unit and dates live in the address.
 */
import { useMemo, useState, type FormEvent } from 'react';
import {
  AUDIT_ACTIONS,
  AUDIT_ENTITIES,
  type AuditAction,
  type AuditEntity,
} from '../../../src/api/pages.js';
import { apiPath, query } from '../api.js';
import { Loading, Message, PageHeading } from '../components/status.js';
import { formatDateTime } from '../format.js';
import { useResource } from '../hooks.js';
import { pick, useI18n, type Translate } from '../i18n/index.js';
import { HeaderRow } from '../components/table.js';
import { navigate, useLocation } from '../router.js';
import { auditPageSchema, overviewSchema } from '../schemas.js';
import { changeSummary } from './audit-change.js';
import { ScrollRegion } from '../components/scroll-region.js';

const FIELDS = ['actor', 'action', 'entity', 'unit', 'from', 'to'] as const;
type Field = (typeof FIELDS)[number];
const PAGE_SIZE = 50;

const isAction = (value: string): value is AuditAction =>
  (AUDIT_ACTIONS as readonly string[]).includes(value);
const isEntity = (value: string): value is AuditEntity =>
  (AUDIT_ENTITIES as readonly string[]).includes(value);

/** An action or entity in the user's words; one the web does not know is shown as recorded. */
function actionName(t: Translate, value: string): string {
  return isAction(value) ? t(`audit.actions.${value}`) : value;
}

function entityName(t: Translate, value: string): string {
  return isEntity(value) ? t(`audit.entities.${value}`) : value;
}

function show(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  return JSON.stringify(value, null, 2);
}

export default function AuditPage({ m, year }: { m: string; year: number }) {
  const { t, lang } = useI18n();
  const location = useLocation();
  const params = new URLSearchParams(location.search);
  const applied = Object.fromEntries(FIELDS.map((f) => [f, params.get(f) ?? ''])) as Record<
    Field,
    string
  >;
  const offset = Number(params.get('offset') ?? 0) || 0;
  const [form, setForm] = useState(applied);
  const { data, error, loading } = useResource(
    apiPath('m', m, 'audit') + query({ ...applied, limit: PAGE_SIZE, offset }),
    auditPageSchema,
  );
  // The year's units with their names, for the unit filter and the entries' units.
  const overview = useResource(apiPath('m', m, year, 'overview'), overviewSchema);
  const unitNames = useMemo(
    () => new Map((overview.data?.units ?? []).map((u) => [u.code, pick(u.names, lang)])),
    [overview.data, lang],
  );
  const unitLabel = (code: string) => {
    const name = unitNames.get(code);
    return name ? `${code} ${name}` : code;
  };
  const title = t('audit.title');

  const go = (values: Record<Field, string>, at: number) =>
    navigate(location.pathname + query({ ...values, offset: at || '' }), { replace: false });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    go(form, 0);
  };

  const labels: Record<Field, string> = {
    actor: t('audit.actor'),
    action: t('audit.action'),
    entity: t('audit.entity'),
    unit: t('audit.unit'),
    from: t('audit.from'),
    to: t('audit.to'),
  };

  return (
    <div className="page wide">
      <PageHeading title={title}>{title}</PageHeading>
      <p className="lead">{t('audit.lead', { year })}</p>
      <form className="filters" onSubmit={submit} aria-label={t('audit.filters')}>
        {FIELDS.map((field) => {
          const choices =
            field === 'action'
              ? AUDIT_ACTIONS.map((a) => ({ value: a, label: actionName(t, a) }))
              : field === 'entity'
                ? AUDIT_ENTITIES.map((e) => ({ value: e, label: entityName(t, e) }))
                : field === 'actor'
                  ? (data?.actors ?? (form.actor ? [form.actor] : [])).map((a) => ({
                      value: a,
                      label: a,
                    }))
                  : field === 'unit'
                    ? [
                        ...(overview.data?.units ?? []).map((u) => ({
                          value: u.code,
                          label: `${'\u2003'.repeat(u.depth)}${u.code} ${pick(u.names, lang)}`,
                        })),
                        ...(form.unit && !unitNames.has(form.unit)
                          ? [{ value: form.unit, label: form.unit }]
                          : []),
                      ]
                    : null;
          const set = (value: string) => setForm((f) => ({ ...f, [field]: value }));
          return (
            <div className="field" key={field}>
              <label htmlFor={`audit-${field}`}>{labels[field]}</label>
              {choices ? (
                <select
                  id={`audit-${field}`}
                  value={form[field]}
                  onChange={(e) => set(e.target.value)}
                >
                  <option value="">{t('audit.any')}</option>
                  {choices.map((c) => (
                    <option key={c.value} value={c.value}>
                      {c.label}
                    </option>
                  ))}
                </select>
              ) : (
                <input
                  id={`audit-${field}`}
                  type={field === 'from' || field === 'to' ? 'date' : 'text'}
                  value={form[field]}
                  onChange={(e) => set(e.target.value)}
                />
              )}
            </div>
          );
        })}
        <div className="buttons">
          <button type="submit">{t('audit.filter')}</button>
          <button
            type="button"
            className="secondary"
            onClick={() => {
              const empty = Object.fromEntries(FIELDS.map((f) => [f, ''])) as Record<Field, string>;
              setForm(empty);
              go(empty, 0);
            }}
          >
            {t('audit.clear')}
          </button>
        </div>
      </form>
      {error && <Message kind="error" error={error} />}
      {!data && loading && <Loading />}
      {data && (
        <>
          <p role="status">
            {data.total === 0
              ? t('audit.none')
              : t('audit.showing', {
                  from: data.offset + 1,
                  to: data.offset + data.entries.length,
                  total: data.total,
                })}
          </p>
          {data.entries.length > 0 && (
            <ScrollRegion label={t('audit.caption')}>
              <table className="figures audit-table">
                <caption>{t('audit.caption')}</caption>
                <thead>
                  <HeaderRow
                    columns={[
                      { label: t('audit.time') },
                      { label: t('audit.actor') },
                      { label: t('audit.action') },
                      { label: t('audit.entity') },
                      { label: t('audit.unit') },
                      { label: t('audit.change') },
                    ]}
                  />
                </thead>
                <tbody>
                  {data.entries.map((entry) => (
                    <tr key={entry.id}>
                      <th scope="row">
                        <time dateTime={entry.at}>{formatDateTime(entry.at, lang)}</time>
                      </th>
                      <td>{entry.actor}</td>
                      <td>{actionName(t, entry.action)}</td>
                      <td>{entityName(t, entry.entity)}</td>
                      <td>{entry.unit ? unitLabel(entry.unit) : ''}</td>
                      <td>
                        <ul className="change-summary">
                          {changeSummary(entry, t, lang).map((line, i) => (
                            <li key={i}>{line}</li>
                          ))}
                        </ul>
                        {(entry.before !== null || entry.after !== null) && (
                          <details>
                            <summary>{t('audit.showChange')}</summary>
                            <div className="change">
                              <p className="small-heading">
                                <strong>{t('audit.key')}</strong> <code>{entry.key}</code>
                              </p>
                              {entry.before !== null && entry.before !== undefined && (
                                <>
                                  <p className="small-heading">
                                    <strong>{t('audit.before')}</strong>
                                  </p>
                                  <pre>{show(entry.before)}</pre>
                                </>
                              )}
                              {entry.after !== null && entry.after !== undefined && (
                                <>
                                  <p className="small-heading">
                                    <strong>{t('audit.after')}</strong>
                                  </p>
                                  <pre>{show(entry.after)}</pre>
                                </>
                              )}
                            </div>
                          </details>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollRegion>
          )}
          <nav className="pager" aria-label={t('audit.pages')}>
            {data.offset > 0 && (
              <button
                type="button"
                className="secondary"
                onClick={() => go(applied, Math.max(0, data.offset - PAGE_SIZE))}
              >
                {t('audit.newer')}
              </button>
            )}
            {data.offset + data.entries.length < data.total && (
              <button
                type="button"
                className="secondary"
                onClick={() => go(applied, data.offset + PAGE_SIZE)}
              >
                {t('audit.older')}
              </button>
            )}
          </nav>
        </>
      )}
    </div>
  );
}
