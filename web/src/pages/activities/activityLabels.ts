import type { Activity } from '../../api/activities.ts';

/** "Tue 8 Dec 2026, 14:00–16:00": the time as the organiser set it, in the activity's zone. */
export function whenInWords(a: Pick<Activity, 'startsAt' | 'localStart' | 'localEnd' | 'timeZone'>) {
  const day = new Date(a.startsAt)
    .toLocaleDateString('en-GB', {
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      timeZone: a.timeZone,
    })
    .replace(',', '');
  const sameDay = a.localStart.slice(0, 10) === a.localEnd.slice(0, 10);
  const end = sameDay ? a.localEnd.slice(11) : a.localEnd.replace('T', ' ');
  return `${day}, ${a.localStart.slice(11)}–${end}`;
}

/** "December 2026": the month an activity starts in, in its own zone (for grouping the list). */
export const monthOf = (a: Pick<Activity, 'startsAt' | 'timeZone'>) =>
  new Date(a.startsAt).toLocaleDateString('en-GB', { month: 'long', year: 'numeric', timeZone: a.timeZone });
