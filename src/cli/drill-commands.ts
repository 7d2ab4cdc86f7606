/**
 * `utfall drill`: a figure of a unit's page broken down by unit, account or month, down to the
 * postings of the ledger behind an account, through the same service as the web and the API.
 * Text prints the level as a table in the language, with the scope as its heading and a
 * sentence saying whether the rows add up to the figure; json the answer as the API gives it;
 * csv and xlsx the download of the whole level (xlsx into a file, -o).
 */
import { InvalidArgumentError, Option, type Command } from 'commander';
import { writeFile } from 'node:fs/promises';
import { DRILL_LEVELS, POSTING_SORTS, type DrillView } from '../api/drill.js';
import { UtfallError } from '../domain/errors.js';
import { formatCents, formatEuros, formatPercent } from '../domain/format.js';
import { LANGUAGES, type Language } from '../domain/lines.js';
import { translate, type Translate } from '../i18n/index.js';
import {
  drillCsv,
  drillScope,
  drillTable,
  drillXlsx,
  levelName,
  type DrillCell,
} from '../report/drill-export.js';
import { drill, type DrillRequest } from '../service/drill.js';
import { resolveYear } from '../service/tenant.js';
import { periodOption, type CommandContext } from './context.js';

const FORMATS = ['text', 'json', 'csv', 'xlsx'] as const;
type Format = (typeof FORMATS)[number];

interface DrillOptions {
  year?: number;
  unit: string;
  line: string;
  account?: string;
  month?: string;
  period?: string;
  own?: boolean;
  by?: DrillRequest['by'];
  search?: string;
  sort?: DrillRequest['sort'];
  desc?: boolean;
  page?: number;
  pageSize?: number;
  all?: boolean;
  format: Format;
  output?: string;
  lang?: Language;
}

/** Columns aligned to the left; figures to the right. */
const LEFT: ReadonlySet<DrillCell['kind']> = new Set(['text', 'date']);

/** The month asked, a whole number (the service refuses one outside the period). */
function monthOption(value: string, last: number): number {
  if (!/^\d{1,2}$/.test(value.trim())) throw new UtfallError('drill.month', { value, last });
  return Number(value);
}

/** The level as aligned text: the scope, the table, whether it adds up, and the page. */
export function drillText(
  view: DrillView,
  lang: Language,
  t: Translate,
  search: string | undefined,
): string {
  const table = drillTable(view, lang);
  const postings = view.by === 'postings';
  // Levels in whole euros as the reports print them; a posting with its cents.
  const money = (cents: number | null) =>
    cents === null ? '' : postings ? formatCents(cents, lang) : formatEuros(cents, lang);
  const show = (cell: DrillCell): string => {
    switch (cell.kind) {
      case 'text':
        return cell.text;
      case 'amount':
        return money(cell.cents);
      case 'share':
        return cell.value === null ? '' : formatPercent(cell.value * 100, lang);
      case 'date':
        return cell.iso;
      case 'integer':
        return String(cell.value);
    }
  };
  const headers = table.columns.map((c) => c.label);
  const lines = [...table.rows, ...table.totals].map((row) => row.map(show));
  const widths = headers.map((h, k) => Math.max(h.length, ...lines.map((l) => l[k]!.length)));
  const format = (cells: readonly string[]) =>
    cells
      .map((c, k) =>
        LEFT.has(table.columns[k]!.kind) ? c.padEnd(widths[k]!) : c.padStart(widths[k]!),
      )
      .join('  ')
      .trimEnd();
  const rule = '─'.repeat(widths.reduce((sum, w) => sum + w + 2, -2));
  const out = [`${drillScope(view, lang)} — ${levelName(view.by, t)}`, rule];
  out.push(format(headers), rule);
  if (table.rows.length === 0) out.push(t('cli:drill.empty'));
  for (const line of lines.slice(0, table.rows.length)) out.push(format(line));
  out.push(rule);
  for (const line of lines.slice(table.rows.length)) out.push(format(line));
  out.push('');

  if (postings && view.postings) {
    const p = view.postings;
    const actual = view.figure.actual ?? 0;
    const sum = (p.amount ?? 0) + (p.balances ?? 0);
    out.push(
      t(view.adds ? 'cli:drill.postingsAdd' : 'cli:drill.postingsAddNot', {
        count: p.count,
        amount: formatCents(p.amount ?? 0, lang),
        balances: formatCents(p.balances ?? 0, lang),
        sum: formatCents(sum, lang),
        actual: formatCents(actual, lang),
      }),
    );
    if (search !== undefined && search.trim() !== '')
      out.push(
        t('cli:drill.matching', {
          matching: p.matching,
          count: p.count,
          q: search.trim(),
          amount: formatCents(p.matchingAmount ?? 0, lang),
        }),
      );
    out.push(
      t('cli:drill.page', {
        page: p.page,
        pages: Math.max(1, Math.ceil(p.matching / p.pageSize)),
        pageSize: p.pageSize,
      }),
    );
  } else {
    const figures = (f: DrillView['figure']) => ({
      budget: formatEuros(f.budget, lang) || '–',
      actual: formatEuros(f.actual, lang) || '–',
      deviation: formatEuros(f.deviation, lang) || '–',
    });
    const total = figures(view.total);
    const figure = figures(view.figure);
    out.push(
      t(view.adds ? 'cli:drill.adds' : 'cli:drill.addsNot', {
        ...total,
        figureBudget: figure.budget,
        figureActual: figure.actual,
        figureDeviation: figure.deviation,
      }),
    );
  }
  const others = view.levels.filter((level) => level !== view.by);
  if (others.length > 0)
    out.push(t('cli:drill.levels', { levels: others.map((l) => `--by ${l}`).join(', ') }));
  return out.join('\n') + '\n';
}

export function registerDrillCommands(program: Command, ctx: CommandContext): void {
  const { io, t } = ctx;
  const positive = (value: string): number => {
    if (!/^\d+$/.test(value.trim()) || Number(value) < 1)
      throw new InvalidArgumentError(t('cli:drill.positive'));
    return Number(value);
  };
  program
    .command('drill')
    .description(t('cli:command.drill'))
    .option('--year <year>', t('cli:option.year'), ctx.year)
    .requiredOption('--unit <code>', t('cli:option.drillUnit'))
    .requiredOption('--line <line>', t('cli:option.drillLine'))
    .option('--account <account>', t('cli:option.drillAccount'))
    .option('--month <month>', t('cli:option.drillMonth'))
    .option('--period <yyyy-mm>', t('cli:option.drillPeriod'))
    .option('--own', t('cli:option.drillOwn'))
    .addOption(new Option('--by <level>', t('cli:option.drillBy')).choices([...DRILL_LEVELS]))
    .option('--search <text>', t('cli:option.drillSearch'))
    .addOption(new Option('--sort <column>', t('cli:option.drillSort')).choices([...POSTING_SORTS]))
    .option('--desc', t('cli:option.drillDesc'))
    .option('--page <n>', t('cli:option.drillPage'), positive)
    .addOption(
      new Option('--page-size <n>', t('cli:option.drillPageSize'))
        .argParser(positive)
        .conflicts('all'),
    )
    .option('--all', t('cli:option.drillAll'))
    .addOption(
      new Option('--format <format>', t('cli:option.drillFormat'))
        .choices([...FORMATS])
        .default('text'),
    )
    .option('-o, --output <file>', t('cli:option.output'))
    .addOption(new Option('--lang <lang>', t('cli:option.lang')).choices([...LANGUAGES]))
    .action(async (options: DrillOptions) => {
      const lang = options.lang ?? ctx.lang();
      if (options.format === 'xlsx' && options.output === undefined)
        throw new UtfallError('report.outputRequired', { format: options.format });
      const period = periodOption(options);
      const month =
        options.month === undefined ? undefined : monthOption(options.month, period?.month ?? 12);
      // A download is the whole level unless a page is asked for.
      const download = options.format === 'csv' || options.format === 'xlsx';
      const pageSize = options.all
        ? 0
        : (options.pageSize ?? (download && options.page === undefined ? 0 : undefined));
      await ctx.withStore(async (store) => {
        const municipalityId = await ctx.municipalityOf(store);
        const year = await resolveYear(store.db, municipalityId, period?.year ?? options.year, {
          existing: true,
        });
        const view = await drill(store.db, await ctx.actor(store), municipalityId, year, {
          unit: options.unit,
          line: options.line,
          period: period?.month,
          own: options.own ?? false,
          account: options.account,
          month,
          by: options.by,
          q: options.search,
          sort: options.sort,
          order: options.desc ? 'desc' : undefined,
          page: options.page,
          pageSize,
        });
        let output: string | Buffer;
        if (options.format === 'json') output = JSON.stringify(view, null, 2) + '\n';
        else if (options.format === 'csv') output = drillCsv(view, lang);
        else if (options.format === 'xlsx') output = await drillXlsx(view, lang);
        else output = drillText(view, lang, translate(lang), options.search);
        if (options.output !== undefined) {
          await writeFile(options.output, output);
          io.err(t('cli:report.written', { file: options.output, format: options.format }) + '\n');
        } else io.out(typeof output === 'string' ? output : output.toString('utf8'));
      });
    });
}
