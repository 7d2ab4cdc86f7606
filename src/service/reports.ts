/**
 * The report of a unit (with its areas) or of the whole city, built from the data and rendered
 * in a format, for whoever may read the municipality: one operation for the CLI and the API.
 */
import { findUnit, listUnits } from '../db/units.js';
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
  const unitCode =
    unit === undefined ? undefined : findUnit(await listUnits(db, municipalityId, year), unit).code;
  const document = await buildReport(db, {
    ...rest,
    ...(unitCode === undefined ? {} : { unitCode }),
  });
  return { unitCode, document, body: await renderReport(document, format) };
}
