import { getVtimezoneComponent } from '@touch4it/ical-timezones';
import ical, { ICalCalendarMethod } from 'ical-generator';
import { activityKindLabels } from '../../../../common/src/contracts/activities.ts';
import type { Activity } from '../../db/schema/activities.ts';
import { localOf } from './recurrence.ts';

const DOMAIN = 'rapport';

/**
 * The activity as an iCalendar file (RFC 5545) for an invitation: the event in its own time
 * zone (with the VTIMEZONE that TZID needs), its series rule and exceptions, and the link.
 */
export function activityCalendar(activity: Activity, unitName: string, link: string | null): string {
  const calendar = ical({ prodId: { company: 'Rapport', product: 'Activities', language: 'EN' } });
  calendar.method(ICalCalendarMethod.PUBLISH);
  calendar.timezone({ name: activity.timeZone, generator: getVtimezoneComponent });
  const where = activity.format === 'online' ? activity.onlineUrl : activity.location;
  calendar.createEvent({
    id: `${activity.id}@${DOMAIN}`,
    start: activity.startsAt,
    end: activity.endsAt,
    timezone: activity.timeZone,
    summary: activity.title,
    description: [
      `${activityKindLabels[activity.kind]} organised by ${unitName}.`,
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
  return calendar.toString();
}

/** RRULE and EXDATE lines for a series; EXDATE in local time with the series' TZID. */
function seriesLines(activity: Activity): string {
  const time = localOf(activity.startsAt, activity.timeZone).slice(11).replace(':', '');
  const lines = [`RRULE:${activity.recurrence}`];
  if (activity.exceptionDates.length)
    lines.push(
      `EXDATE;TZID=${activity.timeZone}:${activity.exceptionDates.map((d) => `${d.replaceAll('-', '')}T${time}00`).join(',')}`,
    );
  return lines.join('\r\n');
}
