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

/** A user as an actor: today's users hold one role across the installation, units per municipality. */
export function actorOf(user: Pick<User, 'username' | 'role' | 'units'>): Actor {
  const memberships: Record<string, Membership> = {};
  for (const [municipalityId, units] of Object.entries(user.units)) {
    memberships[municipalityId] = { role: user.role, units };
  }
  return {
    name: user.username,
    system: false,
    memberships,
    everywhere: { role: user.role, units: [] },
  };
}

/** Refuses unless the actor passes a role rule in the municipality (null: the installation). */
export function requireRule(actor: Actor, municipalityId: string | null, rule: RoleRule): void {
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
  if (!(await mayChangeUnit(db, actor, target))) {
    throw new UtfallError('forbidden', { unit: target.unitCode });
  }
}
