/**
 * Undoing imports, on both engines over the demo: undoing in reverse order restores every unit's
 * `utfall report --format json` byte for byte after each step (a property over seeded random
 * sequences of actuals replace / append / replace-all and budget original / change imports);
 * an undo is refused, the database unchanged, when a later import replaced its cells again
 * (naming it), when it was undone already, and for the organisation and the mapping; imports
 * and undos are in the audit log, found by kind and by unit.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snapshot } from '../../src/db/figures.js';
import type { Store } from '../../src/db/open.js';
import { systemActor } from '../../src/domain/access.js';
import { UtfallError } from '../../src/domain/errors.js';
import { auditFor } from '../../src/service/audit.js';
import { undoImport } from '../../src/service/import-undo.js';
import { importHistory, runImport, type ImportRequest } from '../../src/service/imports.js';
import { ENGINES } from '../support/engines.js';
import { DEMO, M, Y, demoStore, reports } from './support.js';

const actor = systemActor('test');
const COST_CENTRES = ['110101', '110102', '110104', '120101', '120102', '130101', '130105'];
const ACCOUNTS = ['3000', '4300', '4320', '4800'];
const LINES = ['services', 'materials', 'sales'];

/** mulberry32: a small seeded generator, so that a failing sequence can be run again. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const folder = mkdtempSync(join(tmpdir(), 'utfall-undo-test-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
let files = 0;

function write(name: string, text: string): string {
  const path = join(folder, `${++files}-${name}`);
  writeFileSync(path, text);
  return path;
}

/** A random import: a small ledger (1–5 rows in 1–2 months) or a small budget. */
function randomImport(next: () => number): ImportRequest {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const amount = () =>
    `${next() < 0.2 ? '' : '-'}${1 + Math.floor(next() * 9000)},${String(Math.floor(next() * 100)).padStart(2, '0')}`;
  const kind = next();
  if (kind < 0.7) {
    const months = [1 + Math.floor(next() * 12)];
    if (next() < 0.4) months.push(1 + Math.floor(next() * 12));
    const rows = Array.from({ length: 1 + Math.floor(next() * 5) }, () => {
      const month = pick(months);
      return `${1 + Math.floor(next() * 28)}.${month}.${Y};${pick(ACCOUNTS)};${pick(COST_CENTRES)};${amount()};x`;
    });
    const file = write('ledger.csv', ['date;account;unit;amount;text', ...rows].join('\n') + '\n');
    const mode = next();
    return {
      kind: 'actuals',
      file,
      municipalityId: M,
      year: Y,
      ...(mode < 0.25 ? { append: true } : mode < 0.45 ? { replaceAll: true } : {}),
    };
  }
  const rows = Array.from(
    { length: 1 + Math.floor(next() * 4) },
    () => `${pick(COST_CENTRES)};${pick(LINES)};${amount()}`,
  );
  const file = write('budget.csv', ['unit;line;amount', ...rows].join('\n') + '\n');
  return kind < 0.85
    ? { kind: 'budget', file, municipalityId: M, year: Y, stage: 'original' }
    : {
        kind: 'budget',
        file,
        municipalityId: M,
        year: Y,
        stage: 'change',
        decision: `KF §${files}`,
        date: '2023-06-12',
      };
}

async function refusal(work: Promise<unknown>): Promise<UtfallError> {
  try {
    await work;
  } catch (error) {
    if (error instanceof UtfallError) return error;
    throw error;
  }
  throw new Error('not refused');
}

describe.each(ENGINES)('undoing imports on $name', (engine) => {
  let store: Store;
  beforeAll(async () => {
    store = await demoStore(engine);
  });
  afterAll(async () => {
    await store.close();
  });

  const seeds = engine.name === 'pglite' ? [1, 2, 3, 4, 5] : [6, 7];
  it.each(seeds)(
    'restores every report byte for byte, undoing in reverse order (seed %i)',
    async (seed) => {
      const next = random(seed);
      const initial = await reports(store);
      const stack: { id: number; before: Record<string, string> }[] = [];
      let changed = 0;
      for (let step = 0; step < 8; step++) {
        if (stack.length > 0 && next() < 0.35) {
          const top = stack.pop()!;
          await undoImport(store.db, actor, { municipalityId: M, importId: top.id });
          expect(await reports(store)).toEqual(top.before);
          continue;
        }
        const before = await reports(store);
        const request = randomImport(next);
        const outcome = await runImport(store.db, request, actor);
        expect(outcome.problems).toEqual([]);
        expect(outcome.written).toBe(true);
        if (JSON.stringify(await reports(store)) !== JSON.stringify(before)) changed++;
        stack.push({ id: outcome.importId!, before });
      }
      while (stack.length > 0) {
        const top = stack.pop()!;
        await undoImport(store.db, actor, { municipalityId: M, importId: top.id });
        expect(await reports(store)).toEqual(top.before);
      }
      expect(await reports(store)).toEqual(initial);
      expect(changed).toBeGreaterThan(0);
    },
  );

  it('refuses an undo a later replace stands in the way of, an undo twice, and org and mapping; the database unchanged', async () => {
    const december = `${DEMO}/actuals-december.csv`;
    const first = await runImport(
      store.db,
      { kind: 'actuals', file: december, municipalityId: M, year: Y },
      actor,
    );
    const second = await runImport(
      store.db,
      { kind: 'actuals', file: december, municipalityId: M, year: Y },
      actor,
    );
    let fingerprint = await snapshot(store.db, M);
    const later = await refusal(
      undoImport(store.db, actor, { municipalityId: M, importId: first.importId! }),
    );
    expect(later.code).toBe('import.replacedLater');
    expect(later.params).toEqual({ id: first.importId, later: String(second.importId) });
    expect(await snapshot(store.db, M)).toBe(fingerprint);

    await undoImport(store.db, actor, { municipalityId: M, importId: second.importId! });
    fingerprint = await snapshot(store.db, M);
    const twice = await refusal(
      undoImport(store.db, actor, { municipalityId: M, importId: second.importId! }),
    );
    expect(twice.code).toBe('import.alreadyUndone');
    expect(await snapshot(store.db, M)).toBe(fingerprint);
    // With the later one undone, the first goes.
    await undoImport(store.db, actor, { municipalityId: M, importId: first.importId! });

    // An original budget replaced by a later original budget.
    const budget = `fixtures/lovisa-2023/budget.csv`;
    const b1 = await runImport(
      store.db,
      { kind: 'budget', file: budget, municipalityId: M, year: Y, stage: 'original' },
      actor,
    );
    const b2 = await runImport(
      store.db,
      { kind: 'budget', file: budget, municipalityId: M, year: Y, stage: 'original' },
      actor,
    );
    fingerprint = await snapshot(store.db, M);
    const laterBudget = await refusal(
      undoImport(store.db, actor, { municipalityId: M, importId: b1.importId! }),
    );
    expect(laterBudget.params).toMatchObject({ later: String(b2.importId) });
    expect(await snapshot(store.db, M)).toBe(fingerprint);

    const org = await runImport(
      store.db,
      { kind: 'org', file: 'fixtures/lovisa-2023/org.csv', municipalityId: M, year: Y },
      actor,
    );
    const mapping = await runImport(
      store.db,
      { kind: 'mapping', file: 'fixtures/import/good/mapping.csv', municipalityId: M, year: Y },
      actor,
    );
    expect(mapping.ok).toBe(true);
    fingerprint = await snapshot(store.db, M);
    for (const id of [org.importId!, mapping.importId!]) {
      const refused = await refusal(
        undoImport(store.db, actor, { municipalityId: M, importId: id }),
      );
      expect(refused.code).toBe('import.notUndoable');
      expect(refused.kind).toBe('invalid');
    }
    const unknown = await refusal(
      undoImport(store.db, actor, { municipalityId: M, importId: 99999 }),
    );
    expect(unknown.code).toBe('import.unknown');
    expect(await snapshot(store.db, M)).toBe(fingerprint);
    // An import from before undo existed kept nothing it replaced: not undone (nor offered).
    await sql`update import_log set keeps_superseded = false
      where municipality_id = ${M} and id = ${b2.importId!}`.execute(store.db);
    const beforeOld = await snapshot(store.db, M);
    const old = await refusal(
      undoImport(store.db, actor, { municipalityId: M, importId: b2.importId! }),
    );
    expect(old.code).toBe('import.beforeUndo');
    expect(await snapshot(store.db, M)).toBe(beforeOld);
    expect((await importHistory(store.db, M)).find((i) => i.id === b2.importId)?.undoable).toBe(
      false,
    );
  });

  it('puts imports and undos in the audit log, found by kind and by unit', async () => {
    const imported = await runImport(
      store.db,
      { kind: 'actuals', file: `${DEMO}/actuals-december.csv`, municipalityId: M, year: Y },
      actor,
    );
    await undoImport(store.db, actor, { municipalityId: M, importId: imported.importId! });
    const key = `${Y}/${imported.importId}`;
    const byKind = await auditFor(store.db, actor, M, { entity: 'import' });
    const mine = byKind.entries.filter((e) => e.key === key);
    expect(mine.map((e) => e.action).sort()).toEqual(['import', 'undo']);
    expect(byKind.entries.every((e) => e.entity === 'import')).toBe(true);
    // The history names files, not where they lay on the machine that imported them.
    const history = await importHistory(store.db, M);
    expect(history.map((i) => i.fileName)).toContain('ledger-2023.csv');
    expect(history.every((i) => !i.fileName.includes('/'))).toBe(true);
    // The demo's own imports are there too: the organisation, the budget, the ledger.
    expect(byKind.entries.filter((e) => e.actor === 'demo').length).toBeGreaterThanOrEqual(3);

    const inFile = await auditFor(store.db, actor, M, { entity: 'import', unit: '120101' });
    expect(
      inFile.entries
        .filter((e) => e.key === key)
        .map((e) => e.action)
        .sort(),
    ).toEqual(['import', 'undo']);
    // The area above the cost centre, and the central above it, find it too.
    for (const unit of ['STK-ICT', 'stk']) {
      const above = await auditFor(store.db, actor, M, { entity: 'import', unit });
      expect(
        above.entries
          .filter((e) => e.key === key)
          .map((e) => e.action)
          .sort(),
      ).toEqual(['import', 'undo']);
    }
    // 130101 has no row in the December file, and the default left its December alone.
    const absent = await auditFor(store.db, actor, M, { entity: 'import', unit: '130101' });
    expect(absent.entries.filter((e) => e.key === key)).toEqual([]);
    expect(absent.entries.some((e) => e.actor === 'demo')).toBe(true);
  });
});
