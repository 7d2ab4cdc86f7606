/**
 * Accounts, their memberships and units, sessions and login throttling. Accounts are the
 * installation's (app_user, user_session, login_throttle have no municipality id); what a user
 * is in a municipality is a membership (its role) and, for an editor, user_unit (its units).
 */
import { sql } from 'kysely';
import type { Db } from './db.js';

export interface UserRecord {
  username: string;
  displayName: string;
  /** As stored in app_user: 'admin' for an installation administrator, else 'none'. */
  installationRole: string;
  disabled: boolean;
  /** Role (as stored; the service reads it as a role) per municipality the user belongs to. */
  memberships: Record<string, string>;
  /** Unit codes per municipality. */
  units: Record<string, string[]>;
}

/** Every user with their memberships and units, by user name (or the one named). */
export async function userRecords(db: Db, only?: string): Promise<UserRecord[]> {
  let users = db.selectFrom('app_user').selectAll().orderBy('username');
  let memberships = db.selectFrom('membership').selectAll().orderBy('municipality_id');
  let units = db.selectFrom('user_unit').selectAll().orderBy('unit_code');
  if (only !== undefined) {
    users = users.where('username', '=', only);
    memberships = memberships.where('username', '=', only);
    units = units.where('username', '=', only);
  }
  const [rows, roles, codes] = [
    await users.execute(),
    await memberships.execute(),
    await units.execute(),
  ];
  return rows.map((row) => ({
    username: row.username,
    displayName: row.display_name,
    installationRole: row.role,
    disabled: row.disabled,
    memberships: Object.fromEntries(
      roles.filter((m) => m.username === row.username).map((m) => [m.municipality_id, m.role]),
    ),
    units: codes
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

/**
 * Inserts the account unless its name is taken; false when it is. A creation of the same name in
 * a transaction not yet committed makes this wait for it (the primary key's index) and then
 * answer false, so that of two simultaneous creations exactly one succeeds.
 */
export async function insertUser(
  db: Db,
  user: { username: string; displayName: string; installationRole: string; passwordHash: string },
): Promise<boolean> {
  const inserted = await db
    .insertInto('app_user')
    .values({
      username: user.username,
      display_name: user.displayName,
      role: user.installationRole,
      password_hash: user.passwordHash,
    })
    .onConflict((oc) => oc.column('username').doNothing())
    .returning('username')
    .executeTakeFirst();
  return inserted !== undefined;
}

/**
 * Sets the user's role in each municipality named (null: no longer a member there, and their
 * units there go too); the municipalities not named stay as they are.
 */
export async function setMemberships(
  db: Db,
  username: string,
  roles: Record<string, string | null>,
): Promise<void> {
  for (const [municipalityId, role] of Object.entries(roles)) {
    if (role === null) {
      await db
        .deleteFrom('membership')
        .where('username', '=', username)
        .where('municipality_id', '=', municipalityId)
        .execute();
      await db
        .deleteFrom('user_unit')
        .where('username', '=', username)
        .where('municipality_id', '=', municipalityId)
        .execute();
    } else {
      await db
        .insertInto('membership')
        .values({ username, municipality_id: municipalityId, role })
        .onConflict((oc) => oc.columns(['username', 'municipality_id']).doUpdateSet({ role }))
        .execute();
    }
  }
}

/** Changes the fields given; nothing when none is. */
export async function updateUserRecord(
  db: Db,
  username: string,
  change: {
    displayName?: string;
    installationRole?: string;
    disabled?: boolean;
    passwordHash?: string;
  },
): Promise<void> {
  const values = {
    ...(change.displayName !== undefined ? { display_name: change.displayName } : {}),
    ...(change.installationRole !== undefined ? { role: change.installationRole } : {}),
    ...(change.disabled !== undefined ? { disabled: change.disabled } : {}),
    ...(change.passwordHash !== undefined ? { password_hash: change.passwordHash } : {}),
  };
  if (Object.keys(values).length === 0) return;
  await db.updateTable('app_user').set(values).where('username', '=', username).execute();
}

/** Replaces the units a user is assigned to in each municipality named; the others stay. */
export async function replaceUserUnits(
  db: Db,
  username: string,
  units: Record<string, string[]>,
): Promise<void> {
  const named = Object.keys(units);
  if (named.length === 0) return;
  await db
    .deleteFrom('user_unit')
    .where('username', '=', username)
    .where('municipality_id', 'in', named)
    .execute();
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
