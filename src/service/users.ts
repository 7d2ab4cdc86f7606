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
import {
  ensureMunicipality,
  fiscalYears,
  knownUnitCodes,
  municipalityExists,
  municipalityIds,
} from '../db/units.js';
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
  setMemberships,
  sessionRecord,
  takeLoginAttempt,
  touchSession,
  updateUserRecord,
  userExists,
  userRecords,
} from '../db/users.js';
import type { Database } from '../db/schema.js';
import { audit } from './content.js';
import { membershipIn, SYSTEM_ACTOR, type Actor } from '../domain/access.js';
import { actorOf, requireRule } from './access.js';
import { UtfallError } from '../domain/errors.js';

import { isRole, ROLES, type Role } from '../domain/roles.js';

// The roles are the domain's: the web reads them through the API's schemas.
export { isRole, ROLES, type Role } from '../domain/roles.js';

/** What a user is in one municipality they belong to. */
export interface UserMembership {
  role: Role;
  /** The units an editor is assigned to there; their sub-units are included. */
  units: string[];
}

export interface User {
  username: string;
  displayName: string;
  /**
   * The highest role held (admin for an installation administrator): what a list shows. What
   * the user may do is `memberships`' (and `installationAdmin`'s).
   */
  role: Role;
  /** Unit codes an editor is assigned to, per municipality; their sub-units are included. */
  units: Record<string, string[]>;
  disabled: boolean;
  /** Creates municipalities and their first admins; an admin in every municipality. */
  installationAdmin: boolean;
  /** The municipalities the user belongs to, with their role and units in each. */
  memberships: Record<string, UserMembership>;
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
  password: string;
  /**
   * Without `memberships`: the role in every municipality that exists (in `default`, the
   * municipality of an empty database, when none does), with `units` per municipality.
   */
  role?: Role | undefined;
  units?: Record<string, string[]> | undefined;
  /** The municipalities the user belongs to, with their role and units in each. */
  memberships?: Record<string, UserMembership> | undefined;
  installationAdmin?: boolean | undefined;
}

/** The municipalities a role given without them applies to: every one, or `default`. */
async function everyMunicipality(db: Db): Promise<string[]> {
  const ids = await municipalityIds(db);
  return ids.length > 0 ? ids : ['default'];
}

/** Creates the account with its memberships; `user.exists` when the name is taken. */
export async function addUser(db: Db, user: NewUser): Promise<User> {
  if (!USERNAME.test(user.username))
    throw new UtfallError('user.bad-name', { name: user.username });
  checkPassword(user.password);
  if (await userExists(db, user.username))
    throw new UtfallError('user.exists', { name: user.username });
  let memberships = user.memberships;
  if (memberships === undefined) {
    const role = user.role ?? 'reader';
    const ids = new Set([...(await everyMunicipality(db)), ...Object.keys(user.units ?? {})]);
    memberships = Object.fromEntries(
      [...ids].map((id) => [id, { role, units: user.units?.[id] ?? [] }]),
    );
  }
  const inserted = await insertUser(db, {
    username: user.username,
    displayName: user.displayName,
    installationRole: user.installationAdmin ? 'admin' : 'none',
    passwordHash: await hashPassword(user.password),
  });
  // Taken meanwhile: a simultaneous creation of the same name committed first.
  if (!inserted) throw new UtfallError('user.exists', { name: user.username });
  await setMemberships(
    db,
    user.username,
    Object.fromEntries(Object.entries(memberships).map(([id, m]) => [id, m.role])),
  );
  await replaceUserUnits(
    db,
    user.username,
    Object.fromEntries(Object.entries(memberships).map(([id, m]) => [id, m.units])),
  );
  return (await findUser(db, user.username))!;
}

export interface UserChange {
  displayName?: string | undefined;
  password?: string | undefined;
  disabled?: boolean | undefined;
  installationAdmin?: boolean | undefined;
  /** The role (null: no longer a member) and units in each municipality named; others stay. */
  memberships?: Record<string, UserMembership | null> | undefined;
  /** Units per municipality named (a member there), replacing those there. */
  units?: Record<string, string[]> | undefined;
}

export async function updateUser(db: Db, username: string, change: UserChange): Promise<User> {
  const before = await findUser(db, username);
  if (!before) throw new UtfallError('user.unknown', { name: username });
  if (change.password !== undefined) checkPassword(change.password);
  await updateUserRecord(db, username, {
    ...(change.displayName !== undefined ? { displayName: change.displayName } : {}),
    ...(change.installationAdmin !== undefined
      ? { installationRole: change.installationAdmin ? 'admin' : 'none' }
      : {}),
    ...(change.disabled !== undefined ? { disabled: change.disabled } : {}),
    ...(change.password !== undefined ? { passwordHash: await hashPassword(change.password) } : {}),
  });
  if (change.memberships !== undefined) {
    await setMemberships(
      db,
      username,
      Object.fromEntries(
        Object.entries(change.memberships).map(([id, m]) => [id, m === null ? null : m.role]),
      ),
    );
    const units = Object.entries(change.memberships).flatMap(([id, m]) =>
      m === null ? [] : [[id, m.units] as const],
    );
    await replaceUserUnits(db, username, Object.fromEntries(units));
  }
  if (change.units !== undefined) await replaceUserUnits(db, username, change.units);
  // A new password or a disabled account ends every session of the user.
  if (change.password !== undefined || change.disabled === true) {
    await endSessionsOf(db, username);
  }
  return (await findUser(db, username))!;
}

const RANK: Record<Role, number> = { reader: 0, editor: 1, finance: 2, admin: 3 };

function highestRole(
  memberships: Record<string, UserMembership>,
  installationAdmin: boolean,
): Role {
  if (installationAdmin) return 'admin';
  let best: Role = 'reader';
  for (const m of Object.values(memberships)) if (RANK[m.role] > RANK[best]) best = m.role;
  return best;
}

function toUser(record: Awaited<ReturnType<typeof userRecords>>[number]): User {
  const memberships: Record<string, UserMembership> = {};
  for (const [id, role] of Object.entries(record.memberships)) {
    memberships[id] = { role: isRole(role) ? role : 'reader', units: record.units[id] ?? [] };
  }
  const installationAdmin = record.installationRole === 'admin';
  return {
    username: record.username,
    displayName: record.displayName,
    role: highestRole(memberships, installationAdmin),
    disabled: record.disabled,
    units: Object.fromEntries(
      Object.entries(memberships)
        .filter(([, m]) => m.units.length > 0)
        .map(([id, m]) => [id, m.units]),
    ),
    installationAdmin,
    memberships,
  };
}

export async function listUsers(db: Db): Promise<User[]> {
  return (await userRecords(db)).map(toUser);
}

export async function findUser(db: Db, username: string): Promise<User | undefined> {
  const [record] = await userRecords(db, username);
  return record ? toUser(record) : undefined;
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
 * The municipalities whose audit log records a change to a user: those the user belongs to
 * before or after it (that exist), so that one municipality's log never names another's users.
 * A user of no municipality yet (an installation administrator) is recorded in `default`, the
 * municipality of an empty database, or in every municipality.
 */
async function auditedMunicipalities(db: Db, before: User | null, after: User): Promise<string[]> {
  const ids = await municipalityIds(db);
  const named = new Set([
    ...Object.keys(before?.memberships ?? {}),
    ...Object.keys(after.memberships),
  ]);
  const concerned = ids.filter((id) => named.has(id));
  if (concerned.length > 0) return concerned;
  return ids.length > 0 ? ids : ['default'];
}

/**
 * Refuses unit codes that no year of their municipality knows, named as `municipality/code`: the
 * one rule of the API, the web and the CLI. A municipality whose organisation is not imported
 * yet (a new installation's `default` too) knows none, and says so: its editors get their units
 * after the import.
 */
async function requireKnownUnits(db: Db, units: Record<string, string[]>): Promise<void> {
  const unknown: string[] = [];
  for (const [municipalityId, codes] of Object.entries(units)) {
    if (codes.length === 0) continue;
    const imported =
      (await municipalityExists(db, municipalityId)) &&
      (await fiscalYears(db, municipalityId)).length > 0;
    if (!imported)
      throw new UtfallError('user.noUnitsYet', {
        municipality: municipalityId,
        units: codes.join(', '),
      });
    const found = await knownUnitCodes(db, municipalityId, codes);
    for (const code of codes) if (!found.has(code)) unknown.push(`${municipalityId}/${code}`);
  }
  if (unknown.length > 0) throw new UtfallError('user.unknownUnits', { units: unknown.join(', ') });
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
  before: User | null,
  after: User,
  passwordChanged = false,
): Promise<void> {
  for (const municipalityId of await auditedMunicipalities(db, before, after)) {
    await audit(db, municipalityId, {
      actor,
      action,
      entity: 'user',
      key: username,
      // Each municipality's log shows the user's roles and units there only: another's are not
      // its readers' to see.
      before: before === null ? null : audited(seenBy(before, [municipalityId], false)),
      after: audited(seenBy(after, [municipalityId], false), passwordChanged),
    });
  }
}

/** An editor's units: per municipality, or a plain list of codes for the only municipality. */
export type UnitsInput = Record<string, string[]> | string[];

/** Whether the actor is an installation administrator (or the system actor). */
export function isInstallationAdmin(actor: Actor): boolean {
  return actor.everywhere?.role === 'admin';
}

/** Refuses unless the actor is an installation administrator. */
export function requireInstallationAdmin(actor: Actor): void {
  if (!isInstallationAdmin(actor)) throw new UtfallError('installation.adminOnly');
}

/**
 * The municipalities whose users the actor manages: every one for an installation administrator
 * (with `default` when there is none yet), else those where they are an admin.
 */
async function administered(db: Db, actor: Actor): Promise<string[]> {
  if (isInstallationAdmin(actor)) return everyMunicipality(db);
  return Object.entries(actor.memberships)
    .filter(([, m]) => m.role === 'admin')
    .map(([id]) => id)
    .sort();
}

/**
 * Refuses a municipality the actor does not manage users of: as unknown (404) when they do not
 * belong to it, so that it gives no hint that it exists; 403 when they do but are no admin there.
 */
async function requireAdministers(db: Db, actor: Actor, municipalityId: string): Promise<void> {
  if ((await administered(db, actor)).includes(municipalityId)) {
    if (isInstallationAdmin(actor) && municipalityId !== 'default') {
      if (!(await municipalityExists(db, municipalityId)))
        throw new UtfallError('municipality.unknown', { municipality: municipalityId });
    }
    return;
  }
  if (membershipIn(actor, municipalityId) === null || isInstallationAdmin(actor))
    throw new UtfallError('municipality.unknown', { municipality: municipalityId });
  throw new UtfallError('forbiddenRole', { rule: 'admin' });
}

/** A user as an admin sees them: their memberships in the municipalities the admin manages. */
function seenBy(user: User, manages: readonly string[], all: boolean): User {
  if (all) return user;
  const memberships = Object.fromEntries(
    Object.entries(user.memberships).filter(([id]) => manages.includes(id)),
  );
  return {
    ...user,
    memberships,
    role: highestRole(memberships, user.installationAdmin),
    units: Object.fromEntries(Object.entries(user.units).filter(([id]) => manages.includes(id))),
  };
}

/** The user as the actor may see them, or `user.unknown` when they share no municipality. */
async function userSeenBy(db: Db, actor: Actor, username: string): Promise<User> {
  const user = await findUser(db, username);
  const manages = await administered(db, actor);
  const all = isInstallationAdmin(actor);
  if (!user || (!all && !Object.keys(user.memberships).some((id) => manages.includes(id))))
    throw new UtfallError('user.unknown', { name: username });
  return seenBy(user, manages, all);
}

/** The users of the municipalities the actor administers (every user for the installation's). */
export async function usersFor(db: Db, actor: Actor): Promise<User[]> {
  requireRule(actor, null, 'admin');
  const manages = await administered(db, actor);
  const all = isInstallationAdmin(actor);
  return (await listUsers(db))
    .filter((u) => all || Object.keys(u.memberships).some((id) => manages.includes(id)))
    .map((u) => seenBy(u, manages, all));
}

/** What a creation or a change asks of memberships: a role, units, or both per municipality. */
interface MembershipInput {
  role?: Role | undefined;
  units?: UnitsInput | undefined;
  memberships?: Record<string, UserMembership | null> | undefined;
  /** The municipality a role or a list of units is for (the CLI's --municipality). */
  municipality?: string | undefined;
}

/**
 * The municipality a role or a list of units given without one is for: the one asked for, or
 * the only one the actor manages users of.
 */
async function targetMunicipality(db: Db, actor: Actor, asked: string | undefined) {
  if (asked !== undefined) return asked;
  const manages = await administered(db, actor);
  if (manages.length !== 1)
    throw new UtfallError('user.municipalityAmbiguous', { ids: manages.join(', ') });
  return manages[0]!;
}

/**
 * The memberships an input names, each checked to be the actor's to give: a role given alone is
 * for the target municipality; units per municipality are for municipalities the user belongs
 * to (given here, or already: `current`).
 */
async function membershipsOf(
  db: Db,
  actor: Actor,
  input: MembershipInput,
  current: Record<string, UserMembership>,
): Promise<{
  memberships: Record<string, UserMembership | null>;
  units: Record<string, string[]>;
}> {
  const memberships: Record<string, UserMembership | null> = { ...(input.memberships ?? {}) };
  let units: Record<string, string[]> = {};
  if (Array.isArray(input.units)) {
    if (input.units.length > 0 || input.municipality !== undefined || input.role !== undefined)
      units = { [await targetMunicipality(db, actor, input.municipality)]: input.units };
    else {
      // An empty list clears the user's units in every municipality the actor manages.
      const manages = await administered(db, actor);
      units = Object.fromEntries(
        Object.keys(current)
          .filter((id) => manages.includes(id))
          .map((id) => [id, []]),
      );
    }
  } else if (input.units !== undefined) units = { ...input.units };
  if (input.role !== undefined) {
    const target = await targetMunicipality(db, actor, input.municipality);
    memberships[target] = {
      role: input.role,
      units: units[target] ?? current[target]?.units ?? [],
    };
  }
  for (const id of new Set([...Object.keys(memberships), ...Object.keys(units)])) {
    await requireAdministers(db, actor, id);
  }
  for (const [id, m] of Object.entries(memberships)) {
    if (m !== null && units[id] !== undefined) m.units = units[id]!;
  }
  const outside = Object.keys(units).filter(
    (id) => !(id in memberships ? memberships[id] : current[id]),
  );
  if (outside.length > 0)
    throw new UtfallError('user.unitsWithoutMembership', { ids: outside.join(', ') });
  const named = Object.fromEntries(
    Object.entries(memberships).flatMap(([id, m]) => (m === null ? [] : [[id, m.units] as const])),
  );
  await requireKnownUnits(db, { ...units, ...named });
  for (const m of Object.values(memberships)) {
    if (m !== null && !ROLES.includes(m.role)) throw new UtfallError('validation');
  }
  return { memberships, units };
}

/**
 * Creates a user on behalf of `actor` (an admin), with an audit entry: a member of municipalities
 * the actor administers only (an installation administrator: any, and may make installation
 * administrators). Of two simultaneous creations of one name, one is refused `user.exists`.
 */
export async function createUserAs(
  db: Kysely<Database>,
  actor: Actor,
  input: Omit<NewUser, 'units' | 'memberships'> &
    MembershipInput & { units?: UnitsInput | undefined },
): Promise<User> {
  requireRule(actor, null, 'admin');
  if (input.installationAdmin) requireInstallationAdmin(actor);
  const { memberships, units } = await membershipsOf(db, actor, input, {});
  const given = Object.fromEntries(
    Object.entries(memberships).flatMap(([id, m]) =>
      m === null ? [] : [[id, { role: m.role, units: units[id] ?? m.units }] as const],
    ),
  );
  if (Object.keys(given).length === 0 && !input.installationAdmin)
    throw new UtfallError('user.noMembership');
  return db.transaction().execute(async (trx) => {
    const created = await addUser(trx, {
      username: input.username,
      displayName: input.displayName,
      password: input.password,
      memberships: given,
      installationAdmin: input.installationAdmin ?? false,
    });
    await auditUser(trx, actor.name, 'create', created.username, null, created);
    return seenBy(created, await administered(trx, actor), isInstallationAdmin(actor));
  });
}

/**
 * Changes a user on behalf of `actor` (an admin), with an audit entry: their memberships in the
 * municipalities the actor administers, and their account (name, password, disabled) only when
 * the actor administers every municipality the user belongs to, so that the admin of one
 * municipality cannot take over an account that another one's users share. An admin cannot take
 * away their own admin role or disable themselves: the last admin could lock everyone out.
 */
export async function changeUserAs(
  db: Kysely<Database>,
  actor: Actor,
  username: string,
  input: Omit<UserChange, 'units' | 'memberships'> & MembershipInput,
): Promise<User> {
  requireRule(actor, null, 'admin');
  if (input.installationAdmin !== undefined) requireInstallationAdmin(actor);
  await userSeenBy(db, actor, username);
  const full = (await findUser(db, username))!;
  const { memberships, units } = await membershipsOf(db, actor, input, full.memberships);
  if (!actor.system && username === actor.name) {
    const demoted = Object.values(memberships).some((m) => m === null || m.role !== 'admin');
    if (demoted || input.installationAdmin === false) throw new UtfallError('user.selfDemote');
    if (input.disabled === true) throw new UtfallError('user.selfDisable');
  }
  const accountChange =
    input.displayName !== undefined || input.password !== undefined || input.disabled !== undefined;
  if (accountChange && !isInstallationAdmin(actor)) {
    const manages = await administered(db, actor);
    const others = Object.keys(full.memberships).filter((id) => !manages.includes(id));
    if (others.length > 0 || full.installationAdmin)
      throw new UtfallError('user.sharedAccount', { name: username });
  }
  return db.transaction().execute(async (trx) => {
    const before = await findUser(trx, username);
    if (!before) throw new UtfallError('user.unknown', { name: username });
    const after = await updateUser(trx, username, {
      displayName: input.displayName,
      password: input.password,
      disabled: input.disabled,
      installationAdmin: input.installationAdmin,
      memberships,
      units,
    });
    await auditUser(
      trx,
      actor.name,
      'update',
      username,
      before,
      after,
      input.password !== undefined,
    );
    return seenBy(after, await administered(trx, actor), isInstallationAdmin(actor));
  });
}

/**
 * Creates a municipality (the installation administrator's), with its first admin when named:
 * an existing user, who becomes its admin, or a new one with `password`.
 */
export async function createMunicipalityAs(
  db: Kysely<Database>,
  actor: Actor,
  input: {
    id: string;
    name: string;
    admin?: { username: string; displayName?: string; password?: string } | undefined;
  },
): Promise<{ id: string; name: string; admin: User | null }> {
  requireInstallationAdmin(actor);
  if (!MUNICIPALITY_ID.test(input.id))
    throw new UtfallError('municipality.badId', { id: input.id });
  return db.transaction().execute(async (trx) => {
    if (!(await ensureMunicipality(trx, input.id, input.name)))
      throw new UtfallError('municipality.exists', { municipality: input.id });
    let admin: User | null = null;
    const wanted = input.admin;
    if (wanted) {
      const existing = await findUser(trx, wanted.username);
      if (existing && wanted.password === undefined) {
        admin = await updateUser(trx, wanted.username, {
          memberships: { [input.id]: { role: 'admin', units: [] } },
        });
        await auditUser(trx, actor.name, 'update', admin.username, existing, admin);
      } else {
        admin = await addUser(trx, {
          username: wanted.username,
          displayName: wanted.displayName ?? wanted.username,
          password: wanted.password ?? '',
          memberships: { [input.id]: { role: 'admin', units: [] } },
        });
        await auditUser(trx, actor.name, 'create', admin.username, null, admin);
      }
    }
    await audit(trx, input.id, {
      actor: actor.name,
      action: 'create',
      entity: 'municipality',
      key: input.id,
      before: null,
      after: { id: input.id, name: input.name, admin: admin?.username ?? null },
    });
    return { id: input.id, name: input.name, admin };
  });
}

/** A municipality's id: what its addresses carry (/api/m/<id>/…). */
const MUNICIPALITY_ID = /^[a-z0-9][a-z0-9-]{1,62}$/;

/**
 * Who the CLI acts as: the user named by UTFALL_USER, with their memberships (an installation
 * administrator's reach), or else the system actor (the installation's operator, may do
 * everything) under the operating-system user's name, which the audit log records.
 */
export async function cliActor(db: Db, env: NodeJS.ProcessEnv = process.env): Promise<Actor> {
  const name = env.UTFALL_USER;
  if (!name) return { ...SYSTEM_ACTOR, name: userInfo().username };
  const user = await findUser(db, name);
  if (!user || user.disabled) throw new UtfallError('user.unknown', { name });
  return actorOf(user);
}
