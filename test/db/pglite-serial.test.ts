/**
 * PGlite is one connection. A query sent from outside an open transaction (another web request)
 * must wait for the transaction to end and must not run inside it, where it would see (and could
 * write into) rows that are not committed. The probe below checks the dialect openStore uses; a
 * control with Kysely's one-connection lock switched off shows that the probe catches the fault.
 */
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PGliteAdapter, PGliteDialect, sql, type DialectAdapter } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgliteDialect } from '../../src/db/open.js';

interface Observed {
  /** The outside query had resolved before the transaction ended. */
  resolvedWhileOpen: boolean;
  /** What came first once both had finished. */
  order: string[];
  /** Rows the outside query saw. */
  rowsSeen: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Opens a transaction, inserts a row, sends a count from outside through the same Kysely
 * instance, gives it time to run, then commits or rolls back.
 */
async function probe(db: Kysely<unknown>, ending: 'commit' | 'rollback'): Promise<Observed> {
  await sql`create table if not exists serial_probe (id integer primary key)`.execute(db);
  await sql`delete from serial_probe`.execute(db);
  const order: string[] = [];
  let resolvedWhileOpen = false;
  let outside: Promise<number> | undefined;
  await db
    .transaction()
    .execute(async (trx) => {
      await sql`insert into serial_probe (id) values (1)`.execute(trx);
      outside = sql<{ n: number }>`select count(*)::int as n from serial_probe`
        .execute(db)
        .then((result) => {
          order.push('outside');
          return result.rows[0]?.n ?? -1;
        });
      // Ample time for an unserialised query to run: PGlite answers in well under a millisecond.
      for (let i = 0; i < 5; i += 1) {
        await sql`select 1`.execute(trx);
        await sleep(10);
      }
      resolvedWhileOpen = order.includes('outside');
      order.push(ending);
      if (ending === 'rollback') throw new RollBack();
    })
    .catch((error: unknown) => {
      if (!(error instanceof RollBack)) throw error;
    });
  const rowsSeen = await outside!;
  return { resolvedWhileOpen, order, rowsSeen };
}

class RollBack extends Error {}

/** Kysely's PGlite dialect with its one-connection lock switched off. */
class UnserialisedPGliteDialect extends PGliteDialect {
  override createAdapter(): DialectAdapter {
    return new (class extends PGliteAdapter {
      override get supportsMultipleConnections(): boolean {
        return true;
      }
    })();
  }
}

// One PGlite under every Kysely instance here (starting one takes seconds), closed at the end.
let pglite: PGlite;
beforeAll(async () => {
  pglite = new PGlite();
  await pglite.waitReady;
});
afterAll(async () => {
  await pglite.close();
});

describe("PGlite through openStore's dialect: a query from outside an open transaction", () => {
  const db = () => new Kysely<unknown>({ dialect: pgliteDialect(pglite) });

  it('waits for the commit', async () => {
    expect(await probe(db(), 'commit')).toEqual({
      resolvedWhileOpen: false,
      order: ['commit', 'outside'],
      rowsSeen: 1,
    });
  });

  it('waits for the rollback and sees no uncommitted row', async () => {
    expect(await probe(db(), 'rollback')).toEqual({
      resolvedWhileOpen: false,
      order: ['rollback', 'outside'],
      rowsSeen: 0,
    });
  });
});

describe('control: the probe catches an unserialised PGlite', () => {
  it('sees the outside query run inside the transaction', async () => {
    const db = new Kysely<unknown>({ dialect: new UnserialisedPGliteDialect({ pglite }) });
    const observed = await probe(db, 'rollback');
    expect(observed.resolvedWhileOpen).toBe(true);
    expect(observed.rowsSeen).toBe(1);
  });
});
