import { describe, expect, it } from 'vitest';
import { typedYear } from './year-start.js';

describe('the new year as typed', () => {
  it('reads four digits in the years Utfall keeps', () => {
    expect(typedYear('2024')).toBe(2024);
    expect(typedYear(' 2024 ')).toBe(2024);
  });

  it.each(['', '24', '2024.5', '20 24', 'next', '1989', '2101', '02024'])('refuses %j', (text) => {
    expect(typedYear(text)).toBeNull();
  });
});
