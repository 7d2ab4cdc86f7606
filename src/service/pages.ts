/**
 * The overview and a unit's page as an actor sees them: the figures and content of
 * src/service/overview.ts with what the actor may do there — which units they may change, the
 * workflow actions, commenting, the kinds of import — decided by the access module, so that the
 * API carries it and the web decides nothing about permissions itself.
 */
import {
  abilitiesIn,
  allows,
  editableCodes,
  workflowActions,
  type Abilities,
  type Actor,
  type UnitNode,
} from '../domain/access.js';
import { GOAL_BINDING_RULE } from '../domain/goals.js';
import { frozenBy, stateChain, type WorkflowAction } from '../domain/workflow.js';
import { requireRule } from './access.js';
import type { Db } from './store.js';
import { unitPage, yearOverview, type OverviewData, type UnitPageData } from './overview.js';

export interface OverviewView extends Omit<OverviewData, 'units' | 'allFindings'> {
  units: (OverviewData['units'][number] & { editable: boolean })[];
  /** What the actor may do in the municipality beyond the units' pages. */
  may: Abilities;
}

/** The year's overview, with each unit marked editable where the actor may change it now. */
export async function overviewFor(
  db: Db,
  actor: Actor,
  municipalityId: string,
  year: number,
  options: Parameters<typeof yearOverview>[3] = {},
): Promise<OverviewView> {
  requireRule(actor, municipalityId, 'reader');
  const { allFindings: _all, ...data } = await yearOverview(db, municipalityId, year, options);
  const mayChange = editableCodes(
    actor,
    municipalityId,
    data.units.map((u) => ({ code: u.code, parentCode: u.parentCode })),
  );
  const states = new Map(data.units.map((u) => [u.code, u.state]));
  const stateOf = (code: string) => states.get(code);
  return {
    ...data,
    units: data.units.map((unit) => ({
      ...unit,
      editable:
        mayChange.has(unit.code) && frozenBy(stateChain(data.units, stateOf, unit.code)) === null,
    })),
    may: abilitiesIn(actor, municipalityId),
  };
}

export interface UnitPageView extends UnitPageData {
  /** The actor may change the unit's content now (their unit, and the workflow allows it). */
  editable: boolean;
  /** The actor may comment on the unit (their unit, in any state). */
  commentable: boolean;
  /** The actor may mark a key goal they add as binding (GOAL_BINDING_RULE). */
  goalBinding: boolean;
  /** The workflow actions the actor may take from the current state. */
  actions: WorkflowAction[];
  may: Abilities;
}

/** One unit's page, with what the actor may do on it. */
export async function unitPageFor(
  db: Db,
  actor: Actor,
  municipalityId: string,
  year: number,
  unitCode: string,
  options: { toMonth?: number } = {},
): Promise<UnitPageView> {
  requireRule(actor, municipalityId, 'reader');
  const page = await unitPage(db, municipalityId, year, unitCode, options);
  // The unit and its ancestors are all the subtree rule needs.
  const chain: UnitNode[] = page.ancestors.map((a, i) => ({
    code: a.code,
    parentCode: page.ancestors[i - 1]?.code ?? null,
  }));
  chain.push({ code: page.unit.code, parentCode: page.ancestors.at(-1)?.code ?? null });
  const mayChange = editableCodes(actor, municipalityId, chain).has(page.unit.code);
  return {
    ...page,
    // Frozen by its own approval or by one above it.
    editable: mayChange && page.frozenBy === null,
    commentable: mayChange,
    goalBinding: mayChange && allows(actor, municipalityId, GOAL_BINDING_RULE),
    // Not submitted while an approval above froze its texts (changeState refuses it then).
    actions: workflowActions(actor, municipalityId, mayChange, page.state.state).filter(
      (a) => a !== 'submit' || page.frozenBy === null,
    ),
    may: abilitiesIn(actor, municipalityId),
  };
}
