/** Loading and error states, page headings that take focus after navigation, small marks. */
import { useEffect, useRef, type ReactNode } from 'react';
import { ApiError } from '../api.js';
import { useI18n, type Translate } from '../i18n/index.js';
import { useLocation } from '../router.js';
import { useDocumentTitle } from '../hooks.js';

export function Loading() {
  const { t } = useI18n();
  return (
    <p className="loading" role="status">
      {t('common.loading')}
    </p>
  );
}

/** The message of an error in the interface language (the server's for codes we don't know). */
export function errorText(error: unknown, t: Translate): string {
  if (error instanceof ApiError) {
    switch (error.status) {
      case 0:
        return t('error.network');
      case 401:
        return t('error.unauthenticated');
      case 403:
        return error.code === 'csrf' ? t('error.csrf') : t('error.forbidden');
      case 404:
        return t('error.notFound');
      case 413:
        return t('error.tooLarge');
      default:
        return error.message || t('error.unexpected');
    }
  }
  return t('error.unexpected');
}

/** An error (role alert) or a note. */
export function Message({
  kind,
  error,
  children,
}: {
  kind: 'error' | 'info' | 'success' | 'warning';
  error?: unknown;
  children?: ReactNode;
}) {
  const { t } = useI18n();
  return (
    <div className={`message ${kind}`} role={kind === 'error' ? 'alert' : undefined}>
      {kind === 'error' && <strong>{t('common.errorPrefix')} </strong>}
      {error !== undefined ? errorText(error, t) : null}
      {children}
    </div>
  );
}

let lastPath = typeof window === 'undefined' ? '' : window.location.pathname;

/**
 * The page's h1, which is also the document title. After a navigation inside the application it
 * takes focus, so that screen readers announce the new page and Tab starts from the top of it —
 * unless `takeFocus` is false (the login page, whose user name field has it).
 */
export function PageHeading({
  children,
  title,
  takeFocus = true,
}: {
  children: ReactNode;
  title: string;
  takeFocus?: boolean;
}) {
  const ref = useRef<HTMLHeadingElement>(null);
  const { pathname } = useLocation();
  useDocumentTitle(title);
  useEffect(() => {
    if (pathname !== lastPath) {
      lastPath = pathname;
      if (takeFocus) ref.current?.focus();
    }
  }, [pathname, takeFocus]);
  return (
    <h1 ref={ref} tabIndex={-1}>
      {children}
    </h1>
  );
}

/** Text that only screen readers read. */
export function VisuallyHidden({ children }: { children: ReactNode }) {
  return <span className="visually-hidden">{children}</span>;
}
