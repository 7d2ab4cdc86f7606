/**
 * `utfall imports undo ID`: takes out exactly one budget or actuals import's contributions and
 * puts back what it replaced, in one transaction under the year's lock, audited. Refused for an
 * import a later one has replaced again (that one is undone first), for one already undone, and
 * for the organisation and the account mapping (corrected by importing a corrected file).
 */
import type { Kysely } from 'kysely';
import { insertAudit } from '../db/audit.js';
import {
  importLogRow,
  laterActualReplacers,
  laterOriginalBudgets,
  undoImportRows,
  unitsOfImport,
} from '../db/imports.js';
import { removeSegment, segmentsOfImport } from '../db/postings.js';
import type { Database } from '../db/schema.js';
import { lockYear } from '../db/units.js';
import { importRule, type Actor } from '../domain/access.js';
import { UtfallError } from '../domain/errors.js';
import { isImportKind } from '../domain/import-kinds.js';
import { requireRule } from './access.js';
import { fileNameOf } from './imports.js';
import { refuseFrozenChanges } from './freeze.js';
import { refuseOutOfRange } from './range.js';
import { assertMunicipality } from './tenant.js';

export interface UndoOutcome {
  importId: number;
  kind: 'budget' | 'actuals';
  year: number;
  fileName: string;
  /** budget: original or change */
  stage: string | null;
  /** The units whose figures the undo changed. */
  units: string[];
}

function stageOf(options: string): string | null {
  try {
    const parsed = JSON.parse(options) as { stage?: unknown };
    return typeof parsed.stage === 'string' ? parsed.stage : null;
  } catch {
    return null;
  }
}

export async function undoImport(
  db: Kysely<Database>,
  actor: Actor,
  input: { municipalityId: string; importId: number },
): Promise<UndoOutcome> {
  const { municipalityId, importId } = input;
  requireRule(actor, municipalityId, 'reader');
  await assertMunicipality(db, municipalityId);
  const found = await importLogRow(db, municipalityId, importId);
  if (!found) throw new UtfallError('import.unknown', { id: importId });
  const kind = found.kind;
  if ((kind !== 'budget' && kind !== 'actuals') || found.year === null) {
    if (isImportKind(kind)) requireRule(actor, municipalityId, importRule(kind));
    throw new UtfallError('import.notUndoable', { id: importId, kind });
  }
  requireRule(actor, municipalityId, importRule(kind));
  const year = found.year;
  const stage = kind === 'budget' ? (stageOf(found.options) ?? 'original') : null;

  const { undone, segments } = await db.transaction().execute(
    async (
      trx,
    ): Promise<{
      undone: UndoOutcome;
      segments: string[];
    }> => {
      // The year's writers one at a time; what is checked is read under the lock.
      await lockYear(trx, municipalityId, year);
      const row = await importLogRow(trx, municipalityId, importId);
      if (!row) throw new UtfallError('import.unknown', { id: importId });
      if (!row.keeps_superseded) throw new UtfallError('import.beforeUndo', { id: importId });
      if (row.undone_at !== null) {
        throw new UtfallError('import.alreadyUndone', {
          id: importId,
          at: new Date(row.undone_at).toISOString(),
        });
      }
      const later =
        kind === 'actuals'
          ? await laterActualReplacers(trx, municipalityId, year, importId)
          : stage === 'original'
            ? await laterOriginalBudgets(trx, municipalityId, year, importId)
            : [];
      if (later.length > 0) {
        throw new UtfallError('import.replacedLater', { id: importId, later: later.join(', ') });
      }
      const units = await unitsOfImport(trx, municipalityId, importId);
      const segments = await segmentsOfImport(trx, municipalityId, importId);
      await undoImportRows(trx, municipalityId, year, importId, actor.name);
      await refuseOutOfRange(trx, municipalityId, year);
      await refuseFrozenChanges(trx, municipalityId, year);
      await insertAudit(trx, municipalityId, {
        actor: actor.name,
        action: 'undo',
        entity: 'import',
        key: `${year}/${importId}`,
        before: {
          kind,
          file: fileNameOf(row.file_name),
          sha256: row.sha256,
          ...(stage ? { stage } : {}),
        },
        after: { undone: true, units },
        units,
      });
      return {
        undone: { importId, kind, year, fileName: fileNameOf(row.file_name), stage, units },
        segments,
      };
    },
  );
  // Its postings' files, which no row names now (a segment is one import's): a server runs
  // for months between the opens that would otherwise remove them.
  for (const segment of segments) removeSegment(db, segment);
  return undone;
}
