/** A unit's risk register: each risk with its category, likelihood and impact, measures and owner. */
import type { Texts } from './goals.js';

export const RISK_CATEGORIES = [
  'financial',
  'personnel',
  'ictSecurity',
  'continuity',
  'other',
] as const;
export const RISK_STATUSES = ['open', 'mitigated', 'closed'] as const;

export interface Risk {
  unitCode: string;
  risk: Texts;
  category: (typeof RISK_CATEGORIES)[number];
  likelihood: number;
  impact: number;
  measures: Texts;
  owner: string;
  status: (typeof RISK_STATUSES)[number];
}

export type RiskCategory = Risk['category'];
export type RiskStatus = Risk['status'];

/** The lowest and highest value of likelihood and impact. */
export const RISK_SCALE = { min: 1, max: 5 } as const;

export function isRiskCategory(value: string): value is RiskCategory {
  return (RISK_CATEGORIES as readonly string[]).includes(value);
}

export function isRiskStatus(value: string): value is RiskStatus {
  return (RISK_STATUSES as readonly string[]).includes(value);
}

/** Whether a likelihood or impact is on the scale: a whole number from 1 to 5. */
export function onRiskScale(value: number): boolean {
  return Number.isInteger(value) && value >= RISK_SCALE.min && value <= RISK_SCALE.max;
}

/** What may change in a risk: its texts, category, scale, owner and status (not its unit). */
export type RiskChange = Partial<Omit<Risk, 'unitCode'>>;

/**
 * A risk with a change applied: each text merged language by language (a language left out
 * keeps its text, an empty one removes it), every other field replaced when given.
 */
export function changedRisk(risk: Risk, change: RiskChange): Risk {
  const texts = (before: Risk['risk'], after: Risk['risk'] | undefined) => {
    if (!after) return before;
    const merged = { ...before };
    for (const [lang, text] of Object.entries(after) as [keyof typeof merged, string][]) {
      if (text.trim() === '') delete merged[lang];
      else merged[lang] = text.trim();
    }
    return merged;
  };
  return {
    unitCode: risk.unitCode,
    risk: texts(risk.risk, change.risk),
    category: change.category ?? risk.category,
    likelihood: change.likelihood ?? risk.likelihood,
    impact: change.impact ?? risk.impact,
    measures: texts(risk.measures, change.measures),
    owner: change.owner === undefined ? risk.owner : change.owner.trim(),
    status: change.status ?? risk.status,
  };
}
