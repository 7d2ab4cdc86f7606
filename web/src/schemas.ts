/**
 * The API's answers as the web reads them: the shared zod schemas of src/api (the contract the
 * server's routes answer by), so that an answer is checked against the shape the server
 * promises instead of being cast to it.
 */
export { metaSchema, sessionSchema, usersSchema } from '../../src/api/schemas.js';
export {
  auditPageSchema,
  budgetChangesSchema,
  checksSchema,
  forecastFormSchema,
  forecastSavedSchema,
  goalSchema,
  narrativeSchema,
  overviewSchema,
  unitPageSchema,
} from '../../src/api/pages.js';
export {
  importAnswerSchema,
  importHistorySchema,
  importUndoSchema,
} from '../../src/api/imports.js';
