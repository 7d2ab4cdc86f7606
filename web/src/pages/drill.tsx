/**
 * The drill-down from a figure of the unit page to the ledger lines behind it: the scope (a unit,
 * its subtree or its own entries, a line, an account, a month, up to a period) read from the
 * address — `?unit=&line=&period=&own=&account=&month=&by=&q=&sort=&order=&page=`, and `from`,
 * the unit whose page it started from — so that every level has an address of its own to share.
 * The page shows the path from the figure down as breadcrumbs, the scope in words, its figure,
 * the levels it can be broken down by and the level's rows (units, accounts, months: each a link
 * one level down, with a total row and a sentence saying whether the rows add up to the figure
 * above, to the cent), or its postings (searched, sorted, paged, with the sum check and the
 * downloads). At the figure itself, what explains the deviation: its largest contributors.
 * Amounts are shown in euros and cents, each amount cell carrying its cents in `data-cents`.
 */
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import {
  drillQuerySchema,
  drillSchema,
  explanationSchema,
  type DrillLevel,
  type DrillRow,
  type DrillView,
  type ExplanationView,
  type PostingSort,
} from '../../../src/api/drill.js';
import { apiPath, query } from '../api.js';
import { Icon } from '../components/icons.js';
import { kindName } from '../components/marks.js';
import { ScrollRegion } from '../components/scroll-region.js';
import { Message, PageHeading, VisuallyHidden } from '../components/status.js';
import { HeaderRow, type Column } from '../components/table.js';
import { formatCents, formatDate, formatPercent, monthName } from '../format.js';
import { useResource } from '../hooks.js';
import { pick, useI18n, type Language, type Translate } from '../i18n/index.js';
import { Link, navigate, useLocation } from '../router.js';
import './drill.css';

type LineCode = DrillView['line']['code'];

/** What the address says the page shows. */
export interface DrillScope {
  unit: string;
  line: LineCode;
  /** `YYYY-MM`: up to that month; none for the year. */
  period?: string | undefined;
  own?: boolean | undefined;
  account?: string | undefined;
  month?: number | undefined;
  by?: DrillLevel | undefined;
  q?: string | undefined;
  sort?: PostingSort | undefined;
  order?: 'asc' | 'desc' | undefined;
  page?: number | undefined;
  /** The unit whose page the drill-down started from (the breadcrumbs' first); default `unit`. */
  from?: string | undefined;
}

/** The scope of an address's query string, read by the API's own schema; null when it has none. */
export function readScope(search: string): DrillScope | null {
  const params = new URLSearchParams(search);
  const values: Record<string, string> = {};
  for (const [name, value] of params) if (value !== '') values[name] = value;
  const parsed = drillQuerySchema.safeParse(values);
  if (!parsed.success) return null;
  const { unit, line, period, own, account, month, by, q, sort, order, page } = parsed.data;
  const from = values.from;
  return {
    unit,
    line,
    period,
    own: own === 'true',
    account,
    month,
    by,
    q: q?.trim() ? q : undefined,
    sort,
    order,
    page,
    from: from !== undefined && from !== unit && from.length <= 64 ? from : undefined,
  };
}

/** The scope without its level, search, sorting and page: what a level's rows are of. */
function whereOf(scope: DrillScope): DrillScope {
  return {
    unit: scope.unit,
    line: scope.line,
    period: scope.period,
    own: scope.own,
    account: scope.account,
    month: scope.month,
    from: scope.from ?? scope.unit,
  };
}

/** The query string of a scope, in a fixed order (the page's address). */
export function scopeSearch(scope: DrillScope): string {
  return query({
    unit: scope.unit,
    line: scope.line,
    period: scope.period,
    own: scope.own ? 'true' : undefined,
    account: scope.account,
    month: scope.month,
    by: scope.by,
    q: scope.q,
    sort: scope.sort,
    order: scope.order,
    page: scope.page !== undefined && scope.page > 1 ? scope.page : undefined,
    from: scope.from !== undefined && scope.from !== scope.unit ? scope.from : undefined,
  });
}

/** The address of a scope's drill page under `base` (`/m/lovisa/2023`). */
export function drillHref(base: string, scope: DrillScope): string {
  return `${base}/drill${scopeSearch(scope)}`;
}

/** The API's query of a scope (the address's, without `from`; `by` as given, else left out). */
export function apiSearch(
  scope: DrillScope,
  options: { by?: DrillLevel; all?: boolean; lang?: Language } = {},
) {
  return query({
    unit: scope.unit,
    line: scope.line,
    period: scope.period,
    own: scope.own ? 'true' : undefined,
    account: scope.account,
    month: scope.month,
    by: options.by ?? scope.by,
    q: scope.q,
    sort: scope.sort,
    order: scope.order,
    page: options.all || scope.page === undefined || scope.page <= 1 ? undefined : scope.page,
    lang: options.lang,
  });
}

/** The scope one level below a row (null: the row has nothing below it). */
export function rowScope(scope: DrillScope, by: DrillLevel, row: DrillRow): DrillScope | null {
  if (!row.drillable) return null;
  const where = whereOf(scope);
  if (by === 'units' && row.unit) return { ...where, unit: row.unit.code, own: row.unit.own };
  if (by === 'accounts' && row.account !== null) return { ...where, account: row.account };
  if (by === 'months' && row.month !== null) return { ...where, month: row.month };
  return null;
}

/** A unit as the drill answer names it (its ancestors too). */
type UnitRef = DrillView['unit'];

/**
 * The ancestors (root first) of `unit`, as far as an answer knows them: its own, when it is the
 * answer's unit or one of its ancestors; else (an answer of the scope before, while the new
 * one loads) the answer's unit and its ancestors, the unit taken for a unit below it — as a row
 * of the units level is.
 */
export function ancestorsFor(
  view: Pick<DrillView, 'unit' | 'ancestors'>,
  unit: string,
): readonly UnitRef[] {
  const path = [...view.ancestors, view.unit];
  const at = path.findIndex((u) => u.code === unit);
  return at >= 0 ? path.slice(0, at) : path;
}

/**
 * The units from `from` down to `unit`, both included, by the unit's ancestors (root first);
 * just `unit` when `from` is not above it.
 */
export function unitChain(ancestors: readonly string[], from: string, unit: string): string[] {
  if (from === unit) return [unit];
  const at = ancestors.indexOf(from);
  return at < 0 ? [unit] : [...ancestors.slice(at), unit];
}

/** One step of the breadcrumbs: where it leads, and what it is. */
export type Crumb =
  | { kind: 'unitPage'; unit: string }
  | { kind: 'figure'; unit: string; scope: DrillScope }
  | { kind: 'unit'; unit: string; scope: DrillScope }
  | { kind: 'own'; unit: string; scope: DrillScope }
  | { kind: 'account'; account: string; scope: DrillScope }
  | { kind: 'month'; month: number; scope: DrillScope };

/**
 * The path from the figure down to the scope: the unit page of the figure, the figure (its unit
 * × line), each unit below it, the unit's own entries, the account, the month. The last is the
 * page itself.
 */
export function crumbsOf(scope: DrillScope, ancestors: readonly string[]): Crumb[] {
  const chain = unitChain(ancestors, scope.from ?? scope.unit, scope.unit);
  const first = chain[0]!;
  const at = (more: Partial<DrillScope>): DrillScope => ({
    unit: first,
    line: scope.line,
    period: scope.period,
    from: first,
    ...more,
  });
  const crumbs: Crumb[] = [
    { kind: 'unitPage', unit: first },
    { kind: 'figure', unit: first, scope: at({}) },
  ];
  for (const code of chain.slice(1))
    crumbs.push({ kind: 'unit', unit: code, scope: at({ unit: code }) });
  const own = scope.own === true;
  if (own) crumbs.push({ kind: 'own', unit: scope.unit, scope: at({ unit: scope.unit, own }) });
  if (scope.account !== undefined)
    crumbs.push({
      kind: 'account',
      account: scope.account,
      scope: at({ unit: scope.unit, own, account: scope.account }),
    });
  if (scope.month !== undefined)
    crumbs.push({
      kind: 'month',
      month: scope.month,
      scope: at({ unit: scope.unit, own, account: scope.account, month: scope.month }),
    });
  return crumbs;
}

/** How many pages `matching` postings take, `pageSize` a page (at least one). */
export function pageCount(matching: number, pageSize: number): number {
  return Math.max(1, Math.ceil(matching / Math.max(1, pageSize)));
}

/** The order a column header's click asks for: the other way on the sorted column, else up. */
export function nextOrder(
  sort: PostingSort,
  order: 'asc' | 'desc',
  column: PostingSort,
): 'asc' | 'desc' {
  return sort === column && order === 'asc' ? 'desc' : 'asc';
}

function capitalize(text: string, lang: Language): string {
  return text.charAt(0).toLocaleUpperCase(lang) + text.slice(1);
}

/** When the figures are: the month, the months 1–m of a period, or the whole year. */
function whenWords(view: DrillView, t: Translate): string {
  if (view.month !== null)
    return t('drill.when.month', { month: monthName(view.month, t), year: view.year });
  if (view.period !== null && view.period < 12)
    return t('drill.when.period', {
      from: monthName(1, t),
      to: monthName(view.period, t),
      year: view.year,
    });
  return t('drill.when.year', { year: view.year });
}

/** The scope beyond its line and unit, in words: own entries, account, when. */
function detailWords(view: DrillView, t: Translate, lang: Language): string {
  const parts: string[] = [];
  if (view.own) parts.push(t('drill.ownShort'));
  if (view.account !== null) parts.push(t('drill.account', { account: view.account }));
  parts.push(whenWords(view, t));
  return capitalize(parts.join(', '), lang);
}

/** The scope in words, for captions: line, unit, own, account, when. */
function scopeWords(view: DrillView, t: Translate, lang: Language): string {
  return `${pick(view.line.label, lang)}, ${view.unit.code} ${pick(view.unit.names, lang)}, ${detailWords(view, t, lang).toLocaleLowerCase(lang)}`;
}

const LEVEL_KEYS = {
  units: 'drill.level.units',
  accounts: 'drill.level.accounts',
  months: 'drill.level.months',
  postings: 'drill.level.postings',
} as const;

const CAPTION_KEYS = {
  units: 'drill.caption.units',
  accounts: 'drill.caption.accounts',
  months: 'drill.caption.months',
  postings: 'drill.caption.postings',
} as const;

const SORT_KEYS = {
  date: 'drill.postings.date',
  voucher: 'drill.postings.voucher',
  text: 'drill.postings.text',
  amount: 'drill.postings.amount',
  unit: 'drill.postings.unit',
  row: 'drill.postings.row',
} as const;

/**
 * An amount cell: euros and cents, with what it is in `data-figure` and its cents in
 * `data-cents` (none where the cell is empty), for whoever checks the sums.
 */
function Amount({
  cents,
  figure,
}: {
  cents: number | null;
  figure: 'budget' | 'actual' | 'deviation' | 'amount';
}) {
  const { lang } = useI18n();
  return (
    <td
      className="num"
      data-figure={figure}
      data-cents={cents === null ? undefined : String(cents)}
    >
      {cents === null ? '' : formatCents(cents, lang)}
    </td>
  );
}

/**
 * A table's caption as shown: above its scrolling region, so that it wraps at the screen's width
 * instead of the table's (the table keeps its caption for screen readers, which this hides).
 */
function TableTitle({ caption }: { caption: string }) {
  return (
    <p className="drill-caption" aria-hidden="true">
      {caption}
    </p>
  );
}

/** A share of the deviation (0–1) as a percentage. */
function shareText(share: number | null, lang: Language): string {
  return share === null ? '' : formatPercent(share * 100, lang);
}

export default function DrillPage({ m, year }: { m: string; year: number }) {
  const { t, lang } = useI18n();
  const location = useLocation();
  const scope = readScope(location.search);
  const base = `/m/${encodeURIComponent(m)}/${year}`;
  const path = scope ? apiPath('m', m, year, 'drill') + apiSearch(scope) : null;
  const { data, error } = useResource(path, drillSchema);
  // The answer shown is the address's once it has arrived for it (not the previous scope's).
  const [shownFor, setShownFor] = useState<string | null>(null);
  useEffect(() => {
    // Only a new answer marks the shown data as the current path's.
    if (data) setShownFor(path);
  }, [data]);
  const busy = data === undefined || shownFor !== path;
  // A row's link is gone once its level below is shown: the focus it had goes to the heading.
  const shownBefore = useRef<string | null>(null);
  useEffect(() => {
    const before = shownBefore.current;
    shownBefore.current = shownFor;
    if (before === null || shownFor === null) return;
    const active = document.activeElement;
    if (active === null || active === document.body)
      document.querySelector<HTMLElement>('.drill-page h1')?.focus();
  }, [shownFor]);

  const first =
    scope !== null &&
    scope.from === undefined &&
    !scope.own &&
    scope.account === undefined &&
    scope.month === undefined;
  const explanation = useResource<ExplanationView>(
    first && data !== undefined && data.figure.deviation
      ? apiPath('m', m, year, 'drill', 'explanation') +
          query({ unit: scope.unit, line: scope.line, period: scope.period })
      : null,
    explanationSchema,
  );

  if (!scope) {
    return (
      <div className="page drill-page">
        <PageHeading title={t('drill.title')}>{t('drill.title')}</PageHeading>
        <Message kind="error">{t('drill.badAddress')}</Message>
        <p>
          <Link to={base}>{t('nav.overview')}</Link>
        </p>
      </div>
    );
  }

  if (!data) {
    return (
      <div className="page drill-page" aria-busy="true">
        <PageHeading title={t('drill.title')}>{t('drill.title')}</PageHeading>
        {error ? (
          <Message kind="error" error={error} />
        ) : (
          <p className="loading" role="status">
            {t('common.loading')}
          </p>
        )}
      </div>
    );
  }

  // The path down from the figure's unit: the scope unit's ancestors, as the answer names them.
  const ancestors = ancestorsFor(data, scope.unit);
  const names = new Map<string, UnitRef['names']>(
    [...data.ancestors, data.unit].map((u) => [u.code, u.names]),
  );
  const unitLabel = (code: string) => {
    const found = names.get(code);
    return found ? `${code} ${pick(found, lang)}` : code;
  };
  const lineLabel = pick(data.line.label, lang);
  const unitName = pick(data.unit.names, lang);
  const title = `${t('drill.title')}: ${lineLabel}, ${data.unit.code}`;
  const where = whereOf(scope);

  return (
    <div className="page wide drill-page" aria-busy={busy}>
      <Breadcrumbs
        crumbs={crumbsOf(
          scope,
          ancestors.map((u) => u.code),
        )}
        base={base}
        lineLabel={lineLabel}
        unitLabel={unitLabel}
      />
      <PageHeading title={title}>
        <span className="drill-kicker">{t('drill.title')}</span>
        {lineLabel}: <span className="code">{data.unit.code}</span> {unitName}
        <span className="drill-when">{detailWords(data, t, lang)}</span>
      </PageHeading>
      <p className="lead">
        {kindName(data.unit.kind, t)}
        {data.own ? ` · ${t('drill.ownLead')}` : ''}
      </p>
      {error && <Message kind="error" error={error} />}

      <Figure view={data} />

      {data.levels.length > 0 && (
        <nav className="drill-levels" aria-label={t('drill.levelsLabel')}>
          <span className="drill-levels-label" aria-hidden="true">
            {t('drill.levelsLabel')}:
          </span>
          <ul>
            {data.levels.map((level) => (
              <li key={level}>
                <Link
                  to={drillHref(base, { ...where, by: level })}
                  aria-current={level === data.by ? 'page' : undefined}
                >
                  {t(LEVEL_KEYS[level])}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      )}

      {data.by === 'postings' ? (
        <Postings view={data} scope={scope} base={base} m={m} />
      ) : (
        <LevelTable view={data} scope={scope} base={base} />
      )}

      <p className="footnote">
        {data.period !== null && data.period < 12 && data.month === null
          ? t('drill.footnotePeriod', { month: data.period, year: data.year })
          : t('drill.footnote')}
      </p>

      {first && explanation.data && explanation.data.contributors.length > 0 && (
        <Explanation explanation={explanation.data} scope={scope} base={base} />
      )}
    </div>
  );
}

function Breadcrumbs({
  crumbs,
  base,
  lineLabel,
  unitLabel,
}: {
  crumbs: Crumb[];
  base: string;
  lineLabel: string;
  unitLabel: (code: string) => string;
}) {
  const { t, lang } = useI18n();
  const label = (crumb: Crumb): string => {
    switch (crumb.kind) {
      case 'unitPage':
      case 'unit':
        return unitLabel(crumb.unit);
      case 'figure':
        return lineLabel;
      case 'own':
        return t('drill.crumbOwn', { unit: crumb.unit });
      case 'account':
        return capitalize(t('drill.account', { account: crumb.account }), lang);
      case 'month':
        return capitalize(monthName(crumb.month, t), lang);
    }
  };
  const period = crumbs.find((c) => c.kind === 'figure')?.scope?.period;
  return (
    <nav aria-label={t('unit.breadcrumb')} className="breadcrumb">
      <ol>
        {crumbs.map((crumb, i) => {
          const last = i === crumbs.length - 1;
          const to =
            crumb.kind === 'unitPage'
              ? `${base}/units/${encodeURIComponent(crumb.unit)}${query({ period })}`
              : drillHref(base, crumb.scope);
          return (
            <li key={`${crumb.kind}-${i}`} aria-current={last ? 'page' : undefined}>
              {last ? label(crumb) : <Link to={to}>{label(crumb)}</Link>}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}

/** The scope's figure: the budget, actual and deviation the rows below add up to. */
function Figure({ view }: { view: DrillView }) {
  const { t, lang } = useI18n();
  const items: [string, string, number | null][] = [
    ['budget', t('drill.column.budget'), view.figure.budget],
    ['actual', t('drill.column.actual'), view.figure.actual],
    ['deviation', t('drill.column.deviation'), view.figure.deviation],
  ];
  return (
    <>
      <h2 className="visually-hidden">{t('drill.figureLabel')}</h2>
      <dl className="drill-figure">
        {items.map(([key, label, cents]) => (
          <div key={key} className={`drill-figure-${key}`}>
            <dt>{label}</dt>
            <dd data-figure={key} data-cents={cents === null ? undefined : String(cents)}>
              {cents === null ? t('drill.none') : formatCents(cents, lang)}
            </dd>
          </div>
        ))}
      </dl>
    </>
  );
}

/** Whether the rows add up to the figure, in words (both cases), with the difference if not. */
function AddsSentence({ view }: { view: DrillView }) {
  const { t, lang } = useI18n();
  const difference = (a: number | null, b: number | null) => formatCents((a ?? 0) - (b ?? 0), lang);
  return (
    <p className={`drill-check ${view.adds ? 'adds' : 'differs'}`} data-adds={String(view.adds)}>
      <Icon name={view.adds ? 'achieved' : 'warning'} />{' '}
      {view.adds
        ? t('drill.adds')
        : t('drill.notAdds', {
            budget: difference(view.total.budget, view.figure.budget),
            actual: difference(view.total.actual, view.figure.actual),
            deviation: difference(view.total.deviation, view.figure.deviation),
          })}
    </p>
  );
}

/** The units, accounts or months of the scope, each a link one level down, and their total. */
function LevelTable({ view, scope, base }: { view: DrillView; scope: DrillScope; base: string }) {
  const { t, lang } = useI18n();
  const by = view.by;
  const caption = t(CAPTION_KEYS[by], { scope: scopeWords(view, t, lang) });
  const marked = view.account !== null && by === 'months';
  const columns: Column[] = [
    {
      label:
        by === 'units'
          ? t('drill.column.unit')
          : by === 'accounts'
            ? t('drill.column.account')
            : t('drill.column.month'),
    },
    ...(by === 'units' ? [{ label: t('drill.column.kind') }] : []),
    { label: t('drill.column.budget'), num: true },
    { label: t('drill.column.actual'), num: true },
    { label: t('drill.column.deviation'), num: true },
    { label: t('drill.column.share'), num: true },
  ];
  const label = (row: DrillRow): ReactNode => {
    if (by === 'units' && row.unit) {
      const name = (
        <>
          <span className="code">{row.unit.code}</span> {pick(row.unit.names, lang)}
        </>
      );
      return row.unit.own ? (
        <>
          {name}
          {t('drill.ownRow')}
        </>
      ) : (
        name
      );
    }
    if (by === 'accounts')
      return row.account === null ? t('drill.byLine') : <span className="code">{row.account}</span>;
    return row.month === null ? '' : capitalize(monthName(row.month, t), lang);
  };
  const balanceMonths = marked && view.rows.some((row) => !row.postings);
  const shares = view.rows.reduce((sum, row) => sum + (row.share ?? 0), 0);
  return (
    <>
      {view.rows.length === 0 ? (
        <p className="muted">{t('drill.noRows')}</p>
      ) : (
        <>
          <TableTitle caption={caption} />
          <ScrollRegion label={caption}>
            <table className={`figures drill-table drill-${by}`}>
              <caption className="visually-hidden">{caption}</caption>
              <thead>
                <HeaderRow columns={columns} />
              </thead>
              <tbody>
                {view.rows.map((row) => {
                  const below = rowScope(scope, by, row);
                  const key = `${row.unit?.code ?? ''}-${row.unit?.own ? 'own' : ''}-${row.account ?? ''}-${row.month ?? ''}`;
                  return (
                    <tr key={key}>
                      <th scope="row">
                        {below ? <Link to={drillHref(base, below)}>{label(row)}</Link> : label(row)}
                        {marked && !row.postings && (
                          <span className="badge balance-mark">
                            <Icon name="info" /> {t('drill.balanceMark')}
                          </span>
                        )}
                      </th>
                      {by === 'units' && <td>{row.unit ? kindName(row.unit.kind, t) : ''}</td>}
                      <Amount cents={row.budget} figure="budget" />
                      <Amount cents={row.actual} figure="actual" />
                      <Amount cents={row.deviation} figure="deviation" />
                      <td className="num">{shareText(row.share, lang)}</td>
                    </tr>
                  );
                })}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row">{t('drill.total')}</th>
                  {by === 'units' && <td />}
                  <Amount cents={view.total.budget} figure="budget" />
                  <Amount cents={view.total.actual} figure="actual" />
                  <Amount cents={view.total.deviation} figure="deviation" />
                  <td className="num">{view.figure.deviation ? shareText(shares, lang) : ''}</td>
                </tr>
              </tfoot>
            </table>
          </ScrollRegion>
        </>
      )}
      <AddsSentence view={view} />
      {balanceMonths && <p className="footnote">{t('drill.balanceNote')}</p>}
    </>
  );
}

/** The postings of an account: search, sortable columns, pages, the sum check, downloads. */
function Postings({
  view,
  scope,
  base,
  m,
}: {
  view: DrillView;
  scope: DrillScope;
  base: string;
  m: string;
}) {
  const { t, lang } = useI18n();
  const postings = view.postings!;
  const where = { ...whereOf(scope), by: 'postings' as const };
  const sort = scope.sort ?? 'date';
  const order = scope.order ?? 'asc';
  const pages = pageCount(postings.matching, postings.pageSize);
  const caption = t(CAPTION_KEYS.postings, { scope: scopeWords(view, t, lang) });
  const showUnit = postings.rows.some((p) => p.unitCode !== view.unit.code);
  const go = (more: Partial<DrillScope>) =>
    navigate(
      drillHref(base, { ...where, q: scope.q, sort: scope.sort, order: scope.order, ...more }),
    );

  // The search box shows the address's search (after back, or "show all"), and stays focused.
  const [text, setText] = useState(scope.q ?? '');
  useEffect(() => setText(scope.q ?? ''), [scope.q]);
  const search = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    go({ q: text.trim() || undefined, page: undefined });
  };

  const header = (column: PostingSort) => {
    const sorted = sort === column;
    return (
      <th
        key={column}
        scope="col"
        className={column === 'amount' ? 'num' : undefined}
        aria-sort={sorted ? (order === 'asc' ? 'ascending' : 'descending') : 'none'}
      >
        <button
          type="button"
          className="sort"
          onClick={() =>
            go({ sort: column, order: nextOrder(sort, order, column), page: undefined })
          }
        >
          {t(SORT_KEYS[column])}
          <span className="sort-mark" aria-hidden="true">
            {sorted ? (order === 'asc' ? ' ▲' : ' ▼') : ' ↕'}
          </span>
        </button>
      </th>
    );
  };

  const download = (ext: 'csv' | 'xlsx') =>
    apiPath('m', m, view.year, `drill.${ext}`) +
    apiSearch(scope, { by: 'postings', all: true, lang });

  // The scope has no postings at all (a month booked as a balance, or nothing booked): nothing
  // to search, list or download.
  const none = postings.count === 0;
  const balances = postings.balances ?? 0;
  const actual = formatCents(view.figure.actual ?? 0, lang);
  const sumSentence =
    balances === 0
      ? none
        ? t('drill.postings.none', { actual })
        : t('drill.postings.sum', {
            count: postings.count,
            amount: formatCents(postings.amount ?? 0, lang),
            actual,
          })
      : none
        ? t('drill.postings.onlyBalances', { balances: formatCents(balances, lang), actual })
        : t('drill.postings.sumWithBalances', {
            count: postings.count,
            amount: formatCents(postings.amount ?? 0, lang),
            balances: formatCents(balances, lang),
            total: formatCents(view.total.actual ?? 0, lang),
            actual,
          });

  return (
    <>
      {!none && (
        <form role="search" className="drill-search" onSubmit={search}>
          <div className="field">
            <label htmlFor="drill-q">{t('drill.postings.search')}</label>
            <input
              id="drill-q"
              name="q"
              type="search"
              value={text}
              onChange={(e) => setText(e.target.value)}
              maxLength={200}
            />
          </div>
          <div className="buttons">
            <button type="submit">{t('drill.postings.searchButton')}</button>
            {scope.q && (
              <Link to={drillHref(base, { ...where, sort: scope.sort, order: scope.order })}>
                {t('drill.postings.showAll')}
              </Link>
            )}
          </div>
        </form>
      )}

      {!none && (
        <p className="result-count drill-matching" role="status" data-matching={postings.matching}>
          {scope.q
            ? t('drill.postings.matchingQuery', {
                count: postings.matching,
                all: postings.count,
                q: scope.q,
                amount: formatCents(postings.matchingAmount ?? 0, lang),
              })
            : t('drill.postings.matching', {
                count: postings.matching,
                amount: formatCents(postings.matchingAmount ?? 0, lang),
              })}
        </p>
      )}

      {postings.rows.length > 0 && (
        <>
          <TableTitle caption={caption} />
          <ScrollRegion label={caption}>
            <table className="figures drill-table drill-postings">
              <caption className="visually-hidden">
                {caption}
                {pages > 1 && (
                  <VisuallyHidden>
                    {' '}
                    ({t('drill.postings.page', { page: postings.page, pages })})
                  </VisuallyHidden>
                )}
              </caption>
              <thead>
                <tr>
                  {header('date')}
                  {header('voucher')}
                  {header('text')}
                  {showUnit && <th scope="col">{t('drill.postings.unit')}</th>}
                  {header('amount')}
                </tr>
              </thead>
              <tbody>
                {postings.rows.map((p) => (
                  <tr key={`${p.importId}-${p.row}`}>
                    <td className="nowrap">{formatDate(p.date)}</td>
                    <td className="code">{p.voucher}</td>
                    <th scope="row" className="posting-text">
                      {p.text}
                    </th>
                    {showUnit && <td className="code">{p.unitCode}</td>}
                    <Amount cents={p.amount} figure="amount" />
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row" colSpan={showUnit ? 4 : 3}>
                    {t('drill.postings.total', { count: postings.matching })}
                  </th>
                  <Amount cents={postings.matchingAmount} figure="amount" />
                </tr>
              </tfoot>
            </table>
          </ScrollRegion>
        </>
      )}

      {pages > 1 && (
        <nav className="pager drill-pager" aria-label={t('drill.postings.pages')}>
          {postings.page > 1 ? (
            <Link
              to={drillHref(base, {
                ...where,
                q: scope.q,
                sort: scope.sort,
                order: scope.order,
                page: postings.page - 1,
              })}
              rel="prev"
            >
              {t('drill.postings.previous')}
            </Link>
          ) : (
            <span className="muted">{t('drill.postings.previous')}</span>
          )}
          <span aria-current="page">
            {t('drill.postings.page', { page: postings.page, pages })}
          </span>
          {postings.page < pages ? (
            <Link
              to={drillHref(base, {
                ...where,
                q: scope.q,
                sort: scope.sort,
                order: scope.order,
                page: postings.page + 1,
              })}
              rel="next"
            >
              {t('drill.postings.next')}
            </Link>
          ) : (
            <span className="muted">{t('drill.postings.next')}</span>
          )}
        </nav>
      )}

      <p className={`drill-check ${view.adds ? 'adds' : 'differs'}`} data-adds={String(view.adds)}>
        <Icon name={view.adds ? 'achieved' : 'warning'} /> {sumSentence}{' '}
        {view.adds
          ? t('drill.postings.adds')
          : t('drill.postings.notAdds', {
              difference: formatCents((view.total.actual ?? 0) - (view.figure.actual ?? 0), lang),
            })}
      </p>
      {balances !== 0 && <p className="footnote">{t('drill.balanceNote')}</p>}

      {!none && (
        <section className="downloads" aria-labelledby="drill-downloads">
          <h2 id="drill-downloads">
            {scope.q ? t('drill.download.titleMatching') : t('drill.download.title')}
          </h2>
          <ul>
            <li>
              <a href={download('csv')} download>
                {t('drill.download.csv')}
              </a>
            </li>
            <li>
              <a href={download('xlsx')} download>
                {t('drill.download.xlsx')}
              </a>
            </li>
          </ul>
        </section>
      )}
    </>
  );
}

/** The largest contributors to the figure's deviation, each a link to its months. */
function Explanation({
  explanation,
  scope,
  base,
}: {
  explanation: ExplanationView;
  scope: DrillScope;
  base: string;
}) {
  const { t, lang } = useI18n();
  const caption = t('drill.explain.caption', {
    line: pick(explanation.line.label, lang),
    unit: `${explanation.unit.code} ${pick(explanation.unit.names, lang)}`,
  });
  return (
    <section className="drill-explanation" aria-labelledby="drill-explanation-title">
      <h2 id="drill-explanation-title">{t('drill.explain.title')}</h2>
      <p>
        {t('drill.explain.lead', {
          deviation: formatCents(explanation.figure.deviation ?? 0, lang),
        })}
      </p>
      <TableTitle caption={caption} />
      <ScrollRegion label={caption}>
        <table className="figures drill-table drill-contributors">
          <caption className="visually-hidden">{caption}</caption>
          <thead>
            <HeaderRow
              columns={[
                { label: t('drill.column.costCentre') },
                { label: t('drill.column.account') },
                { label: t('drill.column.budget'), num: true },
                { label: t('drill.column.actual'), num: true },
                { label: t('drill.column.deviation'), num: true },
                { label: t('drill.column.share'), num: true },
              ]}
            />
          </thead>
          <tbody>
            {explanation.contributors.map((c) => {
              const name = (
                <>
                  <span className="code">{c.unit.code}</span> {pick(c.unit.names, lang)}
                </>
              );
              const target: DrillScope | null =
                c.account === null
                  ? null
                  : {
                      unit: c.unit.code,
                      line: scope.line,
                      period: scope.period,
                      // A cost centre is its own entries; an area's own entries are asked for.
                      // A contributor is a unit's own entries on one account.
                      own: true,
                      account: c.account,
                      by: 'months',
                      from: scope.unit,
                    };
              return (
                <tr key={`${c.unit.code}-${c.account ?? ''}`}>
                  <th scope="row">
                    {target ? (
                      <Link to={drillHref(base, target)}>
                        {name}
                        <VisuallyHidden>
                          {t('drill.explain.linkSuffix', { account: c.account ?? '' })}
                        </VisuallyHidden>
                      </Link>
                    ) : (
                      name
                    )}
                  </th>
                  <td className="code">{c.account ?? t('drill.byLine')}</td>
                  <Amount cents={c.budget} figure="budget" />
                  <Amount cents={c.actual} figure="actual" />
                  <Amount cents={c.deviation} figure="deviation" />
                  <td className="num">{shareText(c.share, lang)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </ScrollRegion>
    </section>
  );
}
