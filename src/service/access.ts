/**
 * Access for the service operations: the actor of a user, and the checks every operation makes
 * before it reads or changes anything. The rules themselves are the domain's (src/domain/access.ts);
 * this module adds what needs the database: the unit tree of a year, for the subtree rule.
 */
import type { Db } from '../db/db.js';
import { listUnits } from '../db/units.js';
import {
  allows,
  changeableUnits,
  editableCodes,
  membershipIn,
  type Actor,
  type Membership,
  type RoleRule,
  type UnitNode,
} from '../domain/access.js';
import { UtfallError } from '../domain/errors.js';
import type { User } from './users.js';

export { SYSTEM_ACTOR, type Actor } from '../domain/access.js';

/** The unit an operation concerns. */
export interface UnitTarget {
  municipalityId: string;
  year: number;
  unitCode: string;
}

/**
 * A user as an actor: their role and units in each municipality they belong to; an installation
 * administrator is an admin in every municipality.
 */
export function actorOf(user: Pick<User, 'username' | 'installationAdmin' | 'memberships'>): Actor {
  const memberships: Record<string, Membership> = {};
  if (!user.installationAdmin) {
    for (const [municipalityId, m] of Object.entries(user.memberships)) {
      memberships[municipalityId] = { role: m.role, units: m.units };
    }
  }
  return {
    name: user.username,
    system: false,
    memberships,
    everywhere: user.installationAdmin ? { role: 'admin', units: [] } : null,
  };
}

/**
 * Refuses a municipality the actor does not belong to as if it did not exist (404, no hint that
 * it does): every operation on a municipality's data checks this first.
 */
export function requireMember(actor: Actor, municipalityId: string): void {
  if (membershipIn(actor, municipalityId) === null) {
    throw new UtfallError('municipality.unknown', { municipality: municipalityId });
  }
}

/**
 * Refuses unless the actor passes a role rule in the municipality (null: the installation); a
 * municipality they do not belong to is unknown to them.
 */
export function requireRule(actor: Actor, municipalityId: string | null, rule: RoleRule): void {
  if (municipalityId !== null) requireMember(actor, municipalityId);
  if (!allows(actor, municipalityId, rule)) throw new UtfallError('forbiddenRole', { rule });
}

/** Whether the actor may change the unit: finance and admin everywhere, an editor in their subtree. */
export async function mayChangeUnit(
  db: Db,
  actor: Actor,
  target: UnitTarget,
  units?: readonly UnitNode[],
): Promise<boolean> {
  const scope = changeableUnits(actor, target.municipalityId);
  if (scope !== 'all' && scope !== 'none') {
    // Only an editor's subtree needs the unit tree of the year.
    const tree = units ?? (await listUnits(db, target.municipalityId, target.year));
    return editableCodes(actor, target.municipalityId, tree).has(target.unitCode);
  }
  return scope === 'all';
}

/** Refuses unless the actor may change the unit. */
export async function requireUnitEditor(db: Db, actor: Actor, target: UnitTarget): Promise<void> {
  requireMember(actor, target.municipalityId);
  if (!(await mayChangeUnit(db, actor, target))) {
    throw new UtfallError('forbidden', { unit: target.unitCode });
  }
}
