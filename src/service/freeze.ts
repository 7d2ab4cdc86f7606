/**
 * Frozen approvals: a unit's approved (or locked) report for a period is kept as a snapshot of
 * what it was built from, and no write may change a frozen unit's frozen months underneath it.
 */
import { reportStates, YEAR_PERIOD } from '../db/content.js';
import { snapshots } from '../db/snapshots.js';
import { isEditable } from '../domain/workflow.js';
import type { CheckFinding } from '../domain/checks.js';
import { UtfallError } from '../domain/errors.js';
import { formatEuros } from '../domain/format.js';
import {
  cutSnapshot,
  snapshotDifferences,
  type FrozenDifference,
  type YearData,
} from '../domain/snapshot.js';
import { liveYearData, openSnapshot } from '../report/data.js';
import type { Db } from './store.js';
import type { FrozenInPreview, ImportPreview } from './import-preview.js';

/** A frozen unit and period whose figures a write would change, and how. */
export interface FrozenConflict {
  unitCode: string;
  period: number;
  differences: FrozenDifference[];
}

/**
 * How live data now differs from every snapshot in force: the figures (organisation, bindings,
 * amounts), and unless `figuresOnly` also goals, narratives and risks. A snapshot whose stored
 * text no longer matches its hash is reported too (`intact` false).
 */
export async function frozenConflicts(
  db: Db,
  municipalityId: string,
  year: number,
  options: { figuresOnly: boolean },
): Promise<(FrozenConflict & { intact: boolean })[]> {
  const inForce = await snapshots(db, municipalityId, year);
  if (inForce.length === 0) return [];
  const live = new Map<number, YearData>();
  const conflicts: (FrozenConflict & { intact: boolean })[] = [];
  for (const stored of inForce) {
    let data = live.get(stored.period);
    if (!data) {
      data = await liveYearData(db, municipalityId, year, stored.period, options);
      live.set(stored.period, data);
    }
    const { data: frozen, intact } = openSnapshot(stored);
    const now = cutSnapshot(data, { year, unitCode: stored.unitCode, period: stored.period });
    const differences = snapshotDifferences(frozen, now, options);
    if (differences.length > 0 || !intact)
      conflicts.push({ unitCode: stored.unitCode, period: stored.period, differences, intact });
  }
  return conflicts;
}

/**
 * Called by every writer of the year's figures, organisation or mapping inside its transaction,
 * after writing and while holding the year's lock (which an approval takes too): refuses —
 * throws, so the transaction rolls back and nothing is written — when the write changed what
 * a snapshot in force froze, naming the frozen units, the period and what would change.
 */
export async function refuseFrozenChanges(
  db: Db,
  municipalityId: string,
  year: number,
): Promise<void> {
  const conflicts = (await frozenConflicts(db, municipalityId, year, { figuresOnly: true })).filter(
    (c) => c.differences.length > 0,
  );
  if (conflicts.length === 0) return;
  throw frozenError(conflicts);
}

function frozenError(conflicts: readonly FrozenConflict[]): UtfallError {
  const periods = [...new Set(conflicts.map((c) => c.period))];
  const all = conflicts.flatMap((c) => c.differences);
  const base = {
    units: conflicts.map((c) => c.unitCode).join(', '),
    period: periods.map((p) => `1–${p}`).join(', '),
    count: all.length,
  };
  const details = { frozen: conflicts };
  // The message shows one change as an example: an amount when there is one.
  const example = all.find((d) => d.kind === 'amount') ?? all[0]!;
  return new UtfallError(
    example.kind === 'amount' ? 'frozen.changed' : 'frozen.changedOther',
    { ...base, ...exampleParams(example) },
    details,
  );
}

/**
 * One difference as a message's parameters: the unit, and either an amount (line, what, month,
 * before → after) or what else changed; the translations word them ($t(lines:…) and the
 * `frozen.*` keys).
 */
export function exampleParams(difference: FrozenDifference): Record<string, string | number> {
  if (difference.kind === 'amount')
    return {
      unit: difference.unitCode,
      line: difference.line,
      what: difference.column,
      month: difference.month ?? 0,
      before: formatEuros(difference.before),
      after: formatEuros(difference.after),
    };
  return {
    unit: difference.unitCode,
    what: difference.kind === 'content' ? difference.part : difference.kind,
  };
}

/** `utfall check`: where live data and a snapshot in force now differ (the report prints the snapshot). */
export async function snapshotFindings(
  db: Db,
  municipalityId: string,
  year: number,
): Promise<CheckFinding[]> {
  const conflicts = await frozenConflicts(db, municipalityId, year, { figuresOnly: false });
  // Approved before approvals froze (an earlier version of Utfall, which approved the year's
  // reports only): no snapshot of the year's period holds them. An interim report's snapshot
  // does not stand in for the year's.
  const inForce = new Set(
    (await snapshots(db, municipalityId, year, { withData: false, period: YEAR_PERIOD })).map(
      (s) => s.unitCode,
    ),
  );
  const unfrozen = [...(await reportStates(db, municipalityId, year)).entries()]
    .filter(([code, { state }]) => !isEditable(state) && !inForce.has(code))
    .map(([code]): CheckFinding => ({
      rule: 'snapshot.missing',
      severity: 'warning',
      unitCode: code,
      line: null,
      account: null,
      column: null,
      expected: null,
      found: null,
      source: null,
    }));
  return [
    ...unfrozen,
    ...conflicts.map((conflict): CheckFinding => ({
      rule: 'snapshot.differs',
      severity: 'warning',
      unitCode: conflict.unitCode,
      account: null,
      source: null,
      ...snapshotFinding(conflict),
    })),
  ];
}

/** The first difference of a conflict as a finding's line, column and amounts (approved → now). */
function snapshotFinding(
  conflict: FrozenConflict & { intact: boolean },
): Pick<
  CheckFinding,
  'line' | 'column' | 'expected' | 'found' | 'detail' | 'period' | 'count' | 'damaged'
> {
  const amount = conflict.differences.find((d) => d.kind === 'amount');
  return {
    line: amount?.line ?? null,
    column: amount ? (amount.column === 'actual' ? 'actual' : 'budget') : null,
    expected: amount?.before ?? null,
    found: amount?.after ?? null,
    detail: `1–${conflict.period}: ${conflict.differences.length}${conflict.intact ? '' : ', SHA-256 ≠'}`,
    period: conflict.period,
    count: conflict.differences.length,
    damaged: !conflict.intact,
  };
}

/**
 * The approved reports whose frozen figures a previewed import would change — a cell of a unit
 * under them in a month up to the period's end, or any budget line of such a unit — so that
 * the dry run and the web's check step say beforehand that the import will be refused.
 */
export async function frozenInPreview(
  db: Db,
  municipalityId: string,
  year: number,
  preview: Pick<ImportPreview, 'cells' | 'lines'>,
): Promise<FrozenInPreview[]> {
  const inForce = await snapshots(db, municipalityId, year);
  const found: FrozenInPreview[] = [];
  for (const stored of inForce) {
    const members = new Set(openSnapshot(stored).data.units.map((u) => u.code));
    const touched = new Set([
      ...preview.cells
        .filter((c) => c.before !== c.after && c.month <= stored.period && members.has(c.unit))
        .map((c) => c.unit),
      ...preview.lines
        .filter((l) => l.before !== l.after && members.has(l.unit))
        .map((l) => l.unit),
    ]);
    if (touched.size > 0)
      found.push({ unit: stored.unitCode, period: stored.period, units: [...touched].sort() });
  }
  return found;
}
