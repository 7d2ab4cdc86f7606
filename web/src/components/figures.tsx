/**
 * The budget-vs-outcome table as the report prints it (BUDGET, BUDGET CHANGES, REVISED BUDGET,
 * ACTUAL, DEVIATION; at an interim period as the interim report does: REVISED BUDGET of the
 * year, BUDGET 1–m, ACTUAL 1–m, USE %, DEVIATION 1–m; the binding line marked; each actual and
 * deviation a link to its drill-down, pages/drill.tsx) and a bar chart of the budget against the
 * actual per line (at an interim period both to date), drawn in SVG with patterns so that it
 * reads in black and white.
 */
import { useId, type ReactNode } from 'react';
import type { FigureLine } from '../../../src/api/pages.js';
import { LINES } from '../../../src/domain/lines.js';
import { formatEuros, formatPercent, formatWhole } from '../format.js';
import { pick, useI18n } from '../i18n/index.js';
import { Link } from '../router.js';
import { Icon } from './icons.js';
import { HeaderRow } from './table.js';
import { ScrollRegion } from './scroll-region.js';

const TOTALS = new Set(LINES.filter((line) => line.sumOf).map((line) => line.code));

export function FiguresTable({
  lines,
  year,
  toMonth,
  caption,
  drill,
}: {
  lines: FigureLine[];
  year: number;
  toMonth: number | null;
  caption: string;
  /** The drill-down page of a line's figures (its actual and deviation cells link there). */
  drill?: (line: FigureLine['code']) => string;
}) {
  const { t, lang } = useI18n();
  const month = toMonth !== null && toMonth < 12 ? toMonth : null;
  // A figure as a link to what makes it, named by its line, column and amount.
  const drillCell = (line: FigureLine, amount: number | null, column: string) => {
    const text = formatEuros(amount);
    if (!drill || amount === null) return <td className="num">{text}</td>;
    return (
      <td className="num">
        <Link
          to={drill(line.code)}
          className="drill-link"
          aria-label={t('figures.drillInto', {
            line: pick(line.label, lang),
            figure: column.toLocaleLowerCase(lang),
            amount: text,
          })}
        >
          {text}
        </Link>
      </td>
    );
  };
  return (
    <ScrollRegion label={caption}>
      <table className={`figures report-table${month === null ? '' : ' interim'}`}>
        <caption>{caption}</caption>
        <thead>
          <HeaderRow
            columns={
              month === null
                ? [
                    { label: t('figures.line') },
                    { label: t('figures.budget', { year }), num: true },
                    { label: t('figures.changes'), num: true },
                    { label: t('figures.revised'), num: true },
                    { label: t('figures.actual', { year }), num: true },
                    { label: t('figures.deviation'), num: true },
                  ]
                : [
                    { label: t('figures.line') },
                    { label: t('figures.revisedYear', { year }), num: true },
                    { label: t('figures.revisedToDate', { month, year }), num: true },
                    { label: t('figures.actualInterim', { month, year }), num: true },
                    { label: t('figures.useRate'), num: true },
                    { label: t('figures.deviationInterim', { month }), num: true },
                  ]
            }
          />
        </thead>
        <tbody>
          {lines.map((line) => (
            <tr
              key={line.code}
              id={`line-${line.code}`}
              tabIndex={-1}
              className={[TOTALS.has(line.code) ? 'total' : '', line.binding ? 'binding' : '']
                .join(' ')
                .trim()}
            >
              <th scope="row">
                {pick(line.label, lang)}
                {line.binding && (
                  <span className="badge binding-mark">
                    <Icon name="binding" /> {t('figures.binding')}
                  </span>
                )}
              </th>
              {month === null ? (
                <>
                  <td className="num">{formatEuros(line.budget)}</td>
                  <td className="num">{line.changes ? formatEuros(line.changes) : ''}</td>
                  <td className="num">{formatEuros(line.revised)}</td>
                  {drillCell(line, line.actual, t('figures.actual', { year }))}
                </>
              ) : (
                <>
                  <td className="num">{formatEuros(line.revised)}</td>
                  <td className="num">{formatEuros(line.revisedToDate)}</td>
                  {drillCell(line, line.actual, t('figures.actualInterim', { month, year }))}
                  <td className="num">{formatPercent(line.usePercent, lang)}</td>
                </>
              )}
              {drillCell(
                line,
                line.deviation,
                month === null ? t('figures.deviation') : t('figures.deviationInterim', { month }),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}

/** Round step for an axis: 1, 2 or 5 × 10^n euros, about `count` steps over the span. */
function niceStep(span: number, count: number): number {
  const raw = Math.max(span / count, 1);
  const power = 10 ** Math.floor(Math.log10(raw));
  for (const factor of [1, 2, 5, 10]) if (factor * power >= raw) return factor * power;
  return 10 * power;
}

/** Euros (not cents) for drawing: positions only, never a printed or summed amount. */
export function drawEuros(cents: number | null): number | null {
  return cents === null ? null : cents / 100;
}

/** A signed axis over the values and zero, in about five round steps, with its tick values. */
export function chartAxis(values: (number | null)[]): {
  low: number;
  high: number;
  ticks: number[];
} {
  const numbers = values.filter((v): v is number => v !== null);
  const min = Math.min(0, ...numbers);
  const max = Math.max(0, ...numbers);
  const step = niceStep(max - min, 5);
  const low = Math.floor(min / step) * step;
  const high = Math.ceil(max / step) * step || step;
  const ticks: number[] = [];
  for (let v = low; v <= high + step / 2; v += step) ticks.push(v);
  return { low, high, ticks };
}

/** A chart's SVG, named and described to screen readers by its title and description. */
export function ChartSvg({
  id,
  title,
  description,
  width,
  height,
  children,
}: {
  id: string;
  title: string;
  description: string;
  width: number;
  height: number;
  children: ReactNode;
}) {
  return (
    <svg
      role="img"
      aria-labelledby={`${id}-title ${id}-desc`}
      viewBox={`0 0 ${width} ${height}`}
      width="100%"
      style={{ maxWidth: `${width}px` }}
    >
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-desc`}>{description}</desc>
      {children}
    </svg>
  );
}

/** The hatching of revised-budget bars, which reads in black and white. */
function Hatch({ id }: { id: string }) {
  return (
    <pattern
      id={id}
      width="6"
      height="6"
      patternUnits="userSpaceOnUse"
      patternTransform="rotate(45)"
    >
      <rect width="6" height="6" fill="#fff" />
      <line x1="0" y1="0" x2="0" y2="6" stroke="#1a1a1a" strokeWidth="2" />
    </pattern>
  );
}

/**
 * Revised budget (hatched) and actual (solid) per line, on one signed axis; at an interim period
 * (`toDate`) the budget to date against the actual to date, as the interim report's chart.
 */
export function LinesChart({
  lines,
  title,
  toDate,
}: {
  lines: FigureLine[];
  title: string;
  toDate?: { month: number; year: number } | undefined;
}) {
  const { t, lang } = useI18n();
  const id = useId();
  const budgetOf = (line: FigureLine) => (toDate ? (line.revisedToDate ?? null) : line.revised);
  const shown = lines.filter((line) => budgetOf(line) !== null || line.actual !== null);
  if (shown.length === 0) return null;

  const { low, high, ticks } = chartAxis(
    shown.flatMap((line) => [drawEuros(budgetOf(line)), drawEuros(line.actual)]),
  );

  const labelWidth = 230;
  const plotWidth = 520;
  const barHeight = 11;
  const rowHeight = barHeight * 2 + 12;
  const top = 28;
  const height = top + shown.length * rowHeight + 10;
  const width = labelWidth + plotWidth + 20;
  const x = (value: number) => labelWidth + ((value - low) / (high - low)) * plotWidth;

  return (
    <figure className="chart">
      <ChartSvg
        id={id}
        title={title}
        description={t(toDate ? 'chart.linesDescriptionInterim' : 'chart.linesDescription')}
        width={width}
        height={height}
      >
        <defs>
          <Hatch id={`${id}-hatch`} />
        </defs>
        {ticks.map((tick) => (
          <g key={tick}>
            <line
              x1={x(tick)}
              x2={x(tick)}
              y1={top - 6}
              y2={height - 8}
              stroke={tick === 0 ? '#1a1a1a' : '#c8c8c8'}
              strokeWidth={tick === 0 ? 1.5 : 1}
            />
            <text x={x(tick)} y={top - 10} textAnchor="middle" className="tick">
              {formatWhole(tick)}
            </text>
          </g>
        ))}
        {shown.map((line, i) => {
          const y = top + i * rowHeight + 4;
          const revised = drawEuros(budgetOf(line));
          const actual = drawEuros(line.actual);
          return (
            <g key={line.code}>
              <text x={labelWidth - 8} y={y + barHeight + 4} textAnchor="end" className="label">
                {pick(line.label, lang)}
                {line.binding ? ' ◆' : ''}
              </text>
              {revised !== null && (
                <rect
                  x={Math.min(x(0), x(revised))}
                  y={y}
                  width={Math.max(1, Math.abs(x(revised) - x(0)))}
                  height={barHeight}
                  fill={`url(#${id}-hatch)`}
                  stroke="#1a1a1a"
                />
              )}
              {actual !== null && (
                <rect
                  x={Math.min(x(0), x(actual))}
                  y={y + barHeight}
                  width={Math.max(1, Math.abs(x(actual) - x(0)))}
                  height={barHeight}
                  fill="#2b2b2b"
                  stroke="#1a1a1a"
                />
              )}
            </g>
          );
        })}
      </ChartSvg>
      <figcaption>
        <span className="legend">
          <svg width="22" height="12" aria-hidden="true">
            <defs>
              <Hatch id={`${id}-hatch-legend`} />
            </defs>
            <rect
              x="1"
              y="1"
              width="20"
              height="10"
              fill={`url(#${id}-hatch-legend)`}
              stroke="#1a1a1a"
            />
          </svg>{' '}
          {toDate ? t('chart.revisedToDate', toDate) : t('chart.revised')}
        </span>
        <span className="legend">
          <svg width="22" height="12" aria-hidden="true">
            <rect x="1" y="1" width="20" height="10" fill="#2b2b2b" stroke="#1a1a1a" />
          </svg>{' '}
          {toDate ? t('chart.actualToDate', toDate) : t('chart.actual')}
        </span>
        <span className="legend">
          <Icon name="binding" /> {t('figures.binding')}
        </span>
        <span className="muted">{t('chart.euros')}</span>
      </figcaption>
    </figure>
  );
}
