/**
 * The approval workflow of a unit's report for a year: draft → submitted → approved (by its
 * board) → locked (the year closed by finance). Each step goes only from the state before it:
 * a report is locked only once it is approved. Approved and locked content cannot change;
 * reopening returns it to draft and needs a reason (who may reopen which state is access's).
 */
export const REPORT_STATES = ['draft', 'submitted', 'approved', 'locked'] as const;
export type ReportState = (typeof REPORT_STATES)[number];
export type WorkflowAction = 'submit' | 'approve' | 'lock' | 'reopen';

const FROM: Record<WorkflowAction, readonly ReportState[]> = {
  submit: ['draft'],
  approve: ['submitted'],
  lock: ['approved'],
  reopen: ['submitted', 'approved', 'locked'],
};

const TO: Record<WorkflowAction, ReportState> = {
  submit: 'submitted',
  approve: 'approved',
  lock: 'locked',
  reopen: 'draft',
};

export function isReportState(value: string): value is ReportState {
  return (REPORT_STATES as readonly string[]).includes(value);
}

/** The state an action leads to, or null when the action is not allowed from `state`. */
export function transition(state: ReportState, action: WorkflowAction): ReportState | null {
  return FROM[action].includes(state) ? TO[action] : null;
}

/** Whether the unit's texts, goals and statuses may still change. */
export function isEditable(state: ReportState): boolean {
  return state === 'draft' || state === 'submitted';
}

/**
 * The report that freezes a unit's content: its own when approved or locked, else the nearest
 * approved or locked one above it (an approval freezes the texts, goals and risks of the units
 * it covers); null when the content may change. `chain` runs from the unit up to the root.
 */
export function frozenBy<T extends { code: string; state: ReportState }>(
  chain: readonly T[],
): T | null {
  return chain.find((link) => !isEditable(link.state)) ?? null;
}

/** A unit and the units above it, each with its report's state (draft when none is stored). */
export function stateChain(
  units: readonly { code: string; parentCode: string | null }[],
  stateOf: (code: string) => ReportState | undefined,
  unitCode: string,
): { code: string; state: ReportState }[] {
  const parentOf = new Map(units.map((u) => [u.code, u.parentCode]));
  const chain: { code: string; state: ReportState }[] = [];
  const seen = new Set<string>();
  for (let code: string | null = unitCode; code !== null && !seen.has(code);) {
    seen.add(code);
    chain.push({ code, state: stateOf(code) ?? 'draft' });
    code = parentOf.get(code) ?? null;
  }
  return chain;
}

/**
 * The state a unit's report shows in a list of units: that of the report that freezes it (its
 * own when approved or locked, else the nearest approved or locked one above it — a cost centre
 * under a locked area is locked with it), else its own. `chain` runs from the unit up to the root.
 */
export function shownState(chain: readonly { code: string; state: ReportState }[]): ReportState {
  return frozenBy(chain)?.state ?? chain[0]?.state ?? 'draft';
}
