/** Logging in: user name and password; wrong credentials and throttling are said plainly. */
import { useState, type FormEvent } from 'react';
import { ApiError, request } from '../api.js';
import { errorText, PageHeading } from '../components/status.js';
import { LanguageChoice } from '../components/language.js';
import { useI18n } from '../i18n/index.js';
import type { Session } from '../session.js';
import { sessionSchema } from '../schemas.js';

export function LoginPage({ onLogin }: { onLogin: (session: Session) => Promise<void> }) {
  const { t } = useI18n();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!username.trim() || !password) {
      setError(t('login.missing'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const session = await request(
        'POST',
        '/api/session',
        { username, password },
        { schema: sessionSchema },
      );
      await onLogin(session);
    } catch (caught) {
      setPassword('');
      if (caught instanceof ApiError && caught.status === 401) setError(t('login.wrong'));
      else if (caught instanceof ApiError && caught.status === 429) {
        const details = caught.details as { seconds?: number } | undefined;
        const seconds = caught.retryAfter ?? details?.seconds ?? 60;
        setError(t('login.throttled', { count: Math.ceil(seconds / 60), seconds }));
      } else setError(errorText(caught, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main id="main" className="login" tabIndex={-1}>
      <div className="login-box">
        <p className="brand-large" aria-hidden="true">
          Utfall
        </p>
        <PageHeading title={t('login.title')} takeFocus={false}>
          {t('login.title')}
        </PageHeading>
        <p className="lead">{t('login.lead')}</p>
        <form onSubmit={(e) => void submit(e)} noValidate>
          <div className="field">
            <label htmlFor="login-username">{t('login.username')}</label>
            <input
              id="login-username"
              name="username"
              autoComplete="username"
              // The page is only this form: the user name is where one starts typing (its label
              // and the heading above say where one is).
              autoFocus
              required
              value={username}
              onChange={(e) => setUsername(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor="login-password">{t('login.password')}</label>
            <input
              id="login-password"
              name="password"
              type="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          </div>
          <div role="alert" className={error ? 'message error' : undefined}>
            {error}
          </div>
          <button type="submit" disabled={busy}>
            {busy ? t('login.busy') : t('login.submit')}
          </button>
        </form>
        <LanguageChoice id="login-language" className="login-language" />
      </div>
    </main>
  );
}
