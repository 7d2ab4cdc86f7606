/** Budget changes: the council decisions of a year with their amounts per unit and line. */
import { listBudgetChanges, recordBudgetChange } from '../../service/budget-changes.js';
import type { Api, ServerOptions } from '../http.js';
import { commonErrors, yearParams } from '../../api/schemas.js';
import {
  budgetChangeInputSchema,
  budgetChangeSchema,
  budgetChangesSchema,
  type BudgetChangeView,
} from '../../api/pages.js';

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
}
