/** Budget changes: the council decisions of a year with their amounts per unit and line. */
import { z } from 'zod';
import {
  correctBudgetChange,
  deleteBudgetChange,
  listBudgetChanges,
  recordBudgetChange,
} from '../../service/budget-changes.js';
import type { Api, ServerOptions } from '../http.js';
import { commonErrors, errorSchema, yearParams } from '../../api/schemas.js';
import {
  budgetChangeCorrectionSchema,
  budgetChangeDeletedSchema,
  budgetChangeInputSchema,
  budgetChangeSchema,
  budgetChangesSchema,
  type BudgetChangeView,
} from '../../api/pages.js';

const changeParams = yearParams.extend({
  id: z.coerce.number().int().min(1).max(2_147_483_647),
});

export function budgetRoutes(app: Api, options: ServerOptions): void {
  const { db } = options.store;

  app.get(
    '/api/m/:m/:year/budget-changes',
    {
      config: { rule: 'reader' },
      schema: {
        summary: 'The council decisions that changed the year’s budget, with their amounts',
        description:
          'In the order they were recorded, each with its amounts summed per unit and line (cents, report sign), whether imported from a file or entered here.',
        tags: ['budget'],
        params: yearParams,
        response: { 200: budgetChangesSchema, ...commonErrors },
      },
    },
    async (request) => {
      const { m, year } = request.params;
      return { changes: await listBudgetChanges(db, request.actor!, m, year) };
    },
  );

  app.post(
    '/api/m/:m/:year/budget-changes',
    {
      config: { rule: 'finance' },
      schema: {
        summary: 'Record a council decision that changes the budget',
        description:
          'Amounts in integer cents, report sign (a cost increase is negative), on lines that entries go to (not totals). Written in one transaction, like `utfall import budget --stage change`, logged in the import history and the audit log.',
        tags: ['budget'],
        params: yearParams,
        body: budgetChangeInputSchema,
        response: { 201: budgetChangeSchema, ...commonErrors },
      },
    },
    async (request, reply): Promise<BudgetChangeView> => {
      const { m, year } = request.params;
      const change = await recordBudgetChange(db, m, year, request.body, request.actor!);
      void reply.status(201);
      return change;
    },
  );

  app.patch(
    '/api/m/:m/:year/budget-changes/:id',
    {
      config: { rule: 'finance' },
      schema: {
        summary: 'Correct a recorded council decision',
        description:
          'The whole decision as it should be (reference, date, text, amounts in integer cents, report sign) and the `version` the correction is based on: 409 `budgetChange.stale` when it has changed since. Amounts that sum per unit and line as before keep the stored entries (re-spread from the new month when the date moved); other amounts replace them by line. One transaction under the year’s lock, audited (budgetChange, update, before and after); 409 `frozen.changed` when it would change what an approved report froze.',
        tags: ['budget'],
        params: changeParams,
        body: budgetChangeCorrectionSchema,
        response: { 200: budgetChangeSchema, 409: errorSchema, ...commonErrors },
      },
    },
    async (request): Promise<BudgetChangeView> => {
      const { m, year, id } = request.params;
      return correctBudgetChange(db, request.actor!, { municipalityId: m, year, id }, request.body);
    },
  );

  app.delete(
    '/api/m/:m/:year/budget-changes/:id',
    {
      config: { rule: 'finance' },
      schema: {
        summary: 'Delete a recorded council decision and its amounts',
        description:
          '`?version=` the version the deletion is based on: 409 `budgetChange.stale` when it has changed since. One transaction under the year’s lock, audited (budgetChange, delete, with what it was); 409 `frozen.changed` when it would change what an approved report froze. The import that wrote it stays in the import history.',
        tags: ['budget'],
        params: changeParams,
        querystring: z.object({ version: z.coerce.number().int().min(1) }),
        response: { 200: budgetChangeDeletedSchema, 409: errorSchema, ...commonErrors },
      },
    },
    async (request) => {
      const { m, year, id } = request.params;
      return deleteBudgetChange(
        db,
        request.actor!,
        { municipalityId: m, year, id },
        { version: request.query.version },
      );
    },
  );
}
