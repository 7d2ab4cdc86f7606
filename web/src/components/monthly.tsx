/**
 * The monthly development of the binding line: cumulative actual against the revised budget by
 * its stored months, cumulative (the budget to date at each month), as an SVG line chart (solid line with filled circles against a dashed line with open
 * squares, so it reads in black and white) and the same figures as a table.
 */
import { useId } from 'react';
import type { MonthlyPoint } from '../../../src/api/pages.js';
import { formatEuros, formatWhole, monthName } from '../format.js';
import { useI18n } from '../i18n/index.js';
import { HeaderRow } from './table.js';
import { ScrollRegion } from './scroll-region.js';
import { chartAxis, ChartSvg, drawEuros } from './figures.js';

export function MonthlyChart({
  points,
  lineLabel,
  year,
}: {
  points: MonthlyPoint[];
  lineLabel: string;
  year: number;
}) {
  const { t } = useI18n();
  const id = useId();
  const title = t('monthly.chartTitle', { line: lineLabel, year });

  const width = 760;
  const height = 300;
  const left = 110;
  const right = 20;
  const top = 20;
  const bottom = 40;
  const { low, high, ticks } = chartAxis(
    points.flatMap((p) => [drawEuros(p.actual), drawEuros(p.budget)]),
  );
  const x = (month: number) => left + ((month - 1) / 11) * (width - left - right);
  const y = (value: number) => top + ((high - value) / (high - low)) * (height - top - bottom);

  const path = (key: 'actual' | 'budget') =>
    points
      .filter((p) => p[key] !== null)
      .map((p, i) => `${i === 0 ? 'M' : 'L'}${x(p.month)},${y(drawEuros(p[key]) ?? 0)}`)
      .join(' ');

  return (
    <>
      <figure className="chart">
        <ChartSvg
          id={id}
          title={title}
          description={t('monthly.chartDescription')}
          width={width}
          height={height}
        >
          {ticks.map((tick) => (
            <g key={tick}>
              <line
                x1={left}
                x2={width - right}
                y1={y(tick)}
                y2={y(tick)}
                stroke={tick === 0 ? '#1a1a1a' : '#d0d0d0'}
              />
              <text x={left - 8} y={y(tick) + 4} textAnchor="end" className="tick">
                {formatWhole(tick)}
              </text>
            </g>
          ))}
          {points.map((p) => (
            <text
              key={p.month}
              x={x(p.month)}
              y={height - bottom + 18}
              textAnchor="middle"
              className="tick"
            >
              {p.month}
            </text>
          ))}
          <path
            d={path('budget')}
            fill="none"
            stroke="#1a1a1a"
            strokeWidth="2"
            strokeDasharray="7 5"
          />
          <path d={path('actual')} fill="none" stroke="#1a1a1a" strokeWidth="2.5" />
          {points.map((p) =>
            p.budget === null ? null : (
              <rect
                key={`b${p.month}`}
                x={x(p.month) - 4}
                y={y(drawEuros(p.budget) ?? 0) - 4}
                width="8"
                height="8"
                fill="#fff"
                stroke="#1a1a1a"
                strokeWidth="1.5"
              />
            ),
          )}
          {points.map((p) =>
            p.actual === null ? null : (
              <circle
                key={`a${p.month}`}
                cx={x(p.month)}
                cy={y(drawEuros(p.actual) ?? 0)}
                r="4.5"
                fill="#1a1a1a"
              />
            ),
          )}
          <text x={(left + width - right) / 2} y={height - 4} textAnchor="middle" className="tick">
            {t('monthly.monthAxis')}
          </text>
        </ChartSvg>
        <figcaption>
          <span className="legend">
            <svg width="34" height="12" aria-hidden="true">
              <line x1="1" y1="6" x2="33" y2="6" stroke="#1a1a1a" strokeWidth="2.5" />
              <circle cx="17" cy="6" r="4" fill="#1a1a1a" />
            </svg>{' '}
            {t('monthly.actual')}
          </span>
          <span className="legend">
            <svg width="34" height="12" aria-hidden="true">
              <line
                x1="1"
                y1="6"
                x2="33"
                y2="6"
                stroke="#1a1a1a"
                strokeWidth="2"
                strokeDasharray="6 4"
              />
              <rect x="13" y="2" width="8" height="8" fill="#fff" stroke="#1a1a1a" />
            </svg>{' '}
            {t('monthly.budget')}
          </span>
          <span className="muted">{t('chart.euros')}</span>
        </figcaption>
      </figure>
      <p className="footnote">{t('monthly.footnote')}</p>
      <details className="table-alternative">
        <summary>{t('monthly.showTable')}</summary>
        <ScrollRegion label={title}>
          <table className="figures">
            <caption>{title}</caption>
            <thead>
              <HeaderRow
                columns={[
                  { label: t('monthly.month') },
                  { label: t('monthly.budget'), num: true },
                  { label: t('monthly.actual'), num: true },
                  { label: t('monthly.difference'), num: true },
                ]}
              />
            </thead>
            <tbody>
              {points.map((p) => (
                <tr key={p.month}>
                  <th scope="row">{monthName(p.month, t)}</th>
                  <td className="num">{formatEuros(p.budget)}</td>
                  <td className="num">{formatEuros(p.actual)}</td>
                  <td className="num">
                    {p.actual !== null && p.budget !== null ? formatEuros(p.actual - p.budget) : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      </details>
    </>
  );
}
