/**
 * `utfall verify-table`: reads tables typed as published, checks them against themselves, the
 * tree of areas and, where the database knows the units, the figures computed from the data.
 */
import { basename } from 'node:path';
import type { Db } from '../db/db.js';
import { leafAmounts } from '../db/figures.js';
import { fiscalYears, listUnits } from '../db/units.js';
import { unitFigures } from '../domain/figures.js';
import { findLine } from '../domain/lines.js';
import type { Cents } from '../domain/money.js';
import type { LineFigures, Unit } from '../domain/model.js';
import {
  TABLE_COLUMNS,
  verifyTables,
  type PublishedRow,
  type TableColumn,
  type TableFinding,
} from '../domain/verify-table.js';
import { openTable, parseAmount } from '../import/index.js';
import type { ImportProblem } from '../import/types.js';

/** Header words for each column, en/sv/fi. */
const HEADERS: Record<TableColumn | 'unit' | 'line' | 'parent', string[]> = {
  unit: ['unit', 'enhet', 'yksikkö'],
  line: ['line', 'rad', 'rivi'],
  parent: ['parent', 'förälder', 'ylempi'],
  budget: ['budget', 'talousarvio'],
  changes: ['changes', 'budgetförändringar', 'talousarviomuutokset'],
  revised: ['revised', 'budget efter förändringar', 'talousarvio muutosten jälkeen'],
  actual: ['actual', 'bokslut', 'tilinpäätös'],
  deviation: ['deviation', 'avvikelse', 'poikkeama'],
};

export interface VerifyResult {
  findings: TableFinding[];
  /** Problems reading the files: nothing is verified then. */
  problems: ImportProblem[];
}

function problem(
  file: string,
  row: number | null,
  column: string | null,
  value: string | null,
  code: string,
  expected: string,
): ImportProblem {
  return { file, row, column, value, code, expected };
}

/** Reads published tables into rows; problems name file, row and column. */
export async function readPublishedTables(
  files: readonly string[],
): Promise<{ rows: PublishedRow[]; problems: ImportProblem[] }> {
  const rows: PublishedRow[] = [];
  const problems: ImportProblem[] = [];
  for (const file of files) {
    const table = await openTable(file);
    if (table.problems.length > 0) {
      problems.push(...table.problems);
      continue;
    }
    const header = table.header.map((h) => h.trim().toLowerCase());
    const index = Object.fromEntries(
      Object.entries(HEADERS).map(([field, words]) => [
        field,
        header.findIndex((h) => words.includes(h)),
      ]),
    ) as Record<keyof typeof HEADERS, number>;
    for (const required of ['unit', 'line', ...TABLE_COLUMNS] as const) {
      if (index[required] < 0)
        problems.push(
          problem(file, 1, required, null, 'header.missing', HEADERS[required].join(' / ')),
        );
    }
    if (problems.length > 0) continue;
    for await (const { row, cells } of table.rows) {
      const label = cells[index.line] ?? '';
      const line = findLine(label);
      if (!line) {
        problems.push(
          problem(
            file,
            row,
            table.columnName(index.line),
            label,
            'line.unknown',
            'a report line label in sv, fi or en',
          ),
        );
        continue;
      }
      const values = {} as Record<TableColumn, Cents | null>;
      for (const column of TABLE_COLUMNS) {
        const text = (cells[index[column]] ?? '').trim();
        if (text === '') {
          values[column] = null;
          continue;
        }
        const amount = parseAmount(text);
        if (amount === null) {
          problems.push(
            problem(
              file,
              row,
              table.columnName(index[column]),
              text,
              'amount.invalid',
              'an amount like -1 234',
            ),
          );
          values[column] = null;
        } else values[column] = amount;
      }
      const parent = index.parent >= 0 ? (cells[index.parent] ?? '').trim() : '';
      rows.push({
        file: basename(file),
        row,
        unitCode: (cells[index.unit] ?? '').trim(),
        parentCode: parent || null,
        line,
        cells: values,
      });
    }
  }
  return { rows, problems };
}

/** Verifies tables; with the database's units, the areas come from its tree and cells are compared with the data. */
export async function verifyTableFiles(
  db: Db,
  municipalityId: string,
  files: readonly string[],
  options: { year?: number | undefined; compareWithData: boolean },
): Promise<VerifyResult> {
  const { rows, problems } = await readPublishedTables(files);
  if (problems.length > 0) return { findings: [], problems };

  const year = options.year ?? (await fiscalYears(db, municipalityId)).at(-1);
  const units: Unit[] = year === undefined ? [] : await listUnits(db, municipalityId, year);
  const known = new Map(units.map((u) => [u.code, u]));
  const tableUnits = new Set(rows.map((r) => r.unitCode));
  const useTree = [...tableUnits].every((code) => known.has(code));
  let computed: Map<string, LineFigures[]> | undefined;
  if (useTree && options.compareWithData && year !== undefined) {
    const { leaves } = await leafAmounts(db, municipalityId, year);
    computed = new Map([...tableUnits].map((code) => [code, unitFigures(units, code, leaves)]));
  }
  const findings = verifyTables(rows, {
    ...(useTree ? { parentOf: (code: string) => known.get(code)?.parentCode ?? null } : {}),
    ...(computed ? { computed } : {}),
  });
  return { findings, problems: [] };
}
