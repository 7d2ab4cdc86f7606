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
