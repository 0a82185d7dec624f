/** Whether a relationship's expected contact cadence is met, from the date of its last visible touch point. */
export type CadenceStatus = 'none' | 'ok' | 'due' | 'overdue';

/** Within the last fifth of the cadence a contact is "due"; past it, "overdue". */
const DUE_FRACTION = 0.8;
const DAY_MS = 86_400_000;

export function cadenceStatus(
  cadenceDays: number | null,
  lastContactAt: Date | null,
  now = new Date(),
): CadenceStatus {
  if (!cadenceDays) return 'none';
  if (!lastContactAt) return 'overdue';
  const days = (now.getTime() - lastContactAt.getTime()) / DAY_MS;
  if (days > cadenceDays) return 'overdue';
  if (days >= cadenceDays * DUE_FRACTION) return 'due';
  return 'ok';
}

/** The date the next contact is expected, for display. */
export function nextContactDue(cadenceDays: number | null, lastContactAt: Date | null): string | null {
  if (!cadenceDays || !lastContactAt) return null;
  return new Date(lastContactAt.getTime() + cadenceDays * DAY_MS).toISOString();
}

/** A relationship as shown with its last visible contact and cadence status. */
export function withCadence<R extends { cadenceDays: number | null }>(
  relationship: R,
  lastContactAt: Date | null,
) {
  return {
    ...relationship,
    lastContactAt: lastContactAt?.toISOString() ?? null,
    cadenceStatus: cadenceStatus(relationship.cadenceDays, lastContactAt),
    nextContactDue: nextContactDue(relationship.cadenceDays, lastContactAt),
  };
}
