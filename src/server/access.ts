/**
 * Who may call what. Every route states one rule in its config; the server refuses a request
 * before its handler runs unless the rule allows it. The rules are documented in docs/api.md and,
 * per route, in the OpenAPI document as `x-rule`.
 */
import type { FastifyRequest } from 'fastify';
import type { Db } from '../db/db.js';
import { listUnits } from '../db/units.js';
import type { Role, User } from '../service/users.js';

export const RULES = ['public', 'reader', 'unit-editor', 'finance', 'admin'] as const;
export type Rule = (typeof RULES)[number];

/** The unit a unit-editor route concerns. */
export interface UnitTarget {
  municipalityId: string;
  year: number;
  unitCode: string;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    rule?: Rule;
    /** A rule that depends on the request (imports of units and mapping are admin's). */
    ruleFor?: (request: FastifyRequest) => Rule;
    /** For unit-editor: the unit of the request (default: params m, year, code). */
    unitOf?: (request: FastifyRequest, db: Db) => Promise<UnitTarget | undefined>;
  }
}

const RANK: Record<Role, number> = { reader: 0, editor: 1, finance: 2, admin: 3 };

/** Roles that pass a role rule without looking at units. */
export function roleAllows(role: Role, rule: Exclude<Rule, 'unit-editor'>): boolean {
  switch (rule) {
    case 'public':
    case 'reader':
      return true;
    case 'finance':
      return RANK[role] >= RANK.finance;
    case 'admin':
      return role === 'admin';
  }
}

/** Whether the user may edit the unit: finance and admin everywhere, an editor in their subtree. */
export async function mayEditUnit(db: Db, user: User, target: UnitTarget): Promise<boolean> {
  if (roleAllows(user.role, 'finance')) return true;
  if (user.role !== 'editor') return false;
  if ((user.units[target.municipalityId] ?? []).length === 0) return false;
  const units = await listUnits(db, target.municipalityId, target.year);
  return editableCodes(user, target.municipalityId, units).has(target.unitCode);
}

/** Unit codes the user may edit among the given units (for the web application's marks). */
export function editableCodes(
  user: User,
  municipalityId: string,
  units: readonly { code: string; parentCode: string | null }[],
): Set<string> {
  if (roleAllows(user.role, 'finance')) return new Set(units.map((u) => u.code));
  if (user.role !== 'editor') return new Set();
  const assigned = new Set(user.units[municipalityId] ?? []);
  const parentOf = new Map(units.map((u) => [u.code, u.parentCode]));
  const editable = new Set<string>();
  for (const unit of units) {
    let code: string | null | undefined = unit.code;
    const seen = new Set<string>();
    while (code && !seen.has(code)) {
      if (assigned.has(code)) {
        editable.add(unit.code);
        break;
      }
      seen.add(code);
      code = parentOf.get(code);
    }
  }
  return editable;
}
