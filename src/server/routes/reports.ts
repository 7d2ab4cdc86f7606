/**
 * The report of a unit or the whole city in every format: the document as JSON, HTML to preview
 * (in a frame of the same origin), and PDF, DOCX, XLSX and CSV to download.
 */
import { z } from 'zod';
import { reportFor, snapshotsFor, type ReportFormat } from '../../service/reports.js';
import type { Api, ServerOptions } from '../http.js';
import {
  commonErrors,
  errorSchema,
  languageSchema,
  periodSchema,
  snapshotListSchema,
  yearParams,
} from '../../api/schemas.js';
import { toMonthOf } from '../views.js';

const FORMATS = ['document', 'html', 'pdf', 'docx', 'xlsx', 'csv'] as const;

/** Content type, file extension, and whether the browser shows it (inline) or saves it. */
const OUTPUT: Record<ReportFormat, { type: string; extension: string; inline: boolean }> = {
  document: { type: 'application/json; charset=utf-8', extension: 'json', inline: true },
  html: { type: 'text/html; charset=utf-8', extension: 'html', inline: true },
  pdf: { type: 'application/pdf', extension: 'pdf', inline: false },
  docx: {
    type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    extension: 'docx',
    inline: false,
  },
  xlsx: {
    type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    extension: 'xlsx',
    inline: false,
  },
  csv: { type: 'text/csv; charset=utf-8', extension: 'csv', inline: false },
};

const flag = z.enum(['true', 'false', '1', '0']).optional();

/** `utfall-lovisa-2023-STK-2023-08-sv.pdf`: only letters, digits, dot, dash and underscore. */
export function reportFileName(
  parts: readonly (string | number | undefined)[],
  extension: string,
): string {
  const name = ['utfall', ...parts]
    .filter((p) => p !== undefined && p !== '')
    .map((p) => String(p).replace(/[^A-Za-z0-9._-]+/g, '_'))
    .join('-');
  return `${name}.${extension}`;
}

export function reportRoutes(app: Api, options: ServerOptions): void {
  const { db } = options.store;

  app.get(
    '/api/m/:m/:year/report',
    {
      config: { rule: 'reader' },
      schema: {
        summary: 'The report of a unit (with its areas) or of the whole city',
        description:
          '`format`: `document` (the report document as JSON, the default), `html` (self-contained, shown inline: the web application previews it in a frame), `pdf`, `docx`, `xlsx`, `csv` (downloads, with a file name). `period` (YYYY-MM) makes an interim report up to that month; `lang` defaults to the request language; `additive` rounds so that printed totals equal printed sums; `thousands` prints thousands of euros; `proposals` (the preview) shows Utfall’s proposed sentences in empty outcome sections, marked as proposals.',
        tags: ['reports'],
        params: yearParams,
        querystring: z.object({
          unit: z.string().min(1).max(64).optional(),
          period: periodSchema.optional(),
          lang: languageSchema.optional(),
          format: z.enum(FORMATS).default('document'),
          additive: flag,
          thousands: flag,
          snapshot: z.coerce
            .number()
            .int()
            .positive()
            .optional()
            .describe(
              'An approval snapshot’s id (see …/snapshots): the report as it was approved, also after a reopening released it, of the snapshot’s period',
            ),
          proposals: flag.describe(
            'The preview: an empty outcome section shows Utfall’s proposed sentences, marked as proposals (final documents leave it unset)',
          ),
        }),
        response: {
          200: z.unknown().describe('The report in the format asked for'),
          ...commonErrors,
          503: errorSchema,
        },
      },
    },
    async (request, reply) => {
      const { m, year } = request.params;
      const { unit, period, format } = request.query;
      const lang = request.query.lang ?? request.lang;
      const toMonth = toMonthOf(period, year);
      const { body } = await reportFor(db, request.actor!, {
        municipalityId: m,
        year,
        lang,
        unit,
        format,
        ...(toMonth === undefined ? {} : { toMonth }),
        additive: request.query.additive === 'true' || request.query.additive === '1',
        thousands: request.query.thousands === 'true' || request.query.thousands === '1',
        proposals: request.query.proposals === 'true' || request.query.proposals === '1',
        ...(request.query.snapshot === undefined ? {} : { snapshotId: request.query.snapshot }),
      });
      const output = OUTPUT[format];
      const fileName = reportFileName(
        [
          m,
          year,
          unit ?? (request.query.snapshot === undefined ? 'city' : undefined),
          period,
          request.query.snapshot === undefined ? undefined : `snapshot${request.query.snapshot}`,
          lang,
        ],
        output.extension,
      );
      return reply
        .type(output.type)
        .header(
          'content-disposition',
          `${output.inline ? 'inline' : 'attachment'}; filename="${fileName}"`,
        )
        .header('cache-control', 'private, no-store')
        .send(body);
    },
  );

  app.get(
    '/api/m/:m/:year/snapshots',
    {
      config: { rule: 'reader' },
      schema: {
        summary: 'The approval snapshots of the year',
        description:
          'Every snapshot an approval stored, oldest first, also those a reopening released: which unit and period, when and by whom it was approved, its SHA-256, and the release (when, by whom, why). `unit` names one unit. The report of one is `…/report?snapshot=ID`.',
        tags: ['reports'],
        params: yearParams,
        querystring: z.object({ unit: z.string().min(1).max(64).optional() }),
        response: { 200: snapshotListSchema, ...commonErrors },
      },
    },
    async (request) => {
      const { m, year } = request.params;
      const list = await snapshotsFor(db, request.actor!, {
        municipalityId: m,
        year,
        unitCode: request.query.unit,
      });
      return {
        snapshots: list.map((s) => ({
          ...s,
          approvedAt: s.approvedAt.toISOString(),
          released: s.released && { ...s.released, at: s.released.at.toISOString() },
        })),
      };
    },
  );
}
