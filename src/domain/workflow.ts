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
