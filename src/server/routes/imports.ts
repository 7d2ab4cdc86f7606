/**
 * Imports through the web: the history, and uploads of CSV or XLSX files checked (preview, a dry
 * run that writes nothing) or written in one transaction, by the same runImport as
 * `utfall import`. An upload is saved under a temporary folder with its own file name, so that
 * every problem names the file the user chose, and the folder is removed whatever happens.
 * Units and the account mapping are the admin's; budgets and actuals finance's; a forecast file
 * (kind `forecast`) is for whoever may change every unit it has rows of.
 */
import type { MultipartFile } from '@fastify/multipart';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import { importRule } from '../../domain/access.js';
import { isImportKind, type FileKind } from '../../domain/import-kinds.js';
import { translate } from '../../i18n/index.js';
import { FILE_HEADERS, formatProblem, type TablePeek } from '../../import/index.js';
import { forecastImportUpload, type ForecastImportOutcome } from '../../service/forecast-import.js';
import {
  forgetColumnMapping,
  importPage,
  importUpload,
  listColumnMappings,
  rememberColumnMapping,
  type AppliedMapping,
  type ColumnMappingView as StoredMappingView,
  type ImportOutcome,
} from '../../service/imports.js';
import { undoImport } from '../../service/import-undo.js';
import type { Rule } from '../access.js';
import type { Api, ServerOptions } from '../http.js';
import { commonErrors, errorSchema } from '../../api/schemas.js';
import {
  columnMappingDeletedSchema,
  columnMappingInputSchema,
  columnMappingSchema,
  columnMappingsSchema,
  fileKindSchema,
  importAnswerSchema,
  importHistorySchema,
  importRefusalSchema,
  importUndoSchema,
  type ImportAnswer,
} from '../../api/imports.js';
import { UtfallError } from '../../domain/errors.js';

/** The largest upload when ServerOptions.uploadLimit is not given (as src/server/app.ts). */
export const DEFAULT_UPLOAD_LIMIT = 200 * 1024 * 1024;
/** The parts an upload may have (as src/server/app.ts registers multipart): one file, its fields. */
export const UPLOAD_PARTS = { files: 1, fields: 20 } as const;

const municipalityParams = z.object({ m: z.string().min(1).max(64) });
const uploadParams = municipalityParams.extend({ kind: fileKindSchema });

/** Form fields of an upload; empty fields count as absent (a form sends them empty). */
const uploadFields = z.object({
  year: z.coerce.number().int().min(1990).max(2100).optional(),
  sign: z.enum(['report', 'accounting']).optional(),
  stage: z.enum(['original', 'change']).optional(),
  decision: z.string().max(200).optional(),
  date: z.string().max(40).optional(),
  profile: z.string().max(200).optional(),
  period: z.string().max(20).optional(),
  append: z
    .enum(['true', 'false', 'on', '1', '0'])
    .transform((value) => value === 'true' || value === 'on' || value === '1')
    .optional(),
  replaceAll: z
    .enum(['true', 'false', 'on', '1', '0'])
    .transform((value) => value === 'true' || value === 'on' || value === '1')
    .optional(),
  columns: z.string().max(20_000).optional(),
});

const columnMapSchema = z.record(z.string().min(1).max(64), z.string().max(200));

/** The multipart request body, for the OpenAPI document only (the handler reads the parts). */
const uploadDocument = z.object({
  file: z.string().meta({ format: 'binary' }).describe('The CSV or XLSX file'),
  year: z.string().optional().describe('The fiscal year (default: the latest)'),
  sign: z
    .enum(['report', 'accounting'])
    .optional()
    .describe('report (revenue +, cost −; default) or accounting (debit +)'),
  stage: z.enum(['original', 'change']).optional().describe('budget: original (default) or change'),
  decision: z.string().optional().describe('budget change: the council decision'),
  date: z.string().optional().describe('budget change: the decision date'),
  profile: z
    .string()
    .optional()
    .describe(
      "budget: the profile that spreads a year budget over its months: even, previous-year or one of the year's own (GET …/profiles); default: each line's profile, else even. A file with a period column gives its months",
    ),
  period: z
    .string()
    .optional()
    .describe(
      "forecast (required): the interim period, YYYY-MM (months 1–11); the file's period cells, when given, must be it",
    ),
  append: z.enum(['true', 'false']).optional().describe('actuals: add to the stored months'),
  replaceAll: z
    .enum(['true', 'false'])
    .optional()
    .describe(
      "actuals: replace the file's months of every unit, also units without rows in the file (default: only the units in the file)",
    ),
  columns: z
    .string()
    .optional()
    .describe(
      'JSON { "<canonical column>": "<header in the file>" } for a header that is not recognised',
    ),
});

const UPLOAD_DESCRIPTION =
  'Units (`org`) and the account mapping (`mapping`) need the rule admin; `budget` and `actuals` the rule finance; ' +
  '`forecast` (columns unit, line, amount, optional period; the field `period`, YYYY-MM) whoever may change every unit the file has rows of: 403 naming the row of another unit, 409 when the interim report of the period of a unit, or of one above it, is approved. ' +
  'multipart/form-data: `file` and the fields year, sign, stage, decision, date, profile, period, append, replaceAll, columns. ' +
  'Every problem names the uploaded file, the row, the column and what was expected.';

/** A file name safe to create in our own folder, as close to the user's as can be. */
export function safeFileName(name: string): string {
  const base = name.split(/[/\\]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const cleaned = base.replace(/[\u0000-\u001f\u007f:*?"<>|]/g, '_').trim();
  if (cleaned === '' || /^\.+$/.test(cleaned)) return 'upload';
  if (cleaned.length <= 120) return cleaned;
  const dot = cleaned.lastIndexOf('.');
  const extension = dot > 0 && cleaned.length - dot <= 10 ? cleaned.slice(dot) : '';
  return cleaned.slice(0, 120 - extension.length) + extension;
}

interface Upload {
  folder: string;
  path: string;
  fileName: string;
  fields: Record<string, string>;
}

/**
 * Saves the file part to a temporary folder and collects the fields. The caller removes the
 * folder; on failure here it is removed before the error goes on.
 */
async function receiveUpload(request: FastifyRequest, limit: number): Promise<Upload> {
  if (!request.isMultipart()) throw new UtfallError('notMultipart');
  const fields: Record<string, string> = {};
  let folder: string | undefined;
  let saved: { path: string; fileName: string } | undefined;
  try {
    for await (const part of request.parts()) {
      if (part.type === 'field') {
        if (typeof part.value === 'string') fields[part.fieldname] = part.value;
        continue;
      }
      if (part.fieldname !== 'file' || saved) {
        await drain(part);
        continue;
      }
      folder ??= await mkdtemp(join(tmpdir(), 'utfall-upload-'));
      const fileName = safeFileName(part.filename);
      const path = join(folder, fileName);
      await pipeline(part.file, createWriteStream(path));
      if (part.file.truncated) {
        throw new UtfallError('tooLarge', {
          context: 'file',
          file: fileName,
          limit: Math.floor(limit / (1024 * 1024)),
        });
      }
      if (part.filename !== '' || part.file.bytesRead > 0) saved = { path, fileName };
    }
  } catch (error) {
    if (folder) await rm(folder, { recursive: true, force: true });
    if (isTooManyParts(error)) throw new UtfallError('tooManyParts', { ...UPLOAD_PARTS });
    if (isTooLarge(error)) {
      throw new UtfallError('tooLargeRequest', {
        limit: Math.floor(limit / (1024 * 1024)),
      });
    }
    throw error;
  }
  if (!saved || !folder) {
    if (folder) await rm(folder, { recursive: true, force: true });
    throw new UtfallError('fileMissing');
  }
  return { folder, ...saved, fields };
}

async function drain(part: MultipartFile): Promise<void> {
  for await (const chunk of part.file) void chunk;
}

/** Multipart's limits of parts, files and fields: 413 too, but not for the size. */
const PART_LIMITS = new Set(['FST_PARTS_LIMIT', 'FST_FILES_LIMIT', 'FST_FIELDS_LIMIT']);

function isTooManyParts(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    'code' in error &&
    typeof error.code === 'string' &&
    PART_LIMITS.has(error.code)
  );
}

function isTooLarge(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    'statusCode' in error &&
    error.statusCode === 413 &&
    !(error instanceof UtfallError)
  );
}

/** The upload's fields, checked: columns name fields of the kind, the year exists (but for org). */
function importOptions(kind: FileKind, fields: Record<string, string>) {
  const given = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== ''));
  const parsed = uploadFields.safeParse(given);
  if (!parsed.success) {
    throw new UtfallError('fields', {}, parsed.error.issues);
  }
  let columns: Record<string, string> | undefined;
  if (parsed.data.columns !== undefined) {
    let json: unknown;
    try {
      json = JSON.parse(parsed.data.columns);
    } catch {
      throw new UtfallError('columns');
    }
    const map = columnMapSchema.safeParse(json);
    if (!map.success) throw new UtfallError('columns', {}, map.error.issues);
    const known = Object.keys(FILE_HEADERS[kind]);
    const unknown = Object.keys(map.data).filter((field) => !known.includes(field));
    if (unknown.length > 0) {
      throw new UtfallError('columnsField', {
        fields: unknown.join(', '),
        known: known.join(', '),
      });
    }
    columns = Object.fromEntries(Object.entries(map.data).filter(([, header]) => header !== ''));
  }
  return { ...parsed.data, columns };
}

/** The outcome and the peek as the API gives them, problems worded in the request language. */
function answerOf(
  request: FastifyRequest,
  outcome: ImportOutcome,
  peek: TablePeek,
  mapping: AppliedMapping | null,
): ImportAnswer {
  const t = translate(request.lang);
  return {
    ok: outcome.ok,
    written: outcome.written,
    kind: outcome.kind,
    year: outcome.year ?? null,
    source: outcome.source,
    problems: outcome.problems.map((found) => ({ ...found, message: formatProblem(found, t) })),
    problemCount: outcome.problemCount,
    records: outcome.records,
    months: outcome.months,
    importId: outcome.importId,
    preview: outcome.preview,
    ...peek,
    mapping: mapping ? { id: mapping.id, name: mapping.name } : null,
  };
}

/** A remembered mapping as the API gives it. */
function mappingView(mapping: StoredMappingView) {
  return { ...mapping, createdAt: mapping.createdAt.toISOString() };
}

/** A forecast file's outcome as the API gives it: the other kinds' answer, with its forecasts. */
function forecastAnswerOf(
  request: FastifyRequest,
  outcome: ForecastImportOutcome,
  peek: TablePeek,
): ImportAnswer {
  const t = translate(request.lang);
  return {
    ok: outcome.ok,
    written: outcome.written,
    kind: outcome.kind,
    year: outcome.year,
    source: outcome.source,
    problems: outcome.problems.map((found) => ({ ...found, message: formatProblem(found, t) })),
    problemCount: outcome.problemCount,
    records: outcome.records,
    months: [],
    importId: outcome.importId,
    preview: null,
    period: outcome.period,
    forecasts: outcome.forecasts,
    ...peek,
  };
}

export async function importRoutes(app: Api, options: ServerOptions): Promise<void> {
  const { db } = options.store;
  const limit = options.uploadLimit ?? DEFAULT_UPLOAD_LIMIT;

  app.get(
    '/api/m/:m/imports',
    {
      config: { rule: 'reader' },
      schema: {
        summary: 'The import history',
        description:
          'Every import of the municipality, newest first: file name, format, SHA-256, rows, when and by whom (budget changes entered in the application with format `form`).',
        tags: ['imports'],
        params: municipalityParams,
        response: { 200: importHistorySchema, ...commonErrors },
      },
    },
    async (request) => {
      const page = await importPage(db, request.actor!, request.params.m);
      return {
        imports: page.imports.map((entry) => ({
          ...entry,
          importedAt: entry.importedAt.toISOString(),
          undoneAt: entry.undoneAt ? entry.undoneAt.toISOString() : null,
        })),
        kinds: page.kinds,
      };
    },
  );

  const upload = (dryRun: boolean) => async (request: FastifyRequest, reply: FastifyReply) => {
    const { m, kind } = uploadParams.parse(request.params);
    const received = await receiveUpload(request, limit);
    let outcome: ImportOutcome | ForecastImportOutcome;
    let answer: ImportAnswer;
    // The temporary folder goes before the answer: nothing of the upload outlives the request.
    try {
      const fields = importOptions(kind, received.fields);
      if (kind === 'forecast') {
        const done = await forecastImportUpload(db, request.actor!, {
          file: received.path,
          fileName: received.fileName,
          municipalityId: m,
          year: fields.year,
          period: fields.period,
          sign: fields.sign,
          columns: fields.columns,
          dryRun,
        });
        outcome = done.outcome;
        answer = forecastAnswerOf(request, done.outcome, done.peek);
      } else {
        let peek, mapping;
        ({ outcome, peek, mapping } = await importUpload(db, request.actor!, {
          kind,
          file: received.path,
          fileName: received.fileName,
          municipalityId: m,
          year: fields.year,
          sign: fields.sign,
          stage: fields.stage,
          decision: fields.decision,
          date: fields.date,
          profile: fields.profile,
          append: fields.append,
          replaceAll: fields.replaceAll,
          columns: fields.columns,
          dryRun,
        }));
        answer = answerOf(request, outcome, peek, mapping);
      }
    } finally {
      await rm(received.folder, { recursive: true, force: true });
    }
    if (!dryRun && !outcome.ok) {
      return reply.status(422).send({
        error: 'importProblems',
        message: translate(request.lang)('server:imports.problems', {
          file: received.fileName,
          count: outcome.problemCount,
        }),
        details: answer,
      });
    }
    if (!dryRun) {
      request.log.info(
        { kind, file: received.fileName, records: outcome.records, importId: outcome.importId },
        'import',
      );
    }
    return reply.status(200).send(answer);
  };

  // Units and the account mapping shape every figure: only the admin imports them. A forecast
  // file's units are in the file: the operation judges each (the unit-editor rule), after it
  // has refused whoever may change no unit before reading the file.
  const ruleFor = (request: FastifyRequest): Rule => {
    const { kind } = request.params as { kind?: unknown };
    return isImportKind(kind) ? importRule(kind) : kind === 'forecast' ? 'reader' : 'finance';
  };
  const swaggerTransform: typeof jsonSchemaTransform = (document) =>
    jsonSchemaTransform({ ...document, schema: { ...document.schema, body: uploadDocument } });

  app.post(
    '/api/m/:m/imports/:kind/preview',
    {
      config: { rule: 'finance', ruleFor, swaggerTransform },
      schema: {
        summary: 'Check a file: detected format, first rows, every problem; nothing is written',
        description: `${UPLOAD_DESCRIPTION} A dry run of the import: the answer is the same as the import's, with written false.`,
        tags: ['imports'],
        consumes: ['multipart/form-data'],
        params: uploadParams,
        response: { 200: importAnswerSchema, 413: errorSchema, ...commonErrors },
      },
    },
    upload(true),
  );

  app.post(
    '/api/m/:m/imports/:kind',
    {
      config: { rule: 'finance', ruleFor, swaggerTransform },
      schema: {
        summary: 'Import a file in one transaction',
        description: `${UPLOAD_DESCRIPTION} With any problem nothing is written and the answer is 422 with every problem in details; else 200 with what was written.`,
        tags: ['imports'],
        consumes: ['multipart/form-data'],
        params: uploadParams,
        response: {
          200: importAnswerSchema,
          413: errorSchema,
          422: importRefusalSchema,
          ...commonErrors,
        },
      },
    },
    upload(false),
  );

  app.post(
    '/api/m/:m/imports/undo/:id',
    {
      config: { rule: 'finance' },
      schema: {
        summary: 'Undo a budget or actuals import',
        description:
          'Takes out exactly that import’s figures and restores what it replaced, in one transaction, audited. Refused (409) when a later import has replaced the same figures again (the message names it: undo that first) or the import is already undone; 400 for org and mapping imports (corrected by a new import).',
        tags: ['imports'],
        params: municipalityParams.extend({
          id: z.coerce.number().int().min(1).max(2_147_483_647),
        }),
        response: { 200: importUndoSchema, 409: errorSchema, ...commonErrors },
      },
    },
    async (request) =>
      undoImport(db, request.actor!, {
        municipalityId: request.params.m,
        importId: request.params.id,
      }),
  );

  app.get(
    '/api/m/:m/imports/mappings',
    {
      config: { rule: 'reader' },
      schema: {
        summary: 'The column mappings remembered for ERP exports',
        description:
          'Each one maps the fields of a kind of import to the columns of one header row; an upload of that kind with that header row (cells compared trimmed and in any case) and no `columns` field is read by it, and its answer names it in `mapping`.',
        tags: ['imports'],
        params: municipalityParams,
        response: { 200: columnMappingsSchema, ...commonErrors },
      },
    },
    async (request) => ({
      mappings: (await listColumnMappings(db, request.actor!, request.params.m)).map(mappingView),
    }),
  );

  app.post(
    '/api/m/:m/imports/mappings',
    {
      config: { rule: 'finance' },
      schema: {
        summary: 'Remember a column mapping for the next file with the same header row',
        description:
          'Named (e.g. Raindance export), for whoever may import the kind (org and mapping: admin). The fields must be the kind’s and the headers the header row’s; a mapping remembered for that header row before is replaced. Audited (columnMapping).',
        tags: ['imports'],
        params: municipalityParams,
        body: columnMappingInputSchema,
        response: { 201: columnMappingSchema, ...commonErrors },
      },
    },
    async (request, reply) => {
      const saved = await rememberColumnMapping(db, request.actor!, request.params.m, request.body);
      void reply.status(201);
      return mappingView(saved);
    },
  );

  app.delete(
    '/api/m/:m/imports/mappings/:id',
    {
      config: { rule: 'finance' },
      schema: {
        summary: 'Forget a remembered column mapping',
        description:
          'For whoever may import its kind (org and mapping: admin). Audited (columnMapping, delete, with what it was).',
        tags: ['imports'],
        params: municipalityParams.extend({
          id: z.coerce.number().int().min(1).max(2_147_483_647),
        }),
        response: { 200: columnMappingDeletedSchema, ...commonErrors },
      },
    },
    async (request) => forgetColumnMapping(db, request.actor!, request.params.m, request.params.id),
  );
}
