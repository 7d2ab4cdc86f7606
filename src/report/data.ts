/**
 * What a report is built from, read from the database for a year — or, where a unit's report for
 * the period is approved, from its snapshot (src/domain/snapshot.ts): a frozen report prints what
 * was approved, whatever has been stored since.
 */
import { createHash } from 'node:crypto';
import { yearNarratives } from '../db/content.js';
import type { Db } from '../db/db.js';
import { leafMonths } from '../db/figures.js';
import { forecasts } from '../db/forecasts.js';
import { goals, riskRegister, themes } from '../db/goals.js';
import { snapshots, type StoredSnapshot } from '../db/snapshots.js';
import { fiscalYears, listBindings, listUnits } from '../db/units.js';
import {
  canonicalJson,
  cutSnapshot,
  overlaySnapshots,
  type SnapshotData,
  type YearData,
} from '../domain/snapshot.js';

/**
 * The year's live data, actuals month by month up to `toMonth`; `figuresOnly` leaves out goals,
 * narratives and risks (what a writer of figures needs to compare with the snapshots).
 */
export async function liveYearData(
  db: Db,
  municipalityId: string,
  year: number,
  toMonth: number,
  options: { figuresOnly?: boolean; byMonth?: boolean } = {},
): Promise<YearData> {
  const units = await listUnits(db, municipalityId, year);
  const { leaves } = await leafMonths(db, municipalityId, year, {
    toMonth,
    byMonth: options.byMonth ?? true,
  });
  const bindings = await listBindings(db, municipalityId, year);
  // Forecasts are an interim period's: the closed year has its actual.
  const forecast =
    toMonth < 12
      ? (await forecasts(db, municipalityId, year, toMonth)).map(({ unitCode, line, amount }) => ({
          unitCode,
          line,
          amount,
        }))
      : [];
  if (options.figuresOnly)
    return {
      units,
      bindings,
      leaves,
      forecasts: forecast,
      themes: [],
      goals: [],
      narratives: [],
      risks: [],
    };
  return {
    units,
    bindings,
    leaves,
    forecasts: forecast,
    themes: await themes(db, municipalityId, year),
    goals: (await goals(db, municipalityId, year, undefined, toMonth)).map(
      ({ version, ...goal }) => {
        void version;
        return goal;
      },
    ),
    narratives: await yearNarratives(db, municipalityId, year, toMonth),
    risks: await riskRegister(db, municipalityId, year),
  };
}

/** A snapshot as stored: its data, canonical JSON and hash. */
export function sealSnapshot(data: SnapshotData): { data: string; sha256: string } {
  const text = canonicalJson(data);
  return { data: text, sha256: createHash('sha256').update(text).digest('hex') };
}

/** A stored snapshot's data; its hash is checked against the stored text. */
export function openSnapshot(stored: StoredSnapshot): { data: SnapshotData; intact: boolean } {
  const intact = createHash('sha256').update(stored.data).digest('hex') === stored.sha256;
  return { data: JSON.parse(stored.data) as SnapshotData, intact };
}

/** The snapshot a unit's report for a period would freeze now. */
export async function currentSnapshot(
  db: Db,
  municipalityId: string,
  scope: { year: number; unitCode: string; period: number },
): Promise<SnapshotData> {
  return cutSnapshot(await liveYearData(db, municipalityId, scope.year, scope.period), scope);
}

/** An approval a report prints: whose, when, and the snapshot's hash. */
export interface ReportApproval {
  /** The snapshot's id. */
  id: number;
  unitCode: string;
  period: number;
  approvedAt: Date;
  approvedBy: string;
  sha256: string;
  /** Set when a reopening has released the snapshot (a copy printed from it since). */
  released: { at: Date; by: string; reason: string } | null;
  /** False when the stored snapshot no longer matches its SHA-256 (damaged or altered). */
  intact: boolean;
}

/**
 * The data a report of the year up to `toMonth` is built from: live, with every snapshot in
 * force for that period laid over its units; and the approvals it thereby prints. With
 * `figuresOnly`, the units and amounts only (the figures contract of `report --format json`).
 */
export async function reportData(
  db: Db,
  municipalityId: string,
  year: number,
  toMonth: number,
  options: { figuresOnly?: boolean; snapshotId?: number } = {},
): Promise<{ data: YearData; approvals: (ReportApproval & { units: Set<string> })[] }> {
  // A report needs the months' sum only; the snapshots laid over it carry their months.
  const live = await liveYearData(db, municipalityId, year, toMonth, {
    byMonth: false,
    figuresOnly: options.figuresOnly ?? false,
  });
  // One snapshot asked for by its id — also a released one: a published copy printed again —
  // or every snapshot in force for the period.
  const inForce =
    options.snapshotId === undefined
      ? await snapshots(db, municipalityId, year, { period: toMonth })
      : await snapshots(db, municipalityId, year, { id: options.snapshotId, all: true });
  if (inForce.length === 0) return { data: live, approvals: [] };
  const frozen = inForce.map((stored) => ({ stored, ...openSnapshot(stored) }));
  return {
    data: overlaySnapshots(
      live,
      frozen.map((f) => f.data),
    ),
    approvals: frozen.map(({ stored: { data: _text, year: _year, ...head }, data, intact }) => ({
      ...head,
      intact,
      units: new Set(data.units.map((u) => u.code)),
    })),
  };
}

/**
 * The previous year's figures to print beside this year's, as its report prints them (an
 * approved annual report's snapshot, where there is one): units and leaf amounts up to the same
 * month. Null when the database holds no previous year.
 */
export async function previousYearData(
  db: Db,
  municipalityId: string,
  year: number,
  toMonth: number,
): Promise<YearData | null> {
  if (!(await fiscalYears(db, municipalityId)).includes(year - 1)) return null;
  return (await reportData(db, municipalityId, year - 1, toMonth, { figuresOnly: true })).data;
}
