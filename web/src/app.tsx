/**
 * The application's frame: the session (or the login page), the header with the municipality
 * and year, the language and the user, the main navigation, and the page of the current path.
 */
import { lazy, Suspense, useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import {
  apiPath,
  readResponse,
  request,
  setApiLanguage,
  setCsrfToken,
  setUnauthenticatedHandler,
} from './api.js';
import { yearsSchema } from '../../src/api/years.js';
import { forgetPrefetched, prefetch, useAnnouncement, useResource } from './hooks.js';
import {
  I18nContext,
  preferredLanguage,
  rememberLanguage,
  translator,
  useI18n,
  type Language,
} from './i18n/index.js';
import { LoginPage } from './pages/login.js';
import { OverviewPage } from './pages/overview.js';
import { UnitPage } from './pages/unit.js';
import { Link, matchPath, navigate, useLocation } from './router.js';
import {
  abilitiesIn,
  mayManageUsers,
  SessionContext,
  useSession,
  type AppContext,
  type Municipality,
  type Session,
} from './session.js';
import { LanguageChoice } from './components/language.js';
import { Loading, Message, PageHeading } from './components/status.js';
import type {} from './boot.js';
import { metaSchema, sessionSchema } from './schemas.js';

// Pages used less often load on demand, so that the overview and unit pages start fast.
const ImportsPage = lazy(() => import('./pages/imports.js'));
const BudgetChangesPage = lazy(() => import('./pages/budget-changes.js'));
const ChecksPage = lazy(() => import('./pages/checks.js'));
const ReportPage = lazy(() => import('./pages/report.js'));
const AuditPage = lazy(() => import('./pages/audit.js'));
const UsersPage = lazy(() => import('./pages/users.js'));
const YearStartPage = lazy(() => import('./pages/year-start.js'));
const DrillPage = lazy(() => import('./pages/drill.js'));

export type Phase =
  | { kind: 'loading' }
  | { kind: 'anonymous' }
  | { kind: 'error'; error: unknown }
  | { kind: 'in'; session: Session };

async function loadMeta(): Promise<Municipality[]> {
  const meta = await request('GET', '/api/meta', undefined, { schema: metaSchema });
  return meta.municipalities;
}

/** What the first render shows: rendered so on the server too (src/entry-server.tsx). */
export interface Start {
  phase: Phase;
  municipalities: Municipality[];
  lang: Language;
}

/**
 * All at once on start, before React first renders: the data of the page asked for (first, as the
 * embedded database answers one request at a time), the session, and the municipalities.
 */
function startSession(): Promise<Start> {
  const lang = preferredLanguage();
  setApiLanguage(lang);
  // boot.ts has started them already, unless it did not run (it is there in every build).
  const early = window.utfallBoot;
  window.utfallBoot = undefined;
  const page = early?.page
    ? readResponse(early.page.response, early.page.path)
    : Promise.resolve(undefined);
  if (early?.page) prefetch(early.page.path, page);
  const session = early
    ? readResponse(early.session, '/api/session', sessionSchema)
    : request('GET', '/api/session', undefined, { schema: sessionSchema });
  const meta = early
    ? readResponse(early.meta, '/api/meta', metaSchema).then((m) => m.municipalities)
    : loadMeta();
  const known = session.then(
    (s): Phase => {
      setCsrfToken(s.csrfToken);
      return { kind: 'in', session: s };
    },
    (error: unknown): Phase => {
      forgetPrefetched();
      const status = (error as { status?: number }).status;
      return status === 401 ? { kind: 'anonymous' } : { kind: 'error', error };
    },
  );
  // The first render waits for the page's data as well (asked for first, it is there by then),
  // so that the page appears complete in one render instead of after a loading state.
  const phase = known.then((result) =>
    page.then(
      () => result,
      () => result,
    ),
  );
  return Promise.all([phase, meta.catch((): Municipality[] => [])]).then(
    ([first, municipalities]) => ({ phase: first, municipalities, lang }),
  );
}

/** How the session stands once the first requests have been answered (in the browser only). */
export const firstStart: Promise<Start> | null =
  typeof window === 'undefined' ? null : startSession();

export function App({ start }: { start: Start }) {
  const [lang, setLangState] = useState<Language>(start.lang);
  const [phase, setPhase] = useState<Phase>(start.phase);
  const [municipalities, setMunicipalities] = useState<Municipality[]>(start.municipalities);
  const location = useLocation();

  const i18n = useMemo(
    () => ({
      lang,
      t: translator(lang),
      setLang: (next: Language) => {
        rememberLanguage(next);
        setLangState(next);
      },
    }),
    [lang],
  );

  useEffect(() => {
    document.documentElement.lang = lang;
    setApiLanguage(lang);
  }, [lang]);

  useEffect(() => {
    setUnauthenticatedHandler(() => {
      setCsrfToken(null);
      setPhase({ kind: 'anonymous' });
    });
    // From here on the application answers clicks (bench/page-load.ts reads the mark).
    performance.mark('utfall:interactive');
  }, []);

  // Not logged in: every path shows the login page, which returns to the path afterwards.
  useEffect(() => {
    if (phase.kind === 'anonymous' && location.pathname !== '/login') {
      const next = location.pathname + location.search + location.hash;
      navigate(`/login${next !== '/' ? `?next=${encodeURIComponent(next)}` : ''}`, {
        replace: true,
      });
    }
  }, [phase.kind, location]);

  const onLogin = useCallback(async (session: Session) => {
    setCsrfToken(session.csrfToken);
    setMunicipalities(await loadMeta());
    setPhase({ kind: 'in', session });
  }, []);

  // After a new year is started: the header's choice of municipality and year offers it.
  const reloadMunicipalities = useCallback(async () => {
    setMunicipalities(await loadMeta());
  }, []);

  const logout = useCallback(async () => {
    try {
      await request('DELETE', '/api/session');
    } finally {
      setCsrfToken(null);
      setPhase({ kind: 'anonymous' });
      navigate('/login', { replace: true });
    }
  }, []);

  const context: AppContext | null = useMemo(
    () =>
      phase.kind === 'in'
        ? { user: phase.session.user, may: phase.session.may, municipalities, logout }
        : null,
    [phase, municipalities, logout],
  );

  let body: ReactNode;
  switch (phase.kind) {
    case 'loading':
      body = <Loading />;
      break;
    case 'error':
      body = (
        <main id="main" className="page narrow">
          <Message kind="error" error={phase.error} />
        </main>
      );
      break;
    case 'anonymous':
      body = <LoginPage onLogin={onLogin} />;
      break;
    case 'in':
      body = (
        <SessionContext.Provider value={context}>
          <Shell reloadMunicipalities={reloadMunicipalities} />
        </SessionContext.Provider>
      );
      break;
  }
  return (
    <I18nContext.Provider value={i18n}>
      {body}
      <Footer />
    </I18nContext.Provider>
  );
}

/** The version of Utfall, as the CLI's --version and the API's /api/meta give it. */
function Footer() {
  const { t } = useI18n();
  const version = import.meta.env.UTFALL_VERSION;
  if (!version) return null;
  return (
    <footer className="app-footer">
      <small>{t('footer.version', { version })}</small>
    </footer>
  );
}

/** The parts of a path under a municipality and year, and which page it is. */
function useYearPath(): { m: string; year: number; rest: string } | null {
  const { pathname } = useLocation();
  // `/m/lovisa/2023/…`; `/lovisa/2023/…` is read the same way.
  const match = /^(?:\/m)?\/([^/]+)\/(\d{4})(\/.*)?$/.exec(pathname);
  if (!match) return null;
  return { m: decodeURIComponent(match[1] ?? ''), year: Number(match[2]), rest: match[3] ?? '' };
}

function Shell({ reloadMunicipalities }: { reloadMunicipalities: () => Promise<void> }) {
  const { t } = useI18n();
  const { may, municipalities } = useSession();
  const location = useLocation();
  const yearPath = useYearPath();
  const announcement = useAnnouncement();

  // The municipality and year in view, else the first municipality's latest year; a year the
  // municipality does not have is in view too (its page says so), but the menu has no pages of it.
  const first = municipalities[0];
  const latest = first ? Math.max(...first.years) : null;
  const m = yearPath?.m ?? first?.id ?? null;
  const year = yearPath?.year ?? latest;
  const known = yearPath === null || yearExists(municipalities, yearPath.m, yearPath.year);
  const base = m !== null && year !== null && known ? `/m/${encodeURIComponent(m)}/${year}` : null;
  const abilities = m !== null ? abilitiesIn(may, m) : null;
  // Whether the user may start a new year here: the years answer says.
  const years = useResource(m !== null ? apiPath('m', m, 'years') : null, yearsSchema);

  useEffect(() => {
    if ((location.pathname === '/' || location.pathname === '/login') && base) {
      const next = new URLSearchParams(location.search).get('next');
      navigate(next && next.startsWith('/') && !next.startsWith('//') ? next : base, {
        replace: true,
      });
    }
  }, [location, base]);

  return (
    <>
      <a className="skip-link" href="#main">
        {t('shell.skipToContent')}
      </a>
      <Header base={base} />
      {base && (
        <nav className="main-nav" aria-label={t('shell.mainNavigation')}>
          <ul>
            <NavItem to={base} exact label={t('nav.overview')} />
            <NavItem to={`${base}/checks`} label={t('nav.checks')} />
            <NavItem to={`${base}/budget-changes`} label={t('nav.budgetChanges')} />
            {abilities && abilities.imports.length > 0 && (
              <NavItem to={`${base}/imports`} label={t('nav.imports')} />
            )}
            <NavItem to={`${base}/report`} label={t('nav.report')} />
            <NavItem to={`${base}/audit`} label={t('nav.audit')} />
            {years.data?.mayStart && <NavItem to={`${base}/new-year`} label={t('nav.newYear')} />}
            {mayManageUsers(may) && <NavItem to="/users" label={t('nav.users')} />}
          </ul>
        </nav>
      )}
      <main id="main" tabIndex={-1}>
        <Suspense fallback={<Loading />}>
          <Page reloadMunicipalities={reloadMunicipalities} />
        </Suspense>
      </main>
      <div className="live-status" role="status" aria-live="polite">
        {announcement}
      </div>
    </>
  );
}

function NavItem({ to, label, exact }: { to: string; label: string; exact?: boolean }) {
  const { pathname } = useLocation();
  const current = exact ? pathname === to : pathname === to || pathname.startsWith(`${to}/`);
  return (
    <li>
      <Link to={to} aria-current={current ? 'page' : undefined}>
        {label}
      </Link>
    </li>
  );
}

/** Whether the municipality has the fiscal year (the list is /api/meta's). */
function yearExists(municipalities: readonly Municipality[], m: string, year: number): boolean {
  return municipalities.some(
    (municipality) => municipality.id === m && municipality.years.includes(year),
  );
}

function Header({ base }: { base: string | null }) {
  const { t } = useI18n();
  const { user, municipalities, logout } = useSession();
  const yearPath = useYearPath();
  // The year in view; a year asked for that does not exist is no choice, so none is selected.
  const selected = base ? base.slice(3).split('/').map(decodeURIComponent).join('/') : '';

  const choose = (value: string) => {
    const [m, year] = value.split('/');
    if (!m || !year) return;
    // Stay on the same kind of page; a unit page goes to the overview (the unit may not exist),
    // and so does a drill-down (its scope is the address's query, which is the year's).
    const rest = yearPath?.rest ?? '';
    const keep = rest.startsWith('/units/') || rest === '/drill' ? '' : rest;
    navigate(`/m/${encodeURIComponent(m)}/${year}${keep}`);
  };

  return (
    <header className="app-header">
      <div className="brand">
        <Link to={base ?? '/'}>Utfall</Link>
      </div>
      {municipalities.length > 0 && (
        <div className="field inline">
          <label htmlFor="year-choice">{t('shell.municipalityYear')}</label>
          <select id="year-choice" value={selected} onChange={(e) => choose(e.target.value)}>
            {selected === '' && (
              <option value="" disabled>
                {t('shell.noYear')}
              </option>
            )}
            {municipalities.map((municipality) => (
              <optgroup key={municipality.id} label={municipality.name}>
                {[...municipality.years]
                  .sort((a, b) => b - a)
                  .map((y) => (
                    <option key={y} value={`${municipality.id}/${y}`}>
                      {municipality.name} {y}
                    </option>
                  ))}
              </optgroup>
            ))}
          </select>
        </div>
      )}
      <LanguageChoice id="language-choice" />
      <div className="user">
        <span>
          {user.displayName} <span className="role">({t(`role.${user.role}`)})</span>
        </span>
        <button type="button" className="secondary" onClick={() => void logout()}>
          {t('shell.logout')}
        </button>
      </div>
    </header>
  );
}

function Page({ reloadMunicipalities }: { reloadMunicipalities: () => Promise<void> }) {
  const { t } = useI18n();
  const { pathname } = useLocation();
  const { municipalities } = useSession();
  const yearPath = useYearPath();
  if (pathname === '/users') return <UsersPage />;
  if (pathname === '/' || pathname === '/login') return <Loading />;
  if (yearPath) {
    const { m, year, rest } = yearPath;
    if (rest !== '/new-year' && !yearExists(municipalities, m, year)) {
      return <NoSuchYear m={m} year={year} />;
    }
    const unit = matchPath('/units/:code', rest);
    if (rest === '' || rest === '/') return <OverviewPage m={m} year={year} />;
    if (unit?.code) return <UnitPage key={unit.code} m={m} year={year} code={unit.code} />;
    switch (rest) {
      case '/imports':
        return <ImportsPage m={m} year={year} />;
      case '/budget-changes':
        return <BudgetChangesPage m={m} year={year} />;
      case '/checks':
        return <ChecksPage m={m} year={year} />;
      case '/report':
        return <ReportPage m={m} year={year} />;
      case '/audit':
        return <AuditPage m={m} year={year} />;
      case '/drill':
        return <DrillPage m={m} year={year} />;
      case '/new-year':
        return <YearStartPage m={m} onStarted={reloadMunicipalities} />;
    }
  }
  return (
    <div className="page">
      <h1>{t('notFound.title')}</h1>
      <p>{t('notFound.text')}</p>
      <p>
        <Link to="/">{t('notFound.home')}</Link>
      </p>
    </div>
  );
}

/**
 * A year (or municipality) the address names that does not exist: said so, with links to the
 * years that do, instead of an error under an empty page.
 */
function NoSuchYear({ m, year }: { m: string; year: number }) {
  const { t } = useI18n();
  const { municipalities } = useSession();
  const municipality = municipalities.find((x) => x.id === m);
  const title = municipality
    ? t('notFound.year', { year })
    : t('notFound.municipality', { municipality: m });
  const years = municipality ? [...municipality.years].sort((a, b) => b - a) : [];
  return (
    <div className="page">
      <PageHeading title={title}>{title}</PageHeading>
      {municipality ? (
        <>
          <p>{t('notFound.yearsOf', { municipality: municipality.name, count: years.length })}</p>
          <ul className="year-links">
            {years.map((y) => (
              <li key={y}>
                <Link to={`/m/${encodeURIComponent(municipality.id)}/${y}`}>
                  {municipality.name} {y}
                </Link>
              </li>
            ))}
          </ul>
        </>
      ) : (
        <>
          <p>{t('notFound.municipalities')}</p>
          <ul className="year-links">
            {municipalities.map((x) => (
              <li key={x.id}>
                <Link to={`/m/${encodeURIComponent(x.id)}/${Math.max(...x.years)}`}>
                  {x.name} {Math.max(...x.years)}
                </Link>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
