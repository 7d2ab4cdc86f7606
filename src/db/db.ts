/**
 * The handle every query takes: the database or a transaction, so that services can run queries
 * inside one transaction. Every query of src/db is filtered by municipality: no query crosses
 * tenants.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.js';

export type Db = Kysely<Database> | Transaction<Database>;
