/**
 * `utfall import org|mapping|budget|actuals`: read and validate the whole file first, then
 * write it in one transaction. Any problem and nothing is written; every import is logged.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Db } from '../db/db.js';
import { writeActuals, writeBudget } from '../db/figures.js';
import { postingSpillFolder, removeSegment, writePostings } from '../db/postings.js';
import {
  columnMapping,
  columnMappings,
  deleteColumnMapping,
  importLog,
  importLogRows,
  keepSupersededBudget,
  logImport,
  replaceActualCells,
  saveColumnMapping,
  unitsOfLedger,
  type ImportLogEntry,
  type StoredColumnMapping,
} from '../db/imports.js';
import { insertAudit } from '../db/audit.js';
import {
  accountMapping,
  ensureYear,
  fiscalYears,
  listUnits,
  lockYear,
  replaceMapping,
  setBindings,
  upsertUnits,
} from '../db/units.js';
import { accountResolver } from '../domain/mapping.js';
import type { Binding, Unit, UnitKind } from '../domain/model.js';
import {
  aggregateActuals,
  parseBudget,
  parseDate,
  parseMapping,
  parseOrg,
  peekTable,
  type TablePeek,
} from '../import/index.js';
import type {
  ImportContext,
  ImportKind,
  ImportProblem,
  OrgRecord,
  SignConvention,
  SourceInfo,
} from '../import/types.js';
import { assertMunicipality, resolveYear } from './tenant.js';
import { allows, importKindsFor, importRule, type Actor } from '../domain/access.js';
import { UtfallError } from '../domain/errors.js';
import { HEADERS, isImportKind } from '../domain/import-kinds.js';
import { requireRule } from './access.js';
import { checkProfile, spreadBudget } from './profiles.js';
import { frozenInPreview, refuseFrozenChanges } from './freeze.js';
import { refuseOutOfRange } from './range.js';
import {
  actualsPreview,
  budgetPreview,
  type ActualsMode,
  type ImportPreview,
} from './import-preview.js';

export interface ImportRequest {
  kind: ImportKind;
  file: string;
  municipalityId: string;
  year?: number | undefined;
  sign?: SignConvention | undefined;
  dryRun?: boolean | undefined;
  /** budget */
  stage?: 'original' | 'change' | undefined;
  decision?: string | undefined;
  date?: string | undefined;
  /**
   * budget: the profile that spreads a year budget over its months — `even`, `previous-year` or
   * one of the year's own (service/profiles.ts); default: each line's profile, else even. A file
   * with a `period` column gives its months itself.
   */
  profile?: string | undefined;
  /** actuals: add to the stored months instead of replacing them */
  append?: boolean | undefined;
  /**
   * actuals: replace the file's months for every unit of the ledger, also the units the file has
   * no row for. By default only the units that have rows in the file have their months replaced.
   */
  replaceAll?: boolean | undefined;
  /** Columns the user named for a header that is not recognised: field → header in the file. */
  columns?: Readonly<Record<string, string>> | undefined;
  /**
   * The name the file goes by in problems and the import log, when `file` is not it (an upload
   * saved under a temporary path); default: `file`.
   */
  fileName?: string | undefined;
}

export interface ImportOutcome {
  ok: boolean;
  written: boolean;
  kind: ImportKind;
  year: number | undefined;
  source: SourceInfo | null;
  problems: ImportProblem[];
  problemCount: number;
  /** Records written (units, ranges, budget rows, monthly balances). */
  records: number;
  /** actuals: months replaced or added to */
  months: number[];
  importId: number | null;
  /**
   * budget and actuals: what the import changes (or would change, in a dry run), per unit and
   * month or line; null for the other kinds and for a file with problems.
   */
  preview: ImportPreview | null;
}

/** Runs one import. Throws UtfallError for bad options; returns problems for bad files. */
/**
 * Imports a file, all or nothing. The organisation and the account mapping are the admin's to
 * import, budgets and actuals finance's; a user who imports is recorded in the import log (the
 * system actor is not).
 */
export async function runImport(
  db: Kysely<Database>,
  request: ImportRequest,
  actor: Actor,
): Promise<ImportOutcome> {
  requireRule(actor, request.municipalityId, importRule(request.kind));
  return importAs(db, {
    ...request,
    importedBy: actor.system ? undefined : actor.name,
    auditActor: actor.name,
  });
}

/** An import request with the user it is recorded under (the audit log names the system too). */
type LoggedRequest = ImportRequest & { importedBy: string | undefined; auditActor: string };

/** What a write touched, for the import's audit entry. */
interface Written {
  units: readonly string[];
  preview?: ImportPreview | null;
}

async function importAs(db: Kysely<Database>, request: LoggedRequest): Promise<ImportOutcome> {
  const sign = request.sign ?? 'report';
  // Org imports create the year; every other import needs its units, so the year must exist.
  const year =
    request.kind === 'org'
      ? (request.year ?? (await resolveYear(db, request.municipalityId, undefined)))
      : await resolveYear(db, request.municipalityId, request.year);
  const context = await importContext(db, request.municipalityId, year, sign);
  const base = {
    kind: request.kind,
    written: false,
    months: [] as number[],
    importId: null,
    preview: null,
  };
  const read = { columns: request.columns };
  const named = <R extends NamedResult>(result: R): R => renamed(result, request);

  switch (request.kind) {
    case 'org': {
      const result = named(await parseOrg(request.file, context, read));
      const units = toUnits(result.records, await listUnits(db, request.municipalityId, year));
      const bindings: Binding[] = result.records.flatMap((r) =>
        r.binding ? [{ unitCode: r.code, line: r.binding }] : [],
      );
      return finish(
        db,
        request,
        { ...base, year, ...summary(result), records: units.length },
        async (trx, importId) => {
          void importId;
          await upsertUnits(trx, request.municipalityId, year, units);
          await setBindings(trx, request.municipalityId, year, bindings);
          return { units: units.map((u) => u.code) };
        },
      );
    }
    case 'mapping': {
      const result = named(await parseMapping(request.file, context, read));
      return finish(
        db,
        request,
        { ...base, year, ...summary(result), records: result.records.length },
        async (trx) => {
          await replaceMapping(trx, request.municipalityId, year, result.records);
          return { units: [] };
        },
      );
    }
    case 'budget': {
      const stage = request.stage ?? 'original';
      let date: string | undefined;
      if (stage === 'change') {
        if (!request.decision) throw new UtfallError('budget.decisionMissing');
        const parsed = request.date ? parseDate(request.date) : null;
        if (!parsed) throw new UtfallError('budget.dateMissing', { value: request.date ?? '' });
        date = `${parsed.year}-${String(parsed.month).padStart(2, '0')}-${String(parsed.day).padStart(2, '0')}`;
      }
      await refuseWithoutUnits(db, request.municipalityId, year, context);
      const profile = request.profile?.trim() || undefined;
      if (profile !== undefined && year !== undefined)
        await checkProfile(db, request.municipalityId, year, profile);
      const result = named(await parseBudget(request.file, context, read));
      const outcome: ImportOutcome = {
        ...base,
        year,
        ...summary(result),
        records: result.records.length,
      };
      const preview = (on: Db) =>
        budgetPreview(on, request.municipalityId, year, stage, result.records);
      if (outcome.ok && year !== undefined)
        outcome.preview = await frozenMarked(db, request.municipalityId, year, await preview(db));
      return finish(db, request, outcome, async (trx, importId) => {
        const written = await preview(trx);
        if (stage === 'original') {
          await keepSupersededBudget(trx, request.municipalityId, year, importId);
        }
        await writeBudget(
          trx,
          {
            municipalityId: request.municipalityId,
            year: year,
            importId,
            stage,
            ...(request.decision ? { decision: request.decision } : {}),
            ...(date ? { date } : {}),
          },
          await spreadBudget(trx, request.municipalityId, year, result.records, {
            stage,
            date,
            profile,
          }),
        );
        return { units: written.units, preview: written };
      });
    }
    case 'actuals': {
      await refuseWithoutUnits(db, request.municipalityId, year, context);
      if (request.append && request.replaceAll) throw new UtfallError('import.appendReplaceAll');
      const mode: ActualsMode = request.append ? 'append' : request.replaceAll ? 'all' : 'units';
      const result = named(
        await aggregateActuals(request.file, context, {
          ...read,
          keepPostings: request.dryRun !== true,
          postingSpill: postingSpillFolder(db),
        }),
      );
      // Spilled postings go with the import's end, whether it wrote them or not.
      try {
        const outcome: ImportOutcome = {
          ...base,
          year,
          ...summary(result),
          records: result.balances.length,
          months: result.months,
        };
        const fileUnits = [...new Set(result.balances.map((b) => b.unitCode))].sort();
        // The units whose months the import replaces: none, the file's, or the whole ledger's.
        const replaced = async (on: Db): Promise<string[]> =>
          mode === 'append'
            ? []
            : mode === 'units'
              ? fileUnits
              : unitsOfLedger(on, request.municipalityId, year);
        const preview = async (on: Db) =>
          actualsPreview(
            on,
            request.municipalityId,
            year,
            mode,
            result.balances,
            await replaced(on),
            result.months,
          );
        if (outcome.ok)
          outcome.preview = await frozenMarked(db, request.municipalityId, year, await preview(db));
        // Set inside the transaction: TypeScript does not see the callback assign it.
        let segment = null as string | null;
        try {
          return await finish(db, request, outcome, async (trx, importId) => {
            const written = await preview(trx);
            await replaceActualCells(
              trx,
              request.municipalityId,
              year,
              importId,
              await replaced(trx),
              result.months,
            );
            await writeActuals(trx, request.municipalityId, year, importId, result.balances, []);
            segment = await writePostings(
              trx,
              request.municipalityId,
              year,
              importId,
              result.postings,
            );
            return { units: written.units, preview: written };
          });
        } catch (error) {
          // A segment file no committed row names: the import was refused after writing it.
          if (segment !== null) removeSegment(db, segment);
          throw error;
        }
      } finally {
        result.postings?.dispose();
      }
    }
  }
}

/**
 * A budget or actuals file for a year without an organisation is refused before it is read: each
 * of its rows would be an unknown unit. Named with the latest earlier year to start it from
 * (import.noUnits), else as a year to import the organisation of (year.noUnits).
 */
async function refuseWithoutUnits(
  db: Db,
  municipalityId: string,
  year: number,
  context: ImportContext,
): Promise<void> {
  if (context.units.size > 0) return;
  const from = (await fiscalYears(db, municipalityId)).filter((y) => y < year).at(-1);
  if (from === undefined) throw new UtfallError('year.noUnits', { year });
  throw new UtfallError('import.noUnits', { year, from });
}

/** The preview with the approved reports it would change (the import will then be refused). */
async function frozenMarked(
  db: Db,
  municipalityId: string,
  year: number,
  preview: ImportPreview,
): Promise<ImportPreview> {
  return { ...preview, frozen: await frozenInPreview(db, municipalityId, year, preview) };
}

async function importContext(
  db: Db,
  municipalityId: string,
  year: number | undefined,
  sign: SignConvention,
): Promise<ImportContext> {
  if (year === undefined) return { year, sign, units: new Set(), lineForAccount: () => undefined };
  const units = await listUnits(db, municipalityId, year);
  return {
    year,
    sign,
    units: new Set(units.map((u) => u.code)),
    lineForAccount: accountResolver(await accountMapping(db, municipalityId, year)),
  };
}

interface NamedResult {
  source: SourceInfo;
  problems: ImportProblem[];
}

/** The result with the file called by its given name (ImportRequest.fileName) throughout. */
export function renamed<R extends NamedResult>(
  result: R,
  request: Pick<ImportRequest, 'file' | 'fileName'>,
): R {
  const { file, fileName } = request;
  if (fileName === undefined || fileName === file) return result;
  const rename = (text: string): string => text.split(file).join(fileName);
  return {
    ...result,
    source: { ...result.source, file: rename(result.source.file) },
    problems: result.problems.map((found) => ({
      ...found,
      file: rename(found.file),
      ...(found.params
        ? {
            params: Object.fromEntries(
              Object.entries(found.params).map(([key, value]) => [
                key,
                typeof value === 'string' ? rename(value) : value,
              ]),
            ),
          }
        : {}),
    })),
  };
}

function summary(result: { source: SourceInfo; problems: ImportProblem[]; problemCount: number }) {
  return {
    source: result.source,
    problems: result.problems,
    problemCount: result.problemCount,
    ok: result.problemCount === 0,
  };
}

/**
 * Writes in one transaction when the file had no problems and this is not a dry run, holding
 * the year's lock (lockYear): concurrent imports of a year are written one after the other.
 */
async function finish(
  db: Kysely<Database>,
  request: LoggedRequest,
  outcome: ImportOutcome,
  write: (trx: Db, importId: number) => Promise<Written>,
): Promise<ImportOutcome> {
  if (!outcome.ok || request.dryRun || !outcome.source || outcome.year === undefined)
    return outcome;
  const year = outcome.year;
  const source = outcome.source;
  const { importId, written } = await db.transaction().execute(async (trx) => {
    await ensureYear(trx, request.municipalityId, year);
    // One writer of the year's figures at a time: two imports of one file at once would
    // otherwise each replace the months before the other's rows are visible, and add up.
    await lockYear(trx, request.municipalityId, year);
    const id = await logImport(trx, request.municipalityId, request.kind, year, source, {
      sign: request.sign ?? 'report',
      stage: request.stage,
      decision: request.decision,
      date: request.date,
      append: request.append ?? false,
      ...(request.replaceAll ? { replaceAll: true } : {}),
      ...(request.kind === 'budget' && request.profile ? { profile: request.profile } : {}),
      actor: request.importedBy,
    });
    const done = await write(trx, id);
    await refuseOutOfRange(trx, request.municipalityId, year);
    await refuseFrozenChanges(trx, request.municipalityId, year);
    await insertAudit(trx, request.municipalityId, {
      actor: request.auditActor,
      action: 'import',
      entity: 'import',
      key: `${year}/${id}`,
      before: null,
      after: {
        kind: request.kind,
        file: fileNameOf(source.file),
        sha256: source.sha256,
        rows: source.rows,
        records: outcome.records,
        ...(request.kind === 'budget' ? { stage: request.stage ?? 'original' } : {}),
        ...(request.decision ? { decision: request.decision } : {}),
        ...(request.kind === 'budget' && request.profile ? { profile: request.profile } : {}),
        ...(done.preview ? { mode: done.preview.mode, absentUnits: done.preview.absentUnits } : {}),
        ...(request.kind === 'actuals' ? { months: outcome.months } : {}),
        units: done.units,
      },
      units: done.units,
    });
    return { importId: id, written: done };
  });
  return {
    ...outcome,
    written: true,
    importId,
    preview: written.preview ?? outcome.preview,
  };
}

/** Org records to units; a missing kind follows from the depth: city, central, area, cost centre. */
function toUnits(records: readonly OrgRecord[], existing: readonly Unit[]): Unit[] {
  const parentOf = new Map<string, string | null>(existing.map((u) => [u.code, u.parentCode]));
  for (const record of records) parentOf.set(record.code, record.parentCode);
  const depthOf = (code: string): number => {
    let depth = 0;
    let parent = parentOf.get(code) ?? null;
    while (parent !== null && depth < 50) {
      depth += 1;
      parent = parentOf.get(parent) ?? null;
    }
    return depth;
  };
  const byDepth: UnitKind[] = ['city', 'central', 'area', 'costcenter'];
  return records.map((r) => ({
    code: r.code,
    parentCode: r.parentCode,
    kind: r.kind ?? byDepth[Math.min(depthOf(r.code), 3)]!,
    names: r.names,
    responsible: r.responsible,
    board: r.board,
  }));
}

/** One import of the history, with who made it and the budget stage it wrote. */
export interface ImportHistoryEntry {
  id: number;
  kind: string;
  year: number | null;
  fileName: string;
  /** csv, xlsx, or form for a budget change entered in the web application */
  format: string;
  sha256: string;
  rows: number;
  importedAt: Date;
  /** The user of the web application; null for the command line's imports. */
  importedBy: string | null;
  stage: string | null;
  decision: string | null;
  undoneAt: Date | null;
  undoneBy: string | null;
  /** A budget or actuals import that stands (a later import may still stand in the way). */
  undoable: boolean;
}

/** The import history of a municipality, newest first. */
export async function importHistory(db: Db, municipalityId: string): Promise<ImportHistoryEntry[]> {
  const rows = await importLogRows(db, municipalityId);
  return rows.map((row) => {
    const options = parseOptions(row.options);
    const text = (key: string) => (typeof options[key] === 'string' ? options[key] : null);
    return {
      id: row.id,
      kind: row.kind,
      year: row.year,
      // The file's name, not where it lay on the machine that imported it (a CLI import logs
      // its path; the history shows the name). A budget change entered in the form is named by
      // its decision, which may hold a slash (§ 12/2023).
      fileName: row.format === 'form' ? row.file_name : fileNameOf(row.file_name),
      format: row.format,
      sha256: row.sha256,
      rows: row.rows,
      importedAt: new Date(row.imported_at),
      importedBy: text('actor'),
      stage: row.kind === 'budget' ? (text('stage') ?? 'original') : null,
      decision: text('decision'),
      undoneAt: row.undone_at === null ? null : new Date(row.undone_at),
      undoneBy: row.undone_by,
      undoable:
        (row.kind === 'budget' || row.kind === 'actuals') &&
        row.undone_at === null &&
        row.keeps_superseded,
    };
  });
}

/**
 * The name of a file as the user gave it, without the folders it lay in on the machine that
 * imported it (a CLI import logs its path, with / or \\): what the history, the undo and the
 * audit log show, never a server path.
 */
export function fileNameOf(stored: string): string {
  return stored.split(/[/\\]/).pop() || stored;
}

function parseOptions(text: string): Record<string, unknown> {
  try {
    const parsed = JSON.parse(text) as unknown;
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** The import history of a municipality and the kinds of import the actor may run there. */
export async function importPage(
  db: Db,
  actor: Actor,
  municipalityId: string,
): Promise<{ imports: ImportHistoryEntry[]; kinds: ImportKind[] }> {
  requireRule(actor, municipalityId, 'reader');
  await assertMunicipality(db, municipalityId);
  return {
    imports: await importHistory(db, municipalityId),
    kinds: importKindsFor(actor, municipalityId),
  };
}

/**
 * An uploaded file checked (a dry run) or imported: the municipality must exist, and so must the
 * year for every import but the organisation's, which creates it. With a peek at the file's
 * header, recognised columns and first rows, for the import wizard. When the user named no
 * columns and the municipality remembers a mapping for this kind and header row (an ERP's
 * export), the file is read by that mapping, and `mapping` says which.
 */
export async function importUpload(
  db: Kysely<Database>,
  actor: Actor,
  request: ImportRequest,
): Promise<{ outcome: ImportOutcome; peek: TablePeek; mapping: AppliedMapping | null }> {
  requireRule(actor, request.municipalityId, importRule(request.kind));
  await assertMunicipality(db, request.municipalityId);
  const { year } = request;
  if (
    request.kind !== 'org' &&
    year !== undefined &&
    !(await fiscalYears(db, request.municipalityId)).includes(year)
  ) {
    throw new UtfallError('yearUnknown', { year });
  }
  let peek = await peekTable(request.file, request.kind, request.columns ?? {});
  let mapping: AppliedMapping | null = null;
  if (Object.keys(request.columns ?? {}).length === 0 && peek.header.length > 0) {
    const remembered = await columnMapping(db, request.municipalityId, {
      kind: request.kind,
      headerKey: headerKey(peek.header),
    });
    if (remembered) {
      mapping = { id: remembered.id, name: remembered.name, columns: remembered.columns };
      request = { ...request, columns: remembered.columns };
      peek = await peekTable(request.file, request.kind, remembered.columns);
    }
  }
  return { outcome: await runImport(db, request, actor), peek, mapping };
}

/** The remembered mapping an upload was read by. */
export interface AppliedMapping {
  id: number;
  name: string;
  columns: Record<string, string>;
}

/**
 * A header row as a mapping is remembered by: its cells trimmed and in lower case, without the
 * empty cells at its end, joined by U+001F (which no cell holds).
 */
export function headerKey(header: readonly string[]): string {
  const cells = header.map((cell) => cell.trim().toLowerCase());
  while (cells.length > 0 && cells[cells.length - 1] === '') cells.pop();
  return cells.join('\u001f');
}

/** A remembered mapping as the API and the web show it, with whether the user may delete it. */
export interface ColumnMappingView extends StoredColumnMapping {
  kind: ImportKind;
  deletable: boolean;
}

const viewOfMapping =
  (actor: Actor, municipalityId: string) =>
  (mapping: StoredColumnMapping): ColumnMappingView[] =>
    isImportKind(mapping.kind)
      ? [
          {
            ...mapping,
            kind: mapping.kind,
            deletable: allows(actor, municipalityId, importRule(mapping.kind)),
          },
        ]
      : [];

/** The municipality's remembered column mappings. */
export async function listColumnMappings(
  db: Db,
  actor: Actor,
  municipalityId: string,
): Promise<ColumnMappingView[]> {
  requireRule(actor, municipalityId, 'reader');
  await assertMunicipality(db, municipalityId);
  return (await columnMappings(db, municipalityId)).flatMap(viewOfMapping(actor, municipalityId));
}

/**
 * Remembers the columns a user mapped for a file's header row under a name (e.g. "Raindance
 * export"), for the next file of the kind with the same header: whoever may import the kind;
 * the fields must be the kind's and the headers the file's. A mapping the header had is
 * replaced. Audited.
 */
export async function rememberColumnMapping(
  db: Kysely<Database>,
  actor: Actor,
  municipalityId: string,
  input: {
    kind: ImportKind;
    name: string;
    header: readonly string[];
    columns: Readonly<Record<string, string>>;
  },
): Promise<ColumnMappingView> {
  requireRule(actor, municipalityId, importRule(input.kind));
  await assertMunicipality(db, municipalityId);
  const name = input.name.trim();
  if (name === '' || name.length > 100) throw new UtfallError('columnMapping.name');
  const fields = Object.keys(HEADERS[input.kind]);
  const inHeader = new Set(input.header.map((cell) => cell.trim()));
  const columns = Object.fromEntries(
    Object.entries(input.columns).filter(([, header]) => header.trim() !== ''),
  );
  for (const [field, header] of Object.entries(columns)) {
    if (!fields.includes(field)) throw new UtfallError('columnMapping.columns', { column: field });
    if (!inHeader.has(header.trim()))
      throw new UtfallError('columnMapping.columns', { column: header });
  }
  if (Object.keys(columns).length === 0 || inHeader.size === 0)
    throw new UtfallError('columnMapping.columns', { column: '–' });
  const key = headerKey(input.header);
  const id = await db.transaction().execute(async (trx) => {
    const before = await columnMapping(trx, municipalityId, { kind: input.kind, headerKey: key });
    const saved = await saveColumnMapping(trx, municipalityId, {
      kind: input.kind,
      name,
      headerKey: key,
      header: input.header,
      columns,
      createdBy: actor.name,
    });
    await insertAudit(trx, municipalityId, {
      actor: actor.name,
      action: before ? 'update' : 'create',
      entity: 'columnMapping',
      key: `${input.kind}/${saved}`,
      before: before ? { name: before.name, columns: before.columns } : null,
      after: { name, header: input.header, columns },
    });
    return saved;
  });
  const stored = await columnMapping(db, municipalityId, { id });
  if (!stored) throw new Error(`column mapping ${id} not found after saving it`);
  return { ...stored, kind: input.kind, deletable: true };
}

/** Forgets a remembered mapping: whoever may import its kind. Audited. */
export async function forgetColumnMapping(
  db: Kysely<Database>,
  actor: Actor,
  municipalityId: string,
  id: number,
): Promise<{ id: number; name: string }> {
  requireRule(actor, municipalityId, 'finance');
  await assertMunicipality(db, municipalityId);
  return db.transaction().execute(async (trx) => {
    const found = await columnMapping(trx, municipalityId, { id });
    if (!found) throw new UtfallError('columnMapping.unknown', { id });
    if (isImportKind(found.kind)) requireRule(actor, municipalityId, importRule(found.kind));
    await deleteColumnMapping(trx, municipalityId, id);
    await insertAudit(trx, municipalityId, {
      actor: actor.name,
      action: 'delete',
      entity: 'columnMapping',
      key: `${found.kind}/${id}`,
      before: { name: found.name, header: found.header, columns: found.columns },
      after: null,
    });
    return { id, name: found.name };
  });
}

/** The import log of a municipality as the CLI lists it. */
export async function importLogFor(
  db: Db,
  actor: Actor,
  municipalityId: string,
): Promise<ImportLogEntry[]> {
  requireRule(actor, municipalityId, 'reader');
  return importLog(db, municipalityId);
}
