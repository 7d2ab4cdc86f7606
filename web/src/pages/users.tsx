/**
 * Users (an admin of a municipality): who may log in, with which role in each municipality the
 * admin manages, and which units an editor writes for there. The server lists only the users of
 * those municipalities and their roles there; a user is disabled rather than deleted, so that the
 * audit log keeps naming them.
 */
import { useState, type FormEvent } from 'react';
import { request } from '../api.js';
import { errorText, Loading, Message, PageHeading } from '../components/status.js';
import { announce, useResource } from '../hooks.js';
import { useI18n } from '../i18n/index.js';
import { usersSchema } from '../schemas.js';
import { mayManageUsers, useSession, type Municipality, type Role, type User } from '../session.js';
import { ScrollRegion } from '../components/scroll-region.js';

const ROLES: Role[] = ['admin', 'finance', 'editor', 'reader'];
/** The server's shortest password. */
const MIN_PASSWORD = 10;

function unitsText(units: Record<string, string[]>, municipality: string): string {
  return (units[municipality] ?? []).join(', ');
}

function parseCodes(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[\s,;]+/)
        .map((code) => code.trim())
        .filter(Boolean),
    ),
  ];
}

/** The role (or '' for not a member) and the units' text, per municipality managed here. */
type MembershipValues = Record<string, { role: Role | ''; units: string }>;

function membershipValues(user: User | null, municipalities: Municipality[]): MembershipValues {
  return Object.fromEntries(
    municipalities.map((mu) => {
      const m = user?.memberships[mu.id];
      return [mu.id, { role: m?.role ?? '', units: (m?.units ?? []).join(', ') }];
    }),
  );
}

/** The memberships to send: a role and units where one is chosen, null where one ends. */
function membershipsOf(
  values: MembershipValues,
  before: User | null,
): Record<string, { role: Role; units: string[] } | null> {
  const out: Record<string, { role: Role; units: string[] } | null> = {};
  for (const [id, value] of Object.entries(values)) {
    if (value.role === '') {
      if (before?.memberships[id]) out[id] = null;
    } else {
      out[id] = { role: value.role, units: value.role === 'editor' ? parseCodes(value.units) : [] };
    }
  }
  return out;
}

export default function UsersPage() {
  const { t } = useI18n();
  const { user, may, municipalities: all } = useSession();
  const allowed = mayManageUsers(may);
  // The municipalities whose users this admin manages: their roles there are shown and changed.
  const municipalities = all.filter((mu) => may[mu.id]?.users);
  const users = useResource(allowed ? '/api/users' : null, usersSchema);
  const [editing, setEditing] = useState<string | null>(null);
  const title = t('users.title');
  const list = users.data?.users ?? [];

  if (!allowed) {
    return (
      <div className="page">
        <PageHeading title={title}>{title}</PageHeading>
        <Message kind="error">{t('error.forbidden')}</Message>
      </div>
    );
  }

  return (
    <div className="page wide">
      <PageHeading title={title}>{title}</PageHeading>
      <p className="lead">{t('users.lead')}</p>
      {users.error && <Message kind="error" error={users.error} />}
      {!users.data && users.loading && <Loading />}
      {list.length > 0 && (
        <ScrollRegion label={t('users.caption')}>
          <table className="figures">
            <caption>{t('users.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('users.username')}</th>
                <th scope="col">{t('users.displayName')}</th>
                <th scope="col">{t('users.role')}</th>
                <th scope="col">{t('users.units')}</th>
                <th scope="col">{t('users.status')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('users.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.map((u) => (
                <tr key={u.username}>
                  <th scope="row">{u.username}</th>
                  <td>{u.displayName}</td>
                  <td>
                    {municipalities
                      .filter((mu) => u.memberships[mu.id])
                      .map((mu) => `${mu.name}: ${t(`role.${u.memberships[mu.id]!.role}`)}`)
                      .join('; ')}
                  </td>
                  <td>
                    {municipalities
                      .filter((mu) => (u.units[mu.id] ?? []).length > 0)
                      .map((mu) => `${mu.name}: ${unitsText(u.units, mu.id)}`)
                      .join('; ')}
                  </td>
                  <td>
                    {u.disabled ? (
                      <span className="badge state-locked">{t('users.disabled')}</span>
                    ) : (
                      t('users.active')
                    )}
                  </td>
                  <td>
                    <button
                      type="button"
                      className="secondary small"
                      aria-expanded={editing === u.username}
                      onClick={() => setEditing(editing === u.username ? null : u.username)}
                    >
                      {t('users.edit', { user: u.username })}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
      {editing && list.find((u) => u.username === editing) && (
        <EditUser
          key={editing}
          user={list.find((u) => u.username === editing)!}
          municipalities={municipalities}
          self={editing === user.username}
          onDone={() => {
            setEditing(null);
            users.reload();
          }}
        />
      )}
      <AddUser municipalities={municipalities} onAdded={users.reload} />
    </div>
  );
}

function MembershipFields({
  idPrefix,
  municipalities,
  values,
  self,
  onChange,
}: {
  idPrefix: string;
  municipalities: Municipality[];
  values: MembershipValues;
  /** One's own roles: an admin does not take away their own admin role. */
  self?: boolean;
  onChange: (municipality: string, value: { role: Role | ''; units: string }) => void;
}) {
  const { t } = useI18n();
  return (
    <fieldset className="memberships">
      <legend>{t('users.memberships')}</legend>
      {municipalities.map((mu) => {
        const value = values[mu.id] ?? { role: '' as const, units: '' };
        return (
          <div className="row" key={mu.id}>
            <div className="field">
              <label htmlFor={`${idPrefix}-role-${mu.id}`}>
                {t('users.roleIn', { municipality: mu.name })}
              </label>
              <select
                id={`${idPrefix}-role-${mu.id}`}
                value={value.role}
                disabled={self}
                onChange={(e) => onChange(mu.id, { ...value, role: e.target.value as Role | '' })}
              >
                <option value="">{t('users.notMember')}</option>
                {ROLES.map((r) => (
                  <option key={r} value={r}>
                    {t(`role.${r}`)}
                  </option>
                ))}
              </select>
            </div>
            {value.role === 'editor' && (
              <div className="field">
                <label htmlFor={`${idPrefix}-units-${mu.id}`}>
                  {t('users.unitsIn', { municipality: mu.name })}
                </label>
                <input
                  id={`${idPrefix}-units-${mu.id}`}
                  value={value.units}
                  aria-describedby={`${idPrefix}-units-help`}
                  onChange={(e) => onChange(mu.id, { ...value, units: e.target.value })}
                />
              </div>
            )}
          </div>
        );
      })}
      <p id={`${idPrefix}-units-help`} className="help">
        {t('users.unitsHelp')}
      </p>
    </fieldset>
  );
}

function EditUser({
  user,
  municipalities,
  self,
  onDone,
}: {
  user: User;
  municipalities: Municipality[];
  self: boolean;
  onDone: () => void;
}) {
  const { t } = useI18n();
  const [displayName, setDisplayName] = useState(user.displayName);
  const [password, setPassword] = useState('');
  const [disabled, setDisabled] = useState(user.disabled);
  const [memberships, setMemberships] = useState<MembershipValues>(() =>
    membershipValues(user, municipalities),
  );
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (password && password.length < MIN_PASSWORD) {
      setError(t('users.passwordShort', { min: MIN_PASSWORD }));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      // Only what changed: the account of a user shared with another municipality is the
      // installation administrator's, their roles here are this admin's.
      await request('PATCH', `/api/users/${encodeURIComponent(user.username)}`, {
        ...(displayName !== user.displayName ? { displayName } : {}),
        ...(self ? {} : { memberships: membershipsOf(memberships, user) }),
        ...(disabled !== user.disabled ? { disabled } : {}),
        ...(password ? { password } : {}),
      });
      announce(t('users.saved', { user: user.username }));
      onDone();
    } catch (caught) {
      setError(errorText(caught, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="edit-user-title" className="user-form">
      <h2 id="edit-user-title">{t('users.editTitle', { user: user.username })}</h2>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <div className="row">
          <div className="field">
            <label htmlFor="edit-display-name">{t('users.displayName')}</label>
            <input
              id="edit-display-name"
              value={displayName}
              onChange={(e) => setDisplayName(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor="edit-password">{t('users.newPassword')}</label>
            <input
              id="edit-password"
              type="password"
              autoComplete="new-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          </div>
        </div>
        <MembershipFields
          idPrefix="edit"
          municipalities={municipalities}
          values={memberships}
          self={self}
          onChange={(mu, value) => setMemberships((m) => ({ ...m, [mu]: value }))}
        />
        {!self && (
          <div className="field checkbox">
            <input
              id="edit-disabled"
              type="checkbox"
              checked={disabled}
              onChange={(e) => setDisabled(e.target.checked)}
            />
            <label htmlFor="edit-disabled">{t('users.disable')}</label>
          </div>
        )}
        <div className="buttons">
          <button type="submit" disabled={busy}>
            {t('users.save')}
          </button>
          <button type="button" className="secondary" onClick={onDone}>
            {t('common.cancel')}
          </button>
        </div>
        {error && <Message kind="error">{error}</Message>}
      </form>
    </section>
  );
}

function AddUser({
  municipalities,
  onAdded,
}: {
  municipalities: Municipality[];
  onAdded: () => void;
}) {
  const { t } = useI18n();
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [memberships, setMemberships] = useState<MembershipValues>(() =>
    membershipValues(null, municipalities),
  );
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!username.trim() || !displayName.trim()) {
      setError(t('users.missing'));
      return;
    }
    if (password.length < MIN_PASSWORD) {
      setError(t('users.passwordShort', { min: MIN_PASSWORD }));
      return;
    }
    const given = membershipsOf(memberships, null);
    if (Object.keys(given).length === 0) {
      setError(t('users.noMembership'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await request('POST', '/api/users', {
        username: username.trim(),
        displayName: displayName.trim(),
        password,
        memberships: given,
      });
      announce(t('users.added', { user: username.trim() }));
      setUsername('');
      setDisplayName('');
      setPassword('');
      setMemberships(membershipValues(null, municipalities));
      onAdded();
    } catch (caught) {
      setError(errorText(caught, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="add-user-title" className="user-form">
      <h2 id="add-user-title">{t('users.addTitle')}</h2>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <div className="row">
          <div className="field">
            <label htmlFor="add-username">{t('users.username')}</label>
            <input
              id="add-username"
              autoComplete="off"
              value={username}
              onChange={(e) => setUsername(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor="add-display-name">{t('users.displayName')}</label>
            <input
              id="add-display-name"
              value={displayName}
              onChange={(e) => setDisplayName(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor="add-password">{t('users.password')}</label>
            <input
              id="add-password"
              type="password"
              autoComplete="new-password"
              aria-describedby="add-password-help"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
            <span id="add-password-help" className="help">
              {t('users.passwordHelp', { min: MIN_PASSWORD })}
            </span>
          </div>
        </div>
        <MembershipFields
          idPrefix="add"
          municipalities={municipalities}
          values={memberships}
          onChange={(mu, value) => setMemberships((m) => ({ ...m, [mu]: value }))}
        />
        <button type="submit" disabled={busy}>
          {t('users.add')}
        </button>
        {error && <Message kind="error">{error}</Message>}
      </form>
    </section>
  );
}
