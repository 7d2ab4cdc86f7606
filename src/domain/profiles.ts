/**
 * Budget profiles by name: the built-in ones (even, previous-year; domain/spread.ts) and the
 * municipality's own, such as personnel costs with holiday pay in June and July. What a name may
 * be, and twelve weights as a person types them (`8,8,8,8,8,12,12,4,8,8,8,8`).
 */
import { BUILT_IN_PROFILES, MONTHS, validWeights, type BuiltInProfile } from './spread.js';

/** A profile's name: a letter or digit first, then letters, digits, `.`, `_` or `-`, up to 64. */
const PROFILE_NAME = /^[\p{L}\p{N}][\p{L}\p{N}._-]{0,63}$/u;

export function isBuiltInProfile(name: string): name is BuiltInProfile {
  return (BUILT_IN_PROFILES as readonly string[]).includes(name);
}

/** Whether a municipality may name its own profile so (the built-in names are taken). */
export function validProfileName(name: string): boolean {
  return PROFILE_NAME.test(name) && !isBuiltInProfile(name.toLowerCase());
}

/** The largest weight a stored profile takes (percentages, per mille, days … all fit). */
export const MAX_WEIGHT = 1_000_000;

/** Whether twelve weights can be a stored profile: validWeights, each at most MAX_WEIGHT. */
export function validProfileWeights(weights: readonly number[]): boolean {
  return validWeights(weights) && weights.every((x) => x <= MAX_WEIGHT);
}

/**
 * Twelve weights from a comma- (or semicolon- or space-) separated text; null unless they are
 * twelve whole non-negative numbers, not all zero, none above MAX_WEIGHT.
 */
export function parseWeights(text: string): number[] | null {
  const parts = text
    .split(/[,;\s]+/)
    .map((part) => part.trim())
    .filter(Boolean);
  if (parts.length !== MONTHS || !parts.every((part) => /^\d+$/.test(part))) return null;
  const weights = parts.map(Number);
  return validProfileWeights(weights) ? weights : null;
}
