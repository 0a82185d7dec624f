import type { EscalationBriefed } from './briefings.repository.ts';

const DAY_MS = 86_400_000;

/** The median of some numbers (the mean of the middle two for an even count); null for none. */
export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * "Informed before it escalated", per unit: of its escalations, how many had their subject in a
 * briefing before they were raised (the share), and the median of how many days before (from the
 * first such briefing, to one decimal). An escalation never briefed counts in the share's
 * denominator only. Units by name.
 */
export function informedBefore(rows: EscalationBriefed[]) {
  const byUnit = new Map<string, { unitName: string; escalations: number; days: number[] }>();
  for (const row of rows) {
    const unit = byUnit.get(row.unitId) ?? { unitName: row.unitName, escalations: 0, days: [] };
    unit.escalations++;
    if (row.firstBriefedAt) unit.days.push((row.raisedAt.getTime() - row.firstBriefedAt.getTime()) / DAY_MS);
    byUnit.set(row.unitId, unit);
  }
  return [...byUnit.entries()]
    .map(([unitId, u]) => {
      const days = median(u.days);
      return {
        unitId,
        unitName: u.unitName,
        escalations: u.escalations,
        briefedBefore: u.days.length,
        share: u.escalations ? u.days.length / u.escalations : null,
        medianDaysEarlier: days === null ? null : Math.round(days * 10) / 10,
      };
    })
    .sort((a, b) => a.unitName.localeCompare(b.unitName) || a.unitId.localeCompare(b.unitId));
}
