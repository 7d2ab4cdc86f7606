/**
 * Who may do what: the one access module. An actor is someone (a user, or the system when the
 * CLI runs without UTFALL_USER) with a role and units in each municipality they belong to. The
 * roles rank reader < editor < finance < admin; an editor may change the units assigned to them
 * and every unit below those. Services check every operation here; the server's access hook
 * judges a route's rule here before its input is validated; pages carry what this module allows
 * so that the web decides nothing itself.
 */
import type { ImportKind } from './import-kinds.js';
import { IMPORT_KINDS } from './import-kinds.js';
import type { Role } from './roles.js';
import { transition, type ReportState, type WorkflowAction } from './workflow.js';

/** What someone is in one municipality. */
export interface Membership {
  role: Role;
  /** The units an editor is assigned to; their sub-units are included. */
  units: readonly string[];
}

export interface Actor {
  /** The user name (or `system`), recorded as who did what. */
  name: string;
  system: boolean;
  /** The municipalities the actor belongs to, with their role and units in each. */
  memberships: Readonly<Record<string, Membership>>;
  /**
   * The role held in every municipality of the installation that `memberships` does not name:
   * admin for an installation administrator and the system actor, else null.
   */
  everywhere: Membership | null;
}

/** The CLI without UTFALL_USER: the installation's operator, who may do everything. */
export const SYSTEM_ACTOR: Actor = {
  name: 'system',
  system: true,
  memberships: {},
  everywhere: { role: 'admin', units: [] },
};

/** The rules a route or an operation states. */
export const RULES = ['public', 'reader', 'unit-editor', 'finance', 'admin'] as const;
export type Rule = (typeof RULES)[number];
export type RoleRule = Exclude<Rule, 'unit-editor'>;

const RANK: Record<Role, number> = { reader: 0, editor: 1, finance: 2, admin: 3 };

export function membershipIn(actor: Actor, municipalityId: string): Membership | null {
  return actor.memberships[municipalityId] ?? actor.everywhere;
}

/** Whether a role passes a rule that does not look at units. */
export function roleAllows(role: Role, rule: RoleRule): boolean {
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

/** Whether the actor passes a role rule in a municipality (public passes for anyone). */
export function allows(
  actor: Actor | null,
  municipalityId: string | null,
  rule: RoleRule,
): boolean {
  if (rule === 'public') return true;
  if (!actor) return false;
  const membership =
    municipalityId === null ? highestMembership(actor) : membershipIn(actor, municipalityId);
  return membership !== null && roleAllows(membership.role, rule);
}

/**
 * For installation-wide operations (the users routes, whose operations then keep to the
 * municipalities the actor administers): the highest role held anywhere.
 */
function highestMembership(actor: Actor): Membership | null {
  let best = actor.everywhere;
  for (const membership of Object.values(actor.memberships)) {
    if (!best || RANK[membership.role] > RANK[best.role]) best = membership;
  }
  return best;
}

/** A unit and its parent, as much of the tree as the subtree rule needs. */
export interface UnitNode {
  code: string;
  parentCode: string | null;
}

/**
 * Which units the actor may change in a municipality: all of them (finance and admin), none
 * (readers, an editor without units), or the subtrees of the units assigned to an editor.
 */
export function changeableUnits(
  actor: Actor,
  municipalityId: string,
): 'all' | 'none' | { assigned: readonly string[] } {
  const membership = membershipIn(actor, municipalityId);
  if (!membership) return 'none';
  if (roleAllows(membership.role, 'finance')) return 'all';
  if (membership.role !== 'editor' || membership.units.length === 0) return 'none';
  return { assigned: membership.units };
}

/** The codes among `units` the actor may change: finance and admin all, an editor their subtrees. */
export function editableCodes(
  actor: Actor,
  municipalityId: string,
  units: readonly UnitNode[],
): Set<string> {
  const scope = changeableUnits(actor, municipalityId);
  if (scope === 'none') return new Set();
  if (scope === 'all') return new Set(units.map((u) => u.code));
  const assigned = new Set(scope.assigned);
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

const WORKFLOW_ACTIONS: readonly WorkflowAction[] = ['submit', 'approve', 'lock', 'reopen'];

/**
 * The rule a workflow action needs from a state: submitting is the unit's (its editors); reopening
 * a locked report is the admin's, as locked is approved and closed; the rest is finance's.
 */
export function workflowRule(action: WorkflowAction, state: ReportState): Rule {
  if (action === 'submit') return 'unit-editor';
  if (action === 'reopen' && state === 'locked') return 'admin';
  return 'finance';
}

/**
 * The workflow actions the actor may take on a unit in a state: exactly those the workflow allows
 * from the state and the actor's role may take there (what the web offers, what the service does).
 */
export function workflowActions(
  actor: Actor,
  municipalityId: string,
  mayChangeUnit: boolean,
  state: ReportState,
): WorkflowAction[] {
  return WORKFLOW_ACTIONS.filter((action) =>
    mayTakeAction(actor, municipalityId, mayChangeUnit, action, state),
  );
}

/** Whether the actor may take a workflow action on a unit whose report is in `state`. */
export function mayTakeAction(
  actor: Actor,
  municipalityId: string,
  mayChangeUnit: boolean,
  action: WorkflowAction,
  state: ReportState,
): boolean {
  if (transition(state, action) === null) return false;
  const rule = workflowRule(action, state);
  return rule === 'unit-editor' ? mayChangeUnit : allows(actor, municipalityId, rule);
}

/** The rule an import of a kind needs: the organisation and the account mapping are the admin's. */
export function importRule(kind: ImportKind): RoleRule {
  return kind === 'org' || kind === 'mapping' ? 'admin' : 'finance';
}

/** The kinds of import the actor may run in a municipality. */
export function importKindsFor(actor: Actor, municipalityId: string): ImportKind[] {
  return IMPORT_KINDS.filter((kind) => allows(actor, municipalityId, importRule(kind)));
}

/** What the actor may do in a municipality beyond its units' pages (for the navigation). */
export interface Abilities {
  imports: ImportKind[];
  budgetChanges: boolean;
  approve: boolean;
  users: boolean;
}

export function abilitiesIn(actor: Actor, municipalityId: string): Abilities {
  return {
    imports: importKindsFor(actor, municipalityId),
    budgetChanges: allows(actor, municipalityId, 'finance'),
    approve: allows(actor, municipalityId, 'finance'),
    // An admin of this municipality manages its users (an admin of another one does not).
    users: allows(actor, municipalityId, 'admin'),
  };
}

/** The system actor under a name of its own (the operating-system user, the demo loader). */
export function systemActor(name: string): Actor {
  return { ...SYSTEM_ACTOR, name };
}
