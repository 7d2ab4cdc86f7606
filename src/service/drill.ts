/**
 * The drill-down: from a figure of a unit's page to the units, accounts and months that make it,
 * to the postings of the ledger behind an account; and the largest contributors to a deviation.
 * The web, the API and `utfall drill` all come here. A reader of the municipality may drill.
 */
import type {
  ContributorView,
  DrillQuery,
  DrillView,
  ExplanationView,
  PostingView,
} from '../api/drill.js';
import { UtfallError } from '../domain/errors.js';
import {
  childOfRoot,
  contributors,
  drillLevels,
  drillRows,
  figuresAgree,
  leafLinesOf,
  monthRows,
  monthsOf,
  scopeFigures,
  searchPostings,
  sortPostings,
  totalOf,
  type DrillEntry,
  type DrillFilter,
  type DrillLevel,
  type DrillRowFigures,
  type Posting,
  type PostingSort,
} from '../domain/drill.js';
import { ancestorsOf, subtreeOf } from '../domain/figures.js';
import { findLine, isLineCode, lineDefinition, type LineCode } from '../domain/lines.js';
import { accountResolver, entryLine, type AccountMapping } from '../domain/mapping.js';
import { cents, type Cents } from '../domain/money.js';
import type { Unit } from '../domain/model.js';
import { readConsistently } from '../db/db.js';
import { drillEntries } from '../db/drill.js';
import { actualCells, postingBlocks, type ActualCell } from '../db/postings.js';
import { accountMapping, findUnit, listUnits } from '../db/units.js';
import { decodeBlock } from '../import/postings.js';
import { requireRule, type Actor } from './access.js';
import type { Db } from './store.js';

/** A drill-down as the service takes it: the API's query, its texts read. */
export interface DrillRequest {
  unit: string;
  /** A line code, or a line's label in any language. */
  line: string;
  /** The period's last month (the unit page's `period`); none: the year. */
  period?: number | undefined;
  own?: boolean | undefined;
  account?: string | undefined;
  month?: number | undefined;
  by?: DrillLevel | undefined;
  q?: string | undefined;
  sort?: PostingSort | undefined;
  order?: 'asc' | 'desc' | undefined;
  page?: number | undefined;
  /** Postings per page; 0: all of them (the downloads). */
  pageSize?: number | undefined;
}

export const DEFAULT_PAGE_SIZE = 50;

/** The request of an API query. */
export function drillRequestOf(query: DrillQuery, period: number | undefined): DrillRequest {
  return {
    unit: query.unit,
    line: query.line,
    period,
    own: query.own === 'true',
    account: query.account,
    month: query.month,
    by: query.by,
    q: query.q,
    sort: query.sort,
    order: query.order,
    page: query.page,
    pageSize: query.pageSize,
  };
}

interface Scope {
  units: Unit[];
  unit: Unit;
  line: LineCode;
  members: string[];
  filter: DrillFilter;
  entries: DrillEntry[];
  levels: DrillLevel[];
  mapping: AccountMapping;
}

/** Reads what a scope needs, refusing a line, account or month that is not one. */
async function scopeOf(
  db: Db,
  municipalityId: string,
  year: number,
  request: DrillRequest,
): Promise<Scope> {
  const line = isLineCode(request.line) ? request.line : findLine(request.line);
  if (line === undefined) throw new UtfallError('drill.line', { value: request.line });
  if (request.account !== undefined && !/^\d{1,12}$/.test(request.account))
    throw new UtfallError('drill.account', { value: request.account });
  const period = request.period;
  if (
    request.month !== undefined &&
    (!Number.isInteger(request.month) || request.month < 1 || request.month > (period ?? 12))
  )
    throw new UtfallError('drill.month', { value: String(request.month), last: period ?? 12 });
  const units = await listUnits(db, municipalityId, year);
  if (units.length === 0) throw new UtfallError('year.noUnits', { year });
  const unit = findUnit(units, request.unit);
  const own = request.own === true;
  const members = own ? [unit.code] : [...subtreeOf(units, unit.code)];
  const mapping = await accountMapping(db, municipalityId, year);
  const atRoot = !own && unit.parentCode === null;
  const memberSet = new Set(members);
  const entries = (
    await drillEntries(db, municipalityId, year, {
      // The whole year at its root: no list of every unit to send.
      units: atRoot ? undefined : members,
      account: request.account,
      mapping,
    })
  ).filter((entry) => !atRoot || memberSet.has(entry.unitCode));
  // (At the root, entries of a unit the tree does not hold are left out, as every figure
  // leaves them out: `utfall check` names them.)
  const filter: DrillFilter = {
    leaves: leafLinesOf(line),
    account: request.account,
    month: request.month,
    period,
  };
  const levels = drillLevels({
    hasChildren: units.some((u) => u.parentCode === unit.code),
    own,
    account: request.account,
    month: request.month,
  });
  return { units, unit, line, members, filter, entries, levels, mapping };
}

function unitRef(unit: Unit) {
  return { code: unit.code, kind: unit.kind, names: unit.names };
}

/** One level of a drill-down: its rows (or postings), their total and whether they add up. */
export async function drill(
  db: Db,
  actor: Actor,
  municipalityId: string,
  year: number,
  request: DrillRequest,
): Promise<DrillView> {
  requireRule(actor, municipalityId, 'reader');
  // One state of the data for the whole answer: its parts must add up even while an import
  // or an undo commits.
  return readConsistently(db, (trx) => drillIn(trx, municipalityId, year, request));
}

async function drillIn(
  db: Db,
  municipalityId: string,
  year: number,
  request: DrillRequest,
): Promise<DrillView> {
  const scope = await scopeOf(db, municipalityId, year, request);
  const { unit, filter, entries, levels } = scope;
  const by = request.by ?? levels[0]!;
  if (!levels.includes(by))
    throw new UtfallError('drill.level', { level: by, levels: levels.join(', ') });
  const figure = scopeFigures(entries, filter);
  const base = {
    year,
    period: request.period ?? null,
    unit: unitRef(unit),
    ancestors: ancestorsOf(scope.units, unit).map(unitRef),
    own: request.own === true,
    line: { code: scope.line, label: lineDefinition(scope.line).names },
    account: request.account ?? null,
    month: request.month ?? null,
    by,
    levels,
    figure,
  };
  if (by === 'postings') {
    const postings = await postingsOf(db, municipalityId, year, scope);
    const matching = searchPostings(postings.all, request.q);
    sortPostings(matching, request.sort, request.order);
    const pageSize =
      request.pageSize === 0 ? matching.length || 1 : (request.pageSize ?? DEFAULT_PAGE_SIZE);
    const pages = Math.max(1, Math.ceil(matching.length / pageSize));
    const page = Math.min(request.page ?? 1, pages);
    const sum = (list: readonly Posting[]) => cents(list.reduce((s, p) => s + p.amount, 0));
    const amount = sum(postings.all);
    const actual = cents(amount + postings.balances);
    const total = {
      budget: figure.budget,
      actual,
      deviation: figure.actual === null ? null : cents(actual - (figure.budget ?? 0)),
    };
    return {
      ...base,
      rows: [],
      total,
      adds: actual === (figure.actual ?? 0),
      postings: {
        rows: matching.slice((page - 1) * pageSize, page * pageSize).map(postingView),
        page,
        pageSize,
        matching: matching.length,
        matchingAmount: sum(matching),
        count: postings.all.length,
        amount,
        balances: postings.balances,
      },
    };
  }

  let rows: DrillRowFigures[];
  const byCode = new Map(scope.units.map((u) => [u.code, u]));
  if (by === 'units') {
    const childOf = childOfRoot(scope.units, unit.code);
    rows = drillRows(entries, filter, figure, (entry) => {
      const key = childOf.get(entry.unitCode);
      return key === undefined ? null : { key, own: key === unit.code };
    });
  } else if (by === 'accounts') {
    rows = drillRows(entries, filter, figure, (entry) => ({
      key: entry.account ?? '',
      account: entry.account,
    }));
  } else {
    rows = monthRows(entries, filter, figure);
  }
  const withPostings =
    by === 'months' && request.account !== undefined
      ? await monthsWithPostings(db, municipalityId, year, scope)
      : new Set<number>();
  const total = totalOf(rows, figure);
  return {
    ...base,
    rows: rows.map((row) => {
      const rowUnit = by === 'units' ? byCode.get(row.key) : undefined;
      return {
        unit: rowUnit ? { ...unitRef(rowUnit), own: row.own } : null,
        account: by === 'accounts' ? row.account : null,
        month: row.month,
        budget: row.budget,
        actual: row.actual,
        deviation: row.deviation,
        lines: row.lines,
        postings: row.month !== null ? withPostings.has(row.month) || row.lines === 0 : false,
        share: row.share,
        drillable: by !== 'accounts' || row.account !== null,
      };
    }),
    total,
    adds: figuresAgree(total, figure),
    postings: null,
  };
}

/**
 * The stored cells of a scope with an account that count on its line, by import, and the blocks
 * of postings kept for them: what the figure is made of now (a month a later import replaced is
 * that import's). A cell whose import kept no block is a monthly balance.
 */
async function cellsOf(db: Db, municipalityId: string, year: number, scope: Scope) {
  const lineOf = accountResolver(scope.mapping);
  const cells = (
    await actualCells(db, municipalityId, year, {
      units: scope.members,
      account: scope.filter.account!,
      months: monthsOf(scope.filter),
    })
  ).filter((cell) => {
    const line = entryLine(lineOf, cell.account, cell.kind, null);
    return line !== null && scope.filter.leaves.has(line);
  });
  const keyOf = (c: { importId: number; unitCode: string }) => `${c.importId}\u0000${c.unitCode}`;
  const keys = new Map(cells.map((c) => [keyOf(c), c]));
  const blocks = await postingBlocks(
    db,
    municipalityId,
    [...keys.values()].map((c) => ({
      importId: c.importId,
      unitCode: c.unitCode,
      account: c.account,
    })),
  );
  const stored = new Set(blocks.map(keyOf));
  return { cells, blocks, kept: (cell: ActualCell) => stored.has(keyOf(cell)) };
}

/**
 * The postings of a scope with an account: of the imports that hold its cells, those of the
 * line's kinds and the scope's months; and the part of the actual that no kept posting stands
 * for (monthly balances).
 */
async function postingsOf(
  db: Db,
  municipalityId: string,
  year: number,
  scope: Scope,
): Promise<{ all: Posting[]; balances: Cents }> {
  const { cells, blocks, kept } = await cellsOf(db, municipalityId, year, scope);
  const wanted = new Set(
    cells.map((c) => `${c.importId}\u0000${c.unitCode}\u0000${c.kind}\u0000${c.month}`),
  );
  const all: Posting[] = [];
  for (const block of blocks) {
    for (const p of decodeBlock(block.data, block.compressed)) {
      if (!wanted.has(`${block.importId}\u0000${block.unitCode}\u0000${p.kind}\u0000${p.month}`))
        continue;
      all.push({
        importId: block.importId,
        row: p.row,
        unitCode: block.unitCode,
        account: block.account,
        kind: p.kind,
        date: `${year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`,
        month: p.month,
        voucher: p.voucher,
        text: p.text,
        amount: p.amount,
      });
    }
  }
  let balances = 0;
  for (const cell of cells) if (!kept(cell)) balances += cell.amount;
  return { all, balances: cents(balances) };
}

/** The months of a scope with an account whose whole actual (on its line) has kept postings. */
async function monthsWithPostings(
  db: Db,
  municipalityId: string,
  year: number,
  scope: Scope,
): Promise<Set<number>> {
  const { cells, kept } = await cellsOf(db, municipalityId, year, scope);
  const without = new Set(cells.filter((c) => !kept(c)).map((c) => c.month));
  return new Set(cells.map((c) => c.month).filter((m) => !without.has(m)));
}

function postingView(p: Posting): PostingView {
  return {
    date: p.date,
    unitCode: p.unitCode,
    account: p.account,
    voucher: p.voucher,
    text: p.text,
    amount: p.amount,
    importId: p.importId,
    row: p.row,
  };
}

/** How many contributors an explanation names. */
export const CONTRIBUTORS = 5;

/**
 * What explains a unit's deviation on a line: its largest contributors, cost centre × account
 * (a unit's own entries on one account), with their budget, actual, deviation and share.
 */
export async function explainDeviation(
  db: Db,
  actor: Actor,
  municipalityId: string,
  year: number,
  request: { unit: string; line: string; period?: number | undefined; limit?: number | undefined },
): Promise<ExplanationView> {
  requireRule(actor, municipalityId, 'reader');
  const scope = await readConsistently(db, (trx) =>
    scopeOf(trx, municipalityId, year, {
      unit: request.unit,
      line: request.line,
      period: request.period,
    }),
  );
  const byCode = new Map(scope.units.map((u) => [u.code, u]));
  const list: ContributorView[] = contributors(
    scope.entries,
    scope.filter,
    request.limit ?? CONTRIBUTORS,
  ).map((c) => ({
    unit: unitRef(byCode.get(c.unitCode) ?? scope.unit),
    account: c.account,
    budget: c.budget,
    actual: c.actual,
    deviation: c.deviation,
    share: c.share,
  }));
  return {
    year,
    period: request.period ?? null,
    unit: unitRef(scope.unit),
    line: { code: scope.line, label: lineDefinition(scope.line).names },
    figure: scopeFigures(scope.entries, scope.filter),
    contributors: list,
  };
}
