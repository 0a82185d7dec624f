import { describe, expect, it } from 'vitest';
import { cadenceStatus, nextContactDue } from './cadence.ts';

const now = new Date('2026-11-24T12:00:00Z');
const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);

describe('cadence status', () => {
  it('is none without a cadence, overdue without any contact', () => {
    expect(cadenceStatus(null, daysAgo(400), now)).toBe('none');
    expect(cadenceStatus(30, null, now)).toBe('overdue');
  });
  it('is ok, then due in the last fifth of the cadence, then overdue', () => {
    expect(cadenceStatus(30, daysAgo(10), now)).toBe('ok');
    expect(cadenceStatus(30, daysAgo(23.9), now)).toBe('ok');
    expect(cadenceStatus(30, daysAgo(24), now)).toBe('due');
    expect(cadenceStatus(30, daysAgo(30), now)).toBe('due');
    expect(cadenceStatus(30, daysAgo(30.1), now)).toBe('overdue');
  });
  it('gives the next expected date', () => {
    expect(nextContactDue(30, daysAgo(10))).toBe(new Date(now.getTime() + 20 * 86_400_000).toISOString());
    expect(nextContactDue(null, daysAgo(10))).toBeNull();
  });
});
