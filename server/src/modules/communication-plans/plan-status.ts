import { DateTime } from 'luxon';
import { channelKinds } from '../../../../common/src/contracts/communication-plans.ts';
import type { PlanChannel, PlanDirection } from '../../../../common/src/labels/communication-plans.ts';
import { UNIVERSITY_TIME_ZONE } from '../../../../common/src/wording.ts';

/** A touch point as the plan rules see it: when, what, whose unit, who took part on each side. */
export type Logged = {
  id: string;
  occurredAt: Date;
  kind: string;
  unitId: string;
  staffIds: string[];
  contactIds: string[];
};
type Pair = {
  id: string;
  level: { id: string };
  user: { id: string };
  contact: { id: string };
  cadenceDays: number;
};
type Item = {
  channel: PlanChannel;
  direction: PlanDirection;
  frequencyDays: number;
  levels: { id: string }[];
};

/** How far back the plan looks: a year of adherence, and the last occurrence before it. */
export const LOOK_BACK_DAYS = 400;
const YEAR_DAYS = 365;

/** The university's date of a moment. */
export const dayOf = (at: Date) => DateTime.fromJSDate(at, { zone: UNIVERSITY_TIME_ZONE }).toISODate()!;
const addDays = (day: string, days: number) => DateTime.fromISO(day).plus({ days }).toISODate()!;
const daysBetween = (from: string, to: string) =>
  Math.round(DateTime.fromISO(to).diff(DateTime.fromISO(from), 'days').days);

/** Who holds which level in one relationship, from its peer pairs. */
export function levelsOfPeople(pairs: readonly Pair[]) {
  const staff = new Map<string, Set<string>>();
  const contacts = new Map<string, Set<string>>();
  for (const p of pairs) {
    staff.set(p.user.id, (staff.get(p.user.id) ?? new Set()).add(p.level.id));
    contacts.set(p.contact.id, (contacts.get(p.contact.id) ?? new Set()).add(p.level.id));
  }
  return { staff, contacts };
}

/**
 * Whether a touch point is an occurrence of a plan item: the unit's own (or one a peer of the
 * relationship took part in), of the channel's kind; "from the partner" and "both ways" need a
 * contact of the partner taking part (touch points record no direction of their own); and
 * when the item names levels, someone of ours at one of them (and, unless it only goes to the
 * partner, someone of theirs at the same level).
 */
export function isOccurrence(tp: Logged, item: Item, unitId: string, pairs: readonly Pair[]) {
  if (!channelKinds[item.channel].includes(tp.kind)) return false;
  const people = levelsOfPeople(pairs);
  const ours = tp.unitId === unitId || tp.staffIds.some((id) => people.staff.has(id));
  if (!ours) return false;
  const needsTheirs = item.direction !== 'to_partner';
  if (needsTheirs && tp.contactIds.length === 0) return false;
  if (item.levels.length === 0) return true;
  return item.levels.some(
    (level) =>
      tp.staffIds.some((id) => people.staff.get(id)?.has(level.id)) &&
      (!needsTheirs || tp.contactIds.some((id) => people.contacts.get(id)?.has(level.id))),
  );
}

/**
 * An item's last occurrence, next due date and adherence over the last year. The clock starts
 * at `since` (the relationship's start); each period of the item's frequency since the later of
 * that and a year ago is met when it holds an occurrence.
 */
export function itemStatus(
  occurrences: readonly Date[],
  frequencyDays: number,
  since: string,
  today: string,
) {
  const days = [...occurrences].map(dayOf).sort();
  const last = occurrences.length ? new Date(Math.max(...occurrences.map((d) => d.getTime()))) : null;
  const nextDueOn = addDays(last ? dayOf(last) : since, frequencyDays);
  const yearAgo = addDays(today, -YEAR_DAYS);
  const windowStart = since > yearAgo ? since : yearAgo;
  const periods = Math.max(0, Math.floor(daysBetween(windowStart, today) / frequencyDays));
  let met = 0;
  for (let k = 0; k < periods; k++) {
    const from = addDays(windowStart, k * frequencyDays);
    const to = addDays(windowStart, (k + 1) * frequencyDays);
    if (days.some((d) => d >= from && d < to)) met++;
  }
  return {
    lastAt: last ? last.toISOString() : null,
    nextDueOn,
    overdue: nextDueOn < today,
    adherence: { periods, met, percent: periods ? Math.round((met / periods) * 100) : null },
  };
}

/**
 * A pair's observed coverage: the last touch point both took part in, silent when none falls
 * within the cadence, and the touch points of the last year where one of them met someone who
 * holds a level in this relationship but not this one ("not peer").
 */
export function pairCoverage(pair: Pair, touchpoints: readonly Logged[], pairs: readonly Pair[], now: Date) {
  const people = levelsOfPeople(pairs);
  const level = pair.level.id;
  let lastTwoWay: Date | null = null;
  let notPeerCount = 0;
  let lastNotPeer: Date | null = null;
  const yearAgo = now.getTime() - YEAR_DAYS * 86_400_000;
  const otherLevelOnly = (levels: Set<string> | undefined) => !!levels && !levels.has(level);
  for (const tp of touchpoints) {
    const withUser = tp.staffIds.includes(pair.user.id);
    const withContact = tp.contactIds.includes(pair.contact.id);
    if (withUser && withContact && (!lastTwoWay || tp.occurredAt > lastTwoWay)) lastTwoWay = tp.occurredAt;
    if (tp.occurredAt.getTime() < yearAgo) continue;
    const notPeer =
      (withUser && tp.contactIds.some((id) => otherLevelOnly(people.contacts.get(id)))) ||
      (withContact && tp.staffIds.some((id) => otherLevelOnly(people.staff.get(id))));
    if (notPeer) {
      notPeerCount++;
      if (!lastNotPeer || tp.occurredAt > lastNotPeer) lastNotPeer = tp.occurredAt;
    }
  }
  const silent = !lastTwoWay || now.getTime() - lastTwoWay.getTime() > pair.cadenceDays * 86_400_000;
  return {
    lastTwoWayAt: lastTwoWay?.toISOString() ?? null,
    silent,
    notPeerCount,
    lastNotPeerAt: lastNotPeer?.toISOString() ?? null,
  };
}
