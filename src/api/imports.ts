/**
 * The shapes of the import routes: what the server says of an uploaded file (checked or
 * written) and the import history. The web application's import wizard imports these types.
 */
import { z } from 'zod';
import { FILE_KINDS, IMPORT_KINDS } from '../domain/import-kinds.js';
/** An amount in integer cents, report sign (revenue +, cost −): always present in a preview. */
const amountSchema = z.number().int().describe('Cents, report sign');
export const importKindSchema = z
  .enum(IMPORT_KINDS)
  .describe('org (units), mapping (accounts to lines), budget or actuals');
/** Every kind the upload routes take: the import kinds and a unit's forecasts. */
export const fileKindSchema = z
  .enum(FILE_KINDS)
  .describe(
    "org (units), mapping (accounts to lines), budget, actuals, or forecast (units' forecasts for the year at an interim period)",
  );

export const importProblemSchema = z.object({
  file: z.string().describe('The name of the uploaded file'),
  row: z.number().int().nullable().describe('The row as a spreadsheet shows it (header = 1)'),
  column: z.string().nullable().describe('The header of the column as written in the file'),
  value: z.string().nullable(),
  code: z.string().describe('A stable code, e.g. amount.invalid'),
  expected: z.string().describe('What was expected, in English'),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
  message: z
    .string()
    .describe(
      'The problem in the language of Accept-Language: file, row, column, value and what was expected',
    ),
});
export type ImportProblemView = z.infer<typeof importProblemSchema>;

export const importSourceSchema = z.object({
  file: z.string(),
  sha256: z.string(),
  format: z.enum(['csv', 'xlsx']),
  delimiter: z.enum([',', ';', '\t']).optional(),
  encoding: z.enum(['utf-8', 'windows-1252']).optional(),
  rows: z.number().int().describe('Data rows read (header excluded)'),
});

/** What an import changes (or would change), per unit and month or per unit and line. */
export const importPreviewSchema = z.object({
  mode: z
    .enum(['units', 'all', 'append', 'original', 'change'])
    .describe(
      'actuals: units (the months of the units in the file are replaced; the default), all (the months of every unit), append; budget: original (replaces the original budget) or change (adds a decision)',
    ),
  cells: z
    .array(
      z.object({
        unit: z.string(),
        month: z.number().int().min(1).max(12),
        before: amountSchema,
        removed: amountSchema.describe('What the import takes away (the month replaced)'),
        added: amountSchema.describe('What the file adds'),
        after: amountSchema,
        inFile: z.boolean().describe('The file has rows of the unit'),
      }),
    )
    .describe('actuals: every unit × month replaced or added to'),
  lines: z
    .array(
      z.object({
        unit: z.string(),
        line: z.string(),
        before: amountSchema,
        after: amountSchema,
        inFile: z.boolean(),
      }),
    )
    .describe('budget: every unit × line set (original) or changed (change)'),
  absentUnits: z
    .array(z.string())
    .describe('Units without rows in the file whose figures the import removes'),
  units: z.array(z.string()).describe('Every unit whose figures the import writes or removes'),
  frozen: z
    .array(
      z.object({
        unit: z.string().describe('The approved unit'),
        period: z.number().int().min(1).max(12).describe("The period's last month"),
        units: z.array(z.string()).describe('Its units whose frozen figures the import changes'),
      }),
    )
    .describe('Approved reports whose frozen figures the import would change: it will be refused'),
});
export type ImportPreviewView = z.infer<typeof importPreviewSchema>;

export const importAnswerSchema = z.object({
  ok: z.boolean().describe('No problem found'),
  written: z.boolean().describe('Written to the database (never for a preview)'),
  kind: fileKindSchema,
  year: z.number().int().nullable(),
  source: importSourceSchema.nullable().describe('The detected format'),
  problems: z.array(importProblemSchema).describe('Every problem (at most 1000 in detail)'),
  problemCount: z.number().int(),
  records: z
    .number()
    .int()
    .describe('Records read (units, ranges, budget rows, monthly balances) or written'),
  months: z.array(z.number().int()).describe('actuals: the months replaced or added to'),
  importId: z.number().int().nullable(),
  preview: importPreviewSchema
    .nullable()
    .describe('budget and actuals: what the import changes, or would change in a preview'),
  period: z
    .number()
    .int()
    .min(1)
    .max(11)
    .optional()
    .describe("forecast: the interim period's last month"),
  forecasts: z
    .array(
      z.object({
        unit: z.string(),
        line: z.string(),
        row: z.number().int().describe('The row of the file'),
        before: amountSchema.nullable().describe("The unit's own forecast before; null: none"),
        after: amountSchema,
      }),
    )
    .optional()
    .describe(
      'forecast: every forecast of the file (none with problems); those equal to before are left as they are',
    ),
  headerRow: z.number().int().nullable().describe('The physical row of the header'),
  header: z.array(z.string()).describe('The header cells as written in the file'),
  columns: z
    .record(z.string(), z.string().nullable())
    .describe('Each column the kind reads (canonical name) → the header of its column, or null'),
  rows: z.array(z.array(z.string())).describe('The first data rows (up to 10)'),
  rowNumbers: z.array(z.number().int()).describe('The physical row number of each of rows'),
  mapping: z
    .object({ id: z.number().int(), name: z.string() })
    .nullable()
    .optional()
    .describe(
      'The remembered column mapping the file was read by (no columns given, and one remembered for this kind and header row); null: none',
    ),
});
export type ImportAnswer = z.infer<typeof importAnswerSchema>;

/** 422: the file has problems and nothing was written. */
export const importRefusalSchema = z.object({
  error: z.literal('importProblems'),
  message: z.string(),
  details: importAnswerSchema,
});

export const importHistorySchema = z.object({
  imports: z.array(
    z.object({
      id: z.number().int(),
      kind: z.string(),
      year: z.number().int().nullable(),
      fileName: z.string().describe('The file name, or the decision of a budget change entered'),
      format: z.string().describe('csv, xlsx, or form for budget changes entered in the API'),
      sha256: z.string(),
      rows: z.number().int(),
      importedAt: z.string().describe('ISO 8601'),
      importedBy: z.string().nullable().describe('The user; null for imports by the CLI'),
      stage: z.string().nullable().describe('budget: original or change'),
      decision: z.string().nullable().describe('budget change: the council decision'),
      undoneAt: z.string().nullable().describe('ISO 8601: when the import was undone, or null'),
      undoneBy: z.string().nullable(),
      undoable: z
        .boolean()
        .describe(
          'A budget or actuals import not undone (a later import may still stand in the way)',
        ),
    }),
  ),
  /** The kinds of import the current user may run here (the others are refused). */
  kinds: z.array(importKindSchema),
});
export type ImportHistoryView = z.infer<typeof importHistorySchema>;

/** An import undone: its figures taken out and what it replaced restored. */
export const importUndoSchema = z.object({
  importId: z.number().int(),
  kind: z.enum(['budget', 'actuals']),
  year: z.number().int(),
  fileName: z.string(),
  stage: z.string().nullable(),
  units: z.array(z.string()).describe('The units whose figures changed'),
});
export type ImportUndoView = z.infer<typeof importUndoSchema>;

/** An ERP's column mapping, remembered for the next file of its kind with the same header row. */
export const columnMappingSchema = z.object({
  id: z.number().int(),
  kind: importKindSchema,
  name: z.string().describe('What the user called it, e.g. Raindance export'),
  header: z.array(z.string()).describe('The header row it was made for, as written in the file'),
  columns: z
    .record(z.string(), z.string())
    .describe('Each field (canonical name) → the header of its column'),
  createdAt: z.string().describe('ISO 8601'),
  createdBy: z.string(),
  deletable: z.boolean().describe('Whether the current user may delete it'),
});
export type ColumnMappingView = z.infer<typeof columnMappingSchema>;

export const columnMappingsSchema = z.object({ mappings: z.array(columnMappingSchema) });

export const columnMappingInputSchema = z.object({
  kind: importKindSchema,
  name: z.string().trim().min(1).max(100),
  header: z.array(z.string().max(500)).min(1).max(500),
  columns: z.record(z.string().max(64), z.string().max(500)),
});

export const columnMappingDeletedSchema = z.object({ id: z.number().int(), name: z.string() });
