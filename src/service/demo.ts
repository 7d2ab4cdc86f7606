/** The Lovisa 2023 demo: the City Chancellery Central with its areas, budget and ledger. */
import type { Kysely } from 'kysely';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from '../db/schema.js';
import { runImport, type ImportOutcome } from './imports.js';

export const DEMO_MUNICIPALITY = 'lovisa';
export const DEMO_YEAR = 2023;
export const DEMO_CENTRAL = 'STK';

/** fixtures/lovisa-2023, found from src/service or dist/service alike. */
export function demoDir(): string {
  const dir = resolve(
    dirname(fileURLToPath(import.meta.url)),
    '..',
    '..',
    'fixtures',
    'lovisa-2023',
  );
  if (!existsSync(dir)) throw new Error(`demo data not found in ${dir}`);
  return dir;
}

export interface DemoStep {
  file: string;
  outcome: ImportOutcome;
}

/**
 * Loads the demo through the same imports a user runs, so the demo proves them. Loading it
 * again replaces the original budget and the ledger's months: it never doubles.
 */
export async function loadDemo(
  db: Kysely<Database>,
  onStep: (step: DemoStep) => void = () => {},
): Promise<DemoStep[]> {
  const dir = demoDir();
  const common = { municipalityId: DEMO_MUNICIPALITY, year: DEMO_YEAR };
  const steps: DemoStep[] = [];
  const plan = [
    { kind: 'org', file: 'org.csv' },
    { kind: 'budget', file: 'budget.csv', stage: 'original' },
    { kind: 'actuals', file: 'ledger-2023.csv', sign: 'accounting' },
  ] as const;
  for (const step of plan) {
    const file = join(dir, step.file);
    const outcome = await runImport(db, { ...common, ...step, file });
    if (!outcome.ok) {
      throw new Error(
        `demo file ${file} did not import: ${outcome.problems.map((p) => `${p.row}:${p.column} ${p.code}`).join('; ')}`,
      );
    }
    steps.push({ file, outcome });
    onStep({ file, outcome });
  }
  return steps;
}
