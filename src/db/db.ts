/**
 * The handle every query takes: the database or a transaction, so that services can run queries
 * inside one transaction. Every query of src/db is filtered by municipality: no query crosses
 * tenants.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.js';

export type Db = Kysely<Database> | Transaction<Database>;

/**
 * Runs reads that must see one state of the data (an answer whose parts must add up) in one
 * read-only, repeatable-read transaction; inside a transaction already, in that one.
 */
export async function readConsistently<T>(db: Db, read: (db: Db) => Promise<T>): Promise<T> {
  if (db.isTransaction) return read(db);
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .setAccessMode('read only')
    .execute((trx) => read(trx));
}
