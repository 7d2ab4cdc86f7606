/**
 * The report of a unit (with its areas) or of the whole city, built from the data and rendered
 * in a format, for whoever may read the municipality: one operation for the CLI and the API.
 */
import { snapshots } from '../db/snapshots.js';
import { findUnit, listUnits } from '../db/units.js';
import { UtfallError } from '../domain/errors.js';
import type { Actor } from '../domain/access.js';
import { buildReport, type ReportRequest } from '../report/build.js';
import type { ReportDocument } from '../report/document.js';
import { renderReport, type ReportFormat } from '../report/render.js';
import { requireRule } from './access.js';
import type { Db } from './store.js';
import { assertYear } from './tenant.js';

export type { ReportFormat } from '../report/render.js';

export interface RenderedReport {
  /** The unit's code as stored (the request may name it by another case or by name). */
  unitCode: string | undefined;
  document: ReportDocument;
  /** Text formats as strings, binary ones as bytes. */
  body: string | Buffer;
}

/** Builds and renders a report; a unit may be named by its code in any case or by a name. */
export async function reportFor(
  db: Db,
  actor: Actor,
  request: ReportRequest & { unit?: string | undefined; format: ReportFormat },
): Promise<RenderedReport> {
  const { municipalityId, year } = request;
  requireRule(actor, municipalityId, 'reader');
  await assertYear(db, municipalityId, year);
  const { unit, format, ...rest } = request;
  // A report from one snapshot (as approved, also after a reopening) is of its period, and of
  // its unit unless another is asked for.
  const snapshot =
    request.snapshotId === undefined
      ? undefined
      : (
          await snapshots(db, municipalityId, year, {
            id: request.snapshotId,
            all: true,
            withData: false,
          })
        )[0];
  if (request.snapshotId !== undefined && !snapshot)
    throw new UtfallError('snapshot.unknown', { id: request.snapshotId, year });
  const asked = unit ?? snapshot?.unitCode;
  const unitCode =
    asked === undefined
      ? undefined
      : findUnit(await listUnits(db, municipalityId, year), asked).code;
  const document = await buildReport(db, {
    ...rest,
    ...(unitCode === undefined ? {} : { unitCode }),
    ...(snapshot ? { toMonth: snapshot.period } : {}),
  });
  return { unitCode, document, body: await renderReport(document, format) };
}

/** One approval snapshot as listed: which report, when, by whom, its hash, and any release. */
export interface SnapshotEntry {
  id: number;
  unitCode: string;
  period: number;
  approvedAt: Date;
  approvedBy: string;
  sha256: string;
  released: { at: Date; by: string; reason: string } | null;
}

/**
 * The year's approval snapshots, oldest first, also those a reopening released: each can be
 * printed again as it was approved (`reportFor` with `snapshotId`). Of one unit when named.
 */
export async function snapshotsFor(
  db: Db,
  actor: Actor,
  request: { municipalityId: string; year: number; unitCode?: string | undefined },
): Promise<SnapshotEntry[]> {
  const { municipalityId, year } = request;
  requireRule(actor, municipalityId, 'reader');
  await assertYear(db, municipalityId, year);
  const stored = await snapshots(db, municipalityId, year, {
    all: true,
    withData: false,
    ...(request.unitCode === undefined ? {} : { unitCode: request.unitCode }),
  });
  return stored.map(({ data: _data, year: _year, ...entry }) => entry);
}
