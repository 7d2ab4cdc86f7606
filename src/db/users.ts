/**
 * Accounts, their units, sessions and login throttling. Accounts are not per municipality: these
 * are the tables without a municipality id (user_unit names the municipality of each unit).
 */
import { sql } from 'kysely';
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

/** Forgets throttling windows that began before `since`. */
export async function forgetThrottlesBefore(db: Db, since: Date): Promise<void> {
  await db.deleteFrom('login_throttle').where('window_start', '<', since).execute();
}

/**
 * Takes one of `limit` login attempts of `key` in the window, counted and checked in one
 * statement: the upsert locks the key's row, so simultaneous attempts are counted one after
 * another and no more than `limit` are granted. A window that began before `since` starts again
 * at `now`. Refused, the answer is when the full window began.
 */
export async function takeLoginAttempt(
  db: Db,
  key: string,
  limit: number,
  now: Date,
  since: Date,
): Promise<{ granted: true } | { granted: false; windowStart: Date }> {
  const expired = sql<boolean>`login_throttle.window_start < ${since}`;
  const taken = await db
    .insertInto('login_throttle')
    .values({ key, window_start: now, attempts: 1 })
    .onConflict((oc) =>
      oc
        .column('key')
        .doUpdateSet({
          attempts: sql<number>`case when ${expired} then 1 else login_throttle.attempts + 1 end`,
          window_start: sql<Date>`case when ${expired} then excluded.window_start else login_throttle.window_start end`,
        })
        .where((eb) => eb.or([expired, eb('login_throttle.attempts', '<', limit)])),
    )
    .returning('attempts')
    .executeTakeFirst();
  if (taken) return { granted: true };
  const row = await db
    .selectFrom('login_throttle')
    .select('window_start')
    .where('key', '=', key)
    .executeTakeFirst();
  return { granted: false, windowStart: new Date(row?.window_start ?? now) };
}

/** Gives back an attempt taken of `key` (one that turned out not to be a failure). */
export async function returnLoginAttempt(db: Db, key: string): Promise<void> {
  await db
    .updateTable('login_throttle')
    .set((eb) => ({ attempts: eb('attempts', '-', 1) }))
    .where('key', '=', key)
    .where('attempts', '>', 0)
    .execute();
}

export async function forgetLoginAttempts(db: Db, key: string): Promise<void> {
  await db.deleteFrom('login_throttle').where('key', '=', key).execute();
}

export interface SessionRecord {
  idHash: string;
  username: string;
  csrfToken: string;
  expiresAt: Date;
  /** Its last use (at first, the login). */
  lastSeenAt: Date;
}

export async function insertSession(db: Db, session: SessionRecord): Promise<void> {
  await db
    .insertInto('user_session')
    .values({
      id_hash: session.idHash,
      username: session.username,
      csrf_token: session.csrfToken,
      expires_at: session.expiresAt,
      last_seen_at: session.lastSeenAt,
    })
    .execute();
}

export async function sessionRecord(
  db: Db,
  idHash: string,
): Promise<
  { username: string; csrf_token: string; expires_at: Date; last_seen_at: Date } | undefined
> {
  return db
    .selectFrom('user_session')
    .select(['username', 'csrf_token', 'expires_at', 'last_seen_at'])
    .where('id_hash', '=', idHash)
    .executeTakeFirst();
}

/** Marks the session as used at `at`. */
export async function touchSession(db: Db, idHash: string, at: Date): Promise<void> {
  await db
    .updateTable('user_session')
    .set({ last_seen_at: at })
    .where('id_hash', '=', idHash)
    .execute();
}

export async function endSession(db: Db, idHash: string): Promise<void> {
  await db.deleteFrom('user_session').where('id_hash', '=', idHash).execute();
}

export async function endSessionsOf(db: Db, username: string): Promise<void> {
  await db.deleteFrom('user_session').where('username', '=', username).execute();
}

/** Ends the sessions past their expiry or unused since `idleSince`. */
export async function endExpiredSessions(db: Db, now: Date, idleSince: Date): Promise<void> {
  await db
    .deleteFrom('user_session')
    .where((eb) => eb.or([eb('expires_at', '<', now), eb('last_seen_at', '<', idleSince)]))
    .execute();
}
