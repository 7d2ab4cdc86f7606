/**
 * Users, passwords, sessions and login throttling. Passwords are hashed with scrypt (memory-hard,
 * in Node's crypto: no native dependency to build); sessions are random tokens stored by their
 * SHA-256, with a CSRF token each, ending after SESSION_HOURS or SESSION_IDLE_MINUTES unused;
 * login attempts are counted per account and failures per address (THROTTLE).
 */
import type { Kysely } from 'kysely';
import { createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { userInfo } from 'node:os';
import type { Db } from '../db/db.js';
import { knownUnitCodes, municipalityExists, municipalityIds } from '../db/units.js';
import {
  credentialsOf,
  endExpiredSessions,
  endSession,
  endSessionsOf,
  forgetLoginAttempts,
  forgetThrottlesBefore,
  insertSession,
  insertUser,
  replaceUserUnits,
  returnLoginAttempt,
  sessionRecord,
  takeLoginAttempt,
  touchSession,
  updateUserRecord,
  userExists,
  userRecords,
} from '../db/users.js';
import type { Database } from '../db/schema.js';
import { audit } from './content.js';
import { SYSTEM_ACTOR, type Actor } from '../domain/access.js';
import { actorOf, requireRule } from './access.js';
import { UtfallError } from '../domain/errors.js';

import { isRole, type Role } from '../domain/roles.js';

// The roles are the domain's: the web reads them through the API's schemas.
export { isRole, ROLES, type Role } from '../domain/roles.js';

export interface User {
  username: string;
  displayName: string;
  role: Role;
  /** Unit codes an editor is assigned to, per municipality; their sub-units are included. */
  units: Record<string, string[]>;
  disabled: boolean;
}

/** scrypt N = 2^16, r = 8, p = 2: 64 MiB a hash, one of OWASP's recommended settings. */
const SCRYPT = { N: 2 ** 16, r: 8, p: 2, keyLength: 32 } as const;
const SCRYPT_MAXMEM = 96 * 1024 * 1024;

function scryptAsync(
  password: string,
  salt: Buffer,
  params: { N: number; r: number; p: number; keyLength: number },
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(
      password.normalize('NFC'),
      salt,
      params.keyLength,
      { N: params.N, r: params.r, p: params.p, maxmem: SCRYPT_MAXMEM },
      (error, key) => (error ? reject(error) : resolve(key)),
    );
  });
}

/** `scrypt$N$r$p$salt$hash` (base64url): the parameters travel with the hash, so they can grow. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt, SCRYPT);
  return [
    'scrypt',
    SCRYPT.N,
    SCRYPT.r,
    SCRYPT.p,
    salt.toString('base64url'),
    key.toString('base64url'),
  ].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const key = await scryptAsync(password, Buffer.from(salt, 'base64url'), {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    keyLength: expected.length,
  });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

export const MIN_PASSWORD_LENGTH = 10;

function checkPassword(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new UtfallError('user.password-short', { min: MIN_PASSWORD_LENGTH });
  }
}

const USERNAME = /^[a-z0-9][a-z0-9._-]{1,62}$/;

export interface NewUser {
  username: string;
  displayName: string;
  role: Role;
  password: string;
  units?: Record<string, string[]> | undefined;
}

export async function addUser(db: Db, user: NewUser): Promise<User> {
  if (!USERNAME.test(user.username))
    throw new UtfallError('user.bad-name', { name: user.username });
  checkPassword(user.password);
  if (await userExists(db, user.username))
    throw new UtfallError('user.exists', { name: user.username });
  await insertUser(db, {
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    passwordHash: await hashPassword(user.password),
  });
  await replaceUserUnits(db, user.username, user.units ?? {});
  return (await findUser(db, user.username))!;
}

export interface UserChange {
  displayName?: string | undefined;
  role?: Role | undefined;
  password?: string | undefined;
  units?: Record<string, string[]> | undefined;
  disabled?: boolean | undefined;
}

export async function updateUser(db: Db, username: string, change: UserChange): Promise<User> {
  const before = await findUser(db, username);
  if (!before) throw new UtfallError('user.unknown', { name: username });
  if (change.password !== undefined) checkPassword(change.password);
  await updateUserRecord(db, username, {
    ...(change.displayName !== undefined ? { displayName: change.displayName } : {}),
    ...(change.role !== undefined ? { role: change.role } : {}),
    ...(change.disabled !== undefined ? { disabled: change.disabled } : {}),
    ...(change.password !== undefined ? { passwordHash: await hashPassword(change.password) } : {}),
  });
  if (change.units !== undefined) await replaceUserUnits(db, username, change.units);
  // A new password or a disabled account ends every session of the user.
  if (change.password !== undefined || change.disabled === true) {
    await endSessionsOf(db, username);
  }
  return (await findUser(db, username))!;
}

export async function listUsers(db: Db): Promise<User[]> {
  return (await userRecords(db)).map((record) => ({
    username: record.username,
    displayName: record.displayName,
    role: isRole(record.role) ? record.role : 'reader',
    disabled: record.disabled,
    units: record.units,
  }));
}

export async function findUser(db: Db, username: string): Promise<User | undefined> {
  return (await listUsers(db)).find((u) => u.username === username);
}

/**
 * Login throttling: password checks allowed in a window per account (from anywhere), and failed
 * logins per address across accounts (much higher: a town hall's colleagues share an address,
 * and one person's typos must not lock out another; it bounds trying one password on many
 * accounts). An attempt is taken from the counters before the password is checked, so a burst
 * cannot check more than `failures` passwords of an account per window.
 */
export const THROTTLE = { failures: 5, addressFailures: 100, windowMs: 15 * 60 * 1000 } as const;

export type LoginResult =
  | { ok: true; user: User; session: { token: string; csrfToken: string; expiresAt: Date } }
  | { ok: false; reason: 'credentials' }
  | { ok: false; reason: 'throttled'; retryAfterSeconds: number };

/** A session ends this many hours after the login at the latest… */
export const SESSION_HOURS = 12;
/** …and after this many minutes without a request. */
export const SESSION_IDLE_MINUTES = 30;
/** The last use is stored at most this often, not on every request. */
export const SESSION_TOUCH_MS = 60 * 1000;

function digest(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

function retryAfter(windowStart: Date, now: Date): number {
  return Math.max(1, Math.ceil((windowStart.getTime() + THROTTLE.windowMs - now.getTime()) / 1000));
}

/**
 * Checks the password. An attempt is taken first from the account's counter and then from the
 * address's (given back when the account's is refused, or when the login succeeds: the address
 * counts failures); a refused one is answered before the hash is computed.
 */
export async function login(
  db: Db,
  username: string,
  password: string,
  address: string,
  now = new Date(),
): Promise<LoginResult> {
  const name = username.toLowerCase();
  const accountKey = `account:${name}`;
  const addressKey = `address:${address}`;
  const since = new Date(now.getTime() - THROTTLE.windowMs);
  await forgetThrottlesBefore(db, since);
  const account = await takeLoginAttempt(db, accountKey, THROTTLE.failures, now, since);
  if (!account.granted) {
    return {
      ok: false,
      reason: 'throttled',
      retryAfterSeconds: retryAfter(account.windowStart, now),
    };
  }
  const fromAddress = await takeLoginAttempt(db, addressKey, THROTTLE.addressFailures, now, since);
  if (!fromAddress.granted) {
    await returnLoginAttempt(db, accountKey);
    return {
      ok: false,
      reason: 'throttled',
      retryAfterSeconds: retryAfter(fromAddress.windowStart, now),
    };
  }
  const row = await credentialsOf(db, name);
  // Without a user, hash anyway: the answer takes as long whether the name exists or not.
  const valid = await verifyPassword(password, row?.password_hash ?? DUMMY_HASH);
  if (!row || !valid || row.disabled) return { ok: false, reason: 'credentials' };
  await forgetLoginAttempts(db, accountKey);
  await returnLoginAttempt(db, addressKey);
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + SESSION_HOURS * 3600 * 1000);
  await endExpiredSessions(db, now, idleSince(now));
  await insertSession(db, {
    idHash: digest(token),
    username: row.username,
    csrfToken,
    expiresAt,
    lastSeenAt: now,
  });
  const user = (await findUser(db, row.username))!;
  return { ok: true, user, session: { token, csrfToken, expiresAt } };
}

function idleSince(now: Date): Date {
  return new Date(now.getTime() - SESSION_IDLE_MINUTES * 60 * 1000);
}

const DUMMY_HASH =
  'scrypt$65536$8$2$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

export interface ActiveSession {
  user: User;
  csrfToken: string;
}

/**
 * The session of a token, when it exists, has neither expired nor been idle for
 * SESSION_IDLE_MINUTES, and its user is not disabled; its last use is stored when older than
 * SESSION_TOUCH_MS.
 */
export async function sessionOf(
  db: Db,
  token: string,
  now = new Date(),
): Promise<ActiveSession | undefined> {
  const idHash = digest(token);
  const row = await sessionRecord(db, idHash);
  if (!row || new Date(row.expires_at) <= now) return undefined;
  const lastSeen = new Date(row.last_seen_at).getTime();
  if (lastSeen <= idleSince(now).getTime()) {
    await endSession(db, idHash);
    return undefined;
  }
  const user = await findUser(db, row.username);
  if (!user || user.disabled) return undefined;
  if (now.getTime() - lastSeen >= SESSION_TOUCH_MS) await touchSession(db, idHash, now);
  return { user, csrfToken: row.csrf_token };
}

export async function logout(db: Db, token: string): Promise<void> {
  await endSession(db, digest(token));
}

/**
 * The municipalities whose audit log records a change to a user. Accounts are not per
 * municipality: any user may read every municipality's data, so a change concerns them all.
 * Before the first import there is none, and the entry goes to `default` (resolveMunicipality's
 * name for the municipality of an empty database).
 */
async function auditedMunicipalities(db: Db): Promise<string[]> {
  const ids = await municipalityIds(db);
  return ids.length > 0 ? ids : ['default'];
}

/**
 * Unit codes that no year of their municipality knows, as `municipality/code`. A municipality
 * whose organisation is not imported yet cannot be checked: the first users of a new
 * installation are made before its units.
 */
async function unknownUnits(db: Db, units: Record<string, string[]>): Promise<string[]> {
  const unknown: string[] = [];
  for (const [municipalityId, codes] of Object.entries(units)) {
    if (codes.length === 0 || !(await municipalityExists(db, municipalityId))) continue;
    const found = await knownUnitCodes(db, municipalityId, codes);
    for (const code of codes) if (!found.has(code)) unknown.push(`${municipalityId}/${code}`);
  }
  return unknown;
}

/** A user as the audit log keeps them: never the password or its hash. */
function audited(user: User, passwordChanged = false): Record<string, unknown> {
  return { ...user, ...(passwordChanged ? { passwordChanged: true } : {}) };
}

async function auditUser(
  db: Db,
  actor: string,
  action: 'create' | 'update',
  username: string,
  before: unknown,
  after: unknown,
): Promise<void> {
  for (const municipalityId of await auditedMunicipalities(db)) {
    await audit(db, municipalityId, {
      actor,
      action,
      entity: 'user',
      key: username,
      before,
      after,
    });
  }
}

/** An editor's units: per municipality, or a plain list of codes for the only municipality. */
export type UnitsInput = Record<string, string[]> | string[];

async function unitsByMunicipality(
  db: Db,
  units: UnitsInput | undefined,
): Promise<Record<string, string[]> | undefined> {
  if (units === undefined || !Array.isArray(units)) return units;
  if (units.length === 0) return {};
  const ids = await municipalityIds(db);
  if (ids.length !== 1) throw new UtfallError('user.unitsAmbiguous', { ids: ids.join(', ') });
  return { [ids[0]!]: units };
}

/** The users of the installation, for an admin. */
export async function usersFor(db: Db, actor: Actor): Promise<User[]> {
  requireRule(actor, null, 'admin');
  return listUsers(db);
}

/** Creates a user on behalf of `actor` (an admin), with an audit entry; editors' units must exist. */
export async function createUserAs(
  db: Kysely<Database>,
  actor: Actor,
  input: Omit<NewUser, 'units'> & { units?: UnitsInput | undefined },
): Promise<User> {
  requireRule(actor, null, 'admin');
  const user: NewUser = { ...input, units: await unitsByMunicipality(db, input.units) };
  const unknown = await unknownUnits(db, user.units ?? {});
  if (unknown.length > 0) throw new UtfallError('user.unknownUnits', { units: unknown.join(', ') });
  return db.transaction().execute(async (trx) => {
    const created = await addUser(trx, user);
    await auditUser(trx, actor.name, 'create', created.username, null, audited(created));
    return created;
  });
}

/**
 * Changes a user on behalf of `actor` (an admin), with an audit entry. An admin cannot take
 * away their own admin role or disable themselves: the last admin could lock everyone out.
 */
export async function changeUserAs(
  db: Kysely<Database>,
  actor: Actor,
  username: string,
  input: Omit<UserChange, 'units'> & { units?: UnitsInput | undefined },
): Promise<User> {
  requireRule(actor, null, 'admin');
  if (!actor.system && username === actor.name) {
    if (input.role !== undefined && input.role !== 'admin')
      throw new UtfallError('user.selfDemote');
    if (input.disabled === true) throw new UtfallError('user.selfDisable');
  }
  const change: UserChange = { ...input, units: await unitsByMunicipality(db, input.units) };
  const unknown = await unknownUnits(db, change.units ?? {});
  if (unknown.length > 0) throw new UtfallError('user.unknownUnits', { units: unknown.join(', ') });
  return db.transaction().execute(async (trx) => {
    const before = await findUser(trx, username);
    if (!before) throw new UtfallError('user.unknown', { name: username });
    const after = await updateUser(trx, username, change);
    await auditUser(
      trx,
      actor.name,
      'update',
      username,
      audited(before),
      audited(after, change.password !== undefined),
    );
    return after;
  });
}

/**
 * Who the CLI acts as: the user named by UTFALL_USER, with their role and units, or else the
 * system actor (the installation's operator, may do everything) under the operating-system
 * user's name, which the audit log records.
 */
export async function cliActor(db: Db, env: NodeJS.ProcessEnv = process.env): Promise<Actor> {
  const name = env.UTFALL_USER;
  if (!name) return { ...SYSTEM_ACTOR, name: userInfo().username };
  const user = await findUser(db, name);
  if (!user || user.disabled) throw new UtfallError('user.unknown', { name });
  return actorOf(user);
}
