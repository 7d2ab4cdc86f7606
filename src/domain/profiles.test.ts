import { describe, expect, it } from 'vitest';
import {
  isBuiltInProfile,
  parseWeights,
  validProfileName,
  validProfileWeights,
} from './profiles.js';

describe('budget profiles', () => {
  it('takes twelve whole non-negative weights, not all zero, as typed', () => {
    expect(parseWeights('8,8,8,8,8,12,12,4,8,8,8,8')).toEqual([
      8, 8, 8, 8, 8, 12, 12, 4, 8, 8, 8, 8,
    ]);
    expect(parseWeights(' 1; 1; 1; 1; 1; 1; 1; 1; 1; 1; 1; 2 ')).toHaveLength(12);
    expect(parseWeights('1,1,1')).toBeNull();
    expect(parseWeights('0,0,0,0,0,0,0,0,0,0,0,0')).toBeNull();
    expect(parseWeights('1,1,1,1,1,1,1,1,1,1,1,-1')).toBeNull();
    expect(parseWeights('1,1,1,1,1,1,1,1,1,1,1,1.5')).toBeNull();
    expect(parseWeights('1,1,1,1,1,1,1,1,1,1,1,2000000')).toBeNull();
    expect(validProfileWeights([1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])).toBe(true);
  });

  it('keeps the built-in names for the built-in profiles', () => {
    expect(isBuiltInProfile('even')).toBe(true);
    expect(isBuiltInProfile('previous-year')).toBe(true);
    expect(validProfileName('personnel')).toBe(true);
    expect(validProfileName('Löner_2023-sommar')).toBe(true);
    expect(validProfileName('even')).toBe(false);
    expect(validProfileName('Previous-Year')).toBe(false);
    expect(validProfileName('')).toBe(false);
    expect(validProfileName('-x')).toBe(false);
    expect(validProfileName('a b')).toBe(false);
    expect(validProfileName('x'.repeat(65))).toBe(false);
  });
});
