/**
 * Users (admin): who may log in, with which role, and which units an editor writes for. A user
 * is disabled rather than deleted, so that the audit log keeps naming them.
 */
import { useState, type FormEvent } from 'react';
import { request } from '../api.js';
import { errorText, Loading, Message, PageHeading } from '../components/status.js';
import { announce, useResource } from '../hooks.js';
import { useI18n } from '../i18n/index.js';
import { usersSchema } from '../schemas.js';
import { mayManageUsers, useSession, type Municipality, type Role, type User } from '../session.js';

const ROLES: Role[] = ['admin', 'finance', 'editor', 'reader'];
/** The server's shortest password. */
const MIN_PASSWORD = 10;

type Units = Record<string, string[]>;

function unitsText(units: Units, municipality: string): string {
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

export default function UsersPage() {
  const { t } = useI18n();
  const { user, may, municipalities } = useSession();
  const allowed = mayManageUsers(may);
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
        <div className="table-scroll">
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
                  <td>{t(`role.${u.role}`)}</td>
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
        </div>
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

function UnitFields({
  idPrefix,
  municipalities,
  values,
  onChange,
}: {
  idPrefix: string;
  municipalities: Municipality[];
  values: Record<string, string>;
  onChange: (municipality: string, text: string) => void;
}) {
  const { t } = useI18n();
  return (
    <>
      {municipalities.map((mu) => (
        <div className="field" key={mu.id}>
          <label htmlFor={`${idPrefix}-units-${mu.id}`}>
            {t('users.unitsIn', { municipality: mu.name })}
          </label>
          <input
            id={`${idPrefix}-units-${mu.id}`}
            value={values[mu.id] ?? ''}
            aria-describedby={`${idPrefix}-units-help`}
            onChange={(e) => onChange(mu.id, e.target.value)}
          />
        </div>
      ))}
      <p id={`${idPrefix}-units-help`} className="help">
        {t('users.unitsHelp')}
      </p>
    </>
  );
}

/** The choice of a user's role. */
function RoleField({
  id,
  value,
  disabled,
  onChange,
}: {
  id: string;
  value: Role;
  disabled?: boolean;
  onChange: (role: Role) => void;
}) {
  const { t } = useI18n();
  return (
    <div className="field">
      <label htmlFor={id}>{t('users.role')}</label>
      <select
        id={id}
        value={value}
        disabled={disabled}
        onChange={(e) => onChange(e.target.value as Role)}
      >
        {ROLES.map((r) => (
          <option key={r} value={r}>
            {t(`role.${r}`)}
          </option>
        ))}
      </select>
    </div>
  );
}

function toUnits(values: Record<string, string>): Units {
  const units: Units = {};
  for (const [municipality, text] of Object.entries(values)) {
    const codes = parseCodes(text);
    if (codes.length > 0) units[municipality] = codes;
  }
  return units;
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
  const [role, setRole] = useState<Role>(user.role);
  const [password, setPassword] = useState('');
  const [disabled, setDisabled] = useState(user.disabled);
  const [units, setUnits] = useState<Record<string, string>>(() =>
    Object.fromEntries(municipalities.map((mu) => [mu.id, unitsText(user.units, mu.id)])),
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
      await request('PATCH', `/api/users/${encodeURIComponent(user.username)}`, {
        displayName,
        role,
        units: toUnits(units),
        disabled,
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
          <RoleField id="edit-role" value={role} disabled={self} onChange={setRole} />
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
        <UnitFields
          idPrefix="edit"
          municipalities={municipalities}
          values={units}
          onChange={(mu, text) => setUnits((u) => ({ ...u, [mu]: text }))}
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
  const [role, setRole] = useState<Role>('reader');
  const [password, setPassword] = useState('');
  const [units, setUnits] = useState<Record<string, string>>({});
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
    setBusy(true);
    setError(null);
    try {
      await request('POST', '/api/users', {
        username: username.trim(),
        displayName: displayName.trim(),
        role,
        password,
        units: toUnits(units),
      });
      announce(t('users.added', { user: username.trim() }));
      setUsername('');
      setDisplayName('');
      setPassword('');
      setUnits({});
      setRole('reader');
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
          <RoleField id="add-role" value={role} onChange={setRole} />
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
        {role === 'editor' && (
          <UnitFields
            idPrefix="add"
            municipalities={municipalities}
            values={units}
            onChange={(mu, text) => setUnits((u) => ({ ...u, [mu]: text }))}
          />
        )}
        <button type="submit" disabled={busy}>
          {t('users.add')}
        </button>
        {error && <Message kind="error">{error}</Message>}
      </form>
    </section>
  );
}
