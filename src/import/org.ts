/**
 * The organisation file: one row per unit with its parent, names in three languages and
 * optionally its kind, responsible person, board and binding line.
 */
import { findLine, LANGUAGES, type Language, type Names } from '../domain/lines.js';
import { ORG_HEADERS } from './headers.js';
import { allProblems, cellAt, drain, openWithHeader } from './read.js';
import type { ImportContext, OrgRecord, ParseResult, ReadOptions } from './types.js';
import { unitKindOf } from './words.js';

/** Letters or digits first, then also `.`, `_`, `-` and `/`: codes like STK-ADM or 110100. */
const UNIT_CODE = /^[\p{L}\p{N}][\p{L}\p{N}._\-/]*$/u;
const MAX_CODE_LENGTH = 40;

const NAME_FIELDS = { sv: 'name_sv', fi: 'name_fi', en: 'name_en' } as const;

/** Reads an organisation file: codes, parents (in the file or known), names, no cycles. */
export async function parseOrg(
  path: string,
  ctx: ImportContext,
  options: ReadOptions = {},
): Promise<ParseResult<OrgRecord>> {
  const { table, log, columns, usable } = await openWithHeader(
    path,
    ORG_HEADERS,
    [
      ['code', 'parent', 'name_sv'],
      ['code', 'parent', 'name_fi'],
      ['code', 'parent', 'name_en'],
    ],
    options.columns,
  );
  const records: OrgRecord[] = [];
  if (!usable) {
    await drain(table);
    return { source: table.source, records, ...allProblems(table, log) };
  }
  const name = (field: keyof typeof ORG_HEADERS) => table.columnName(columns[field]);
  const firstRow = new Map<string, number>();
  const parentColumn = name('parent');

  for await (const { row, cells } of table.rows) {
    let ok = true;
    const code = cellAt(cells, columns.code);
    if (code === '') {
      log.add(row, name('code'), '', 'cell.empty');
      ok = false;
    } else if (!UNIT_CODE.test(code) || code.length > MAX_CODE_LENGTH) {
      log.add(row, name('code'), code, 'code.invalid');
      ok = false;
    } else if (firstRow.has(code)) {
      log.add(row, name('code'), code, 'code.duplicate', { first: firstRow.get(code) ?? 0 });
      ok = false;
    } else firstRow.set(code, row);

    const parent = cellAt(cells, columns.parent);
    if (parent !== '' && parent === code) {
      log.add(row, parentColumn, parent, 'org.cycle', { path: `${code} → ${code}` });
      ok = false;
    }

    // A name missing in one language falls back to the others, Swedish first.
    const given: Partial<Record<Language, string>> = {};
    for (const lang of LANGUAGES) {
      const text = cellAt(cells, columns[NAME_FIELDS[lang]]);
      if (text !== '') given[lang] = text;
    }
    const fallback = given.sv ?? given.fi ?? given.en;
    if (fallback === undefined) {
      const column = LANGUAGES.map((lang) => columns[NAME_FIELDS[lang]]).find((c) => c >= 0) ?? -1;
      log.add(row, table.columnName(column), '', 'name.missing');
      ok = false;
    }

    const kindText = cellAt(cells, columns.kind);
    const kind = kindText === '' ? null : (unitKindOf(kindText) ?? null);
    if (kindText !== '' && kind === null) {
      log.add(row, name('kind'), kindText, 'unitKind.invalid');
      ok = false;
    }

    const bindingText = cellAt(cells, columns.binding);
    const binding = bindingText === '' ? null : (findLine(bindingText) ?? null);
    if (bindingText !== '' && binding === null) {
      log.add(row, name('binding'), bindingText, 'line.unknown');
      ok = false;
    }

    if (!ok || fallback === undefined) continue;
    const names: Names = {
      sv: given.sv ?? fallback,
      fi: given.fi ?? fallback,
      en: given.en ?? fallback,
    };
    records.push({
      row,
      code,
      parentCode: parent === '' ? null : parent,
      names,
      kind,
      responsible: cellAt(cells, columns.responsible) || null,
      board: cellAt(cells, columns.board) || null,
      binding,
    });
  }

  checkTree(records, ctx, (record, code, params) =>
    log.add(record.row, parentColumn, record.parentCode, code, params),
  );
  log.problems.sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
  return { source: table.source, records, ...allProblems(table, log) };
}

type TreeProblem = 'parent.unknown' | 'org.cycle' | 'org.roots';

/** Parents must exist (in the file or before it), the tree must have no cycle and one top. */
function checkTree(
  records: readonly OrgRecord[],
  ctx: ImportContext,
  report: (record: OrgRecord, code: TreeProblem, params?: Record<string, string | number>) => void,
): void {
  const byCode = new Map(records.map((record) => [record.code, record]));
  const roots: OrgRecord[] = [];
  for (const record of records) {
    if (record.parentCode === null) roots.push(record);
    else if (!byCode.has(record.parentCode) && !ctx.units.has(record.parentCode)) {
      report(record, 'parent.unknown');
    }
  }
  for (const extra of roots.slice(1)) {
    report(extra, 'org.roots', { first: roots[0]?.code ?? '', row: roots[0]?.row ?? 0 });
  }
  // Follow each unit's parents within the file; a unit met twice closes a cycle.
  const reported = new Set<string>();
  for (const record of records) {
    const path = [record.code];
    let parent = record.parentCode;
    while (parent !== null && parent !== record.code) {
      const next = byCode.get(parent);
      if (!next || path.includes(parent)) break;
      path.push(parent);
      parent = next.parentCode;
    }
    if (parent === record.code && path.length > 1 && !path.some((code) => reported.has(code))) {
      path.forEach((code) => reported.add(code));
      report(record, 'org.cycle', { path: [...path, record.code].join(' → ') });
    }
  }
}
