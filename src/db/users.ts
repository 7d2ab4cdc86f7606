/**
 * Accounts, their units, sessions and failed logins. Accounts are not per municipality: these
 * are the tables without a municipality id (user_unit names the municipality of each unit).
 */
import type { Db } from './db.js';

export interface UserRecord {
  username: string;
  displayName: string;
  /** As stored; the service reads it as a role. */
  role: string;
  disabled: boolean;
  /** Unit codes per municipality. */
  units: Record<string, string[]>;
}

/** Every user with their units, by user name. */
export async function userRecords(db: Db): Promise<UserRecord[]> {
  const rows = await db.selectFrom('app_user').selectAll().orderBy('username').execute();
  const units = await db.selectFrom('user_unit').selectAll().orderBy('unit_code').execute();
  return rows.map((row) => ({
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    disabled: row.disabled,
    units: units
      .filter((u) => u.username === row.username)
      .reduce<Record<string, string[]>>((all, u) => {
        (all[u.municipality_id] ??= []).push(u.unit_code);
        return all;
      }, {}),
  }));
}

export async function userExists(db: Db, username: string): Promise<boolean> {
  const existing = await db
    .selectFrom('app_user')
    .select('username')
    .where('username', '=', username)
    .executeTakeFirst();
  return existing !== undefined;
}

export async function insertUser(
  db: Db,
  user: { username: string; displayName: string; role: string; passwordHash: string },
): Promise<void> {
  await db
    .insertInto('app_user')
    .values({
      username: user.username,
      display_name: user.displayName,
      role: user.role,
      password_hash: user.passwordHash,
    })
    .execute();
}

/** Changes the fields given; nothing when none is. */
export async function updateUserRecord(
  db: Db,
  username: string,
  change: { displayName?: string; role?: string; disabled?: boolean; passwordHash?: string },
): Promise<void> {
  const values = {
    ...(change.displayName !== undefined ? { display_name: change.displayName } : {}),
    ...(change.role !== undefined ? { role: change.role } : {}),
    ...(change.disabled !== undefined ? { disabled: change.disabled } : {}),
    ...(change.passwordHash !== undefined ? { password_hash: change.passwordHash } : {}),
  };
  if (Object.keys(values).length === 0) return;
  await db.updateTable('app_user').set(values).where('username', '=', username).execute();
}

/** Replaces the units a user is assigned to. */
export async function replaceUserUnits(
  db: Db,
  username: string,
  units: Record<string, string[]>,
): Promise<void> {
  await db.deleteFrom('user_unit').where('username', '=', username).execute();
  const rows = Object.entries(units).flatMap(([municipalityId, codes]) =>
    [...new Set(codes)].map((code) => ({
      username,
      municipality_id: municipalityId,
      unit_code: code,
    })),
  );
  if (rows.length > 0) await db.insertInto('user_unit').values(rows).execute();
}

/** The stored password hash of a user, and whether the account is disabled. */
export async function credentialsOf(
  db: Db,
  username: string,
): Promise<{ username: string; password_hash: string; disabled: boolean } | undefined> {
  return db
    .selectFrom('app_user')
    .select(['username', 'password_hash', 'disabled'])
    .where('username', '=', username)
    .executeTakeFirst();
}

/** Forgets failed logins older than `since`. */
export async function forgetFailuresBefore(db: Db, since: Date): Promise<void> {
  await db.deleteFrom('login_failure').where('at', '<', since).execute();
}

/** Failed logins of these keys since `since`, oldest first. */
export async function loginFailures(
  db: Db,
  keys: readonly string[],
  since: Date,
): Promise<{ key: string; at: Date }[]> {
  return db
    .selectFrom('login_failure')
    .select(['key', 'at'])
    .where('key', 'in', [...keys])
    .where('at', '>=', since)
    .orderBy('at')
    .execute();
}

export async function recordLoginFailures(
  db: Db,
  keys: readonly string[],
  at: Date,
): Promise<void> {
  await db
    .insertInto('login_failure')
    .values(keys.map((key) => ({ key, at })))
    .execute();
}

export async function forgetFailures(db: Db, key: string): Promise<void> {
  await db.deleteFrom('login_failure').where('key', '=', key).execute();
}

export interface SessionRecord {
  idHash: string;
  username: string;
  csrfToken: string;
  expiresAt: Date;
}

export async function insertSession(db: Db, session: SessionRecord): Promise<void> {
  await db
    .insertInto('user_session')
    .values({
      id_hash: session.idHash,
      username: session.username,
      csrf_token: session.csrfToken,
      expires_at: session.expiresAt,
    })
    .execute();
}

export async function sessionRecord(
  db: Db,
  idHash: string,
): Promise<{ username: string; csrf_token: string; expires_at: Date } | undefined> {
  return db
    .selectFrom('user_session')
    .select(['username', 'csrf_token', 'expires_at'])
    .where('id_hash', '=', idHash)
    .executeTakeFirst();
}

export async function endSession(db: Db, idHash: string): Promise<void> {
  await db.deleteFrom('user_session').where('id_hash', '=', idHash).execute();
}

export async function endSessionsOf(db: Db, username: string): Promise<void> {
  await db.deleteFrom('user_session').where('username', '=', username).execute();
}

export async function endExpiredSessions(db: Db, now: Date): Promise<void> {
  await db.deleteFrom('user_session').where('expires_at', '<', now).execute();
}
