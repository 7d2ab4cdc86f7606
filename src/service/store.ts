/**
 * The database handles as the layers above the services hold them: the server and the CLI pass
 * them on to service operations and never query them themselves.
 */
export type { Db } from '../db/db.js';
export type { Store } from '../db/open.js';
