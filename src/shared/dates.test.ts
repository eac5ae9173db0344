import { describe, expect, it } from 'vitest';
import { addDays, addMonths, monthsBetween } from './dates.ts';

describe('dates', () => {
  it('adds months, clamping to the end of a shorter month', () => {
    expect(addMonths('2024-05-12', 12)).toBe('2025-05-12');
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2023-12-15', -12)).toBe('2022-12-15');
  });
  it('counts whole months', () => {
    expect(monthsBetween('2000-05-20', '2018-05-20')).toBe(216);
    expect(monthsBetween('2000-05-20', '2018-05-19')).toBe(215);
  });
  it('adds days across years', () => {
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
  });
});
