import { getVtimezoneComponent } from '@touch4it/ical-timezones';
import ical, { type ICalCalendar, ICalCalendarMethod } from 'ical-generator';
import { DateTime } from 'luxon';
import { activityKindLabels } from '../../../../common/src/labels/activities.ts';
import type { Activity } from '../../db/schema/activities.ts';
import { localOf } from './recurrence.ts';

const DOMAIN = 'rapport';

/** What a calendar entry needs of an activity. */
export type CalendarActivity = Pick<
  Activity,
  | 'id'
  | 'kind'
  | 'title'
  | 'description'
  | 'startsAt'
  | 'endsAt'
  | 'timeZone'
  | 'format'
  | 'location'
  | 'onlineUrl'
  | 'recurrence'
  | 'exceptionDates'
> & { unitName: string };

const newCalendar = (name: string | null, zone: string | null) => {
  const calendar = ical({
    prodId: { company: 'Rapport', product: 'Activities', language: 'EN' },
    name,
  });
  calendar.method(ICalCalendarMethod.PUBLISH);
  // One VTIMEZONE per zone the events name (TZID needs its definition in the same file).
  calendar.timezone({ name: zone, generator: getVtimezoneComponent });
  return calendar;
};

/**
 * Adds the activity as one event (RFC 5545) in its own time zone, with its series rule and
 * exceptions, and the link when there is one.
 */
function addEvent(calendar: ICalCalendar, activity: CalendarActivity, link: string | null) {
  const where = activity.format === 'online' ? activity.onlineUrl : activity.location;
  calendar.createEvent({
    id: `${activity.id}@${DOMAIN}`,
    // As times in the zone: ical-generator writes a plain Date's clock time in the server's own
    // zone beside TZID, which is wrong wherever the two differ (Paris, or London in summer).
    start: DateTime.fromJSDate(activity.startsAt, { zone: activity.timeZone }),
    end: DateTime.fromJSDate(activity.endsAt, { zone: activity.timeZone }),
    timezone: activity.timeZone,
    summary: activity.title,
    description: [
      `${activityKindLabels[activity.kind]} organised by ${activity.unitName}.`,
      activity.description,
      link ? `Register, decline or cancel: ${link}` : null,
    ]
      .filter(Boolean)
      .join('\n\n'),
    location: where ?? undefined,
    url: link ?? activity.onlineUrl ?? undefined,
    // Inserted as written: the rule, and each exception at the series' local time in its zone.
    repeating: activity.recurrence ? seriesLines(activity) : null,
  });
}

/** The activity as an iCalendar file for an invitation (with its private link) or a download. */
export function activityCalendar(activity: Activity, unitName: string, link: string | null): string {
  const calendar = newCalendar(null, activity.timeZone);
  addEvent(calendar, { ...activity, unitName }, link);
  return calendar.toString();
}

/** Several activities as one calendar: a feed a calendar program subscribes to. */
export function activitiesCalendar(name: string, items: CalendarActivity[]): string {
  const calendar = newCalendar(name, null);
  for (const activity of items) addEvent(calendar, activity, null);
  return calendar.toString();
}

/** RRULE and EXDATE lines for a series; EXDATE in local time with the series' TZID. */
function seriesLines(activity: CalendarActivity): string {
  const time = localOf(activity.startsAt, activity.timeZone).slice(11).replace(':', '');
  const lines = [`RRULE:${activity.recurrence}`];
  if (activity.exceptionDates.length)
    lines.push(
      `EXDATE;TZID=${activity.timeZone}:${activity.exceptionDates.map((d) => `${d.replaceAll('-', '')}T${time}00`).join(',')}`,
    );
  return lines.join('\r\n');
}
