/**
 * The API's answers as the web reads them: the server's own zod schemas, so that an answer is
 * checked against the shape the server promises instead of being cast to it. The schema modules
 * import only zod and src/domain (no server code). This is the one module through which the web
 * takes values, not only types, from src/server/schemas* — an exception to the lint rule that
 * allows types only, kept to this file so that it stays visible.
 */
/* eslint-disable @typescript-eslint/no-restricted-imports -- the schemas' values, see above */
export { metaSchema, sessionSchema } from '../../src/server/schemas.js';
export {
  auditPageSchema,
  budgetChangesSchema,
  checksSchema,
  goalSchema,
  narrativeSchema,
  overviewSchema,
  unitPageSchema,
} from '../../src/server/schemas/pages.js';
export { importAnswerSchema, importHistorySchema } from '../../src/server/schemas/imports.js';
