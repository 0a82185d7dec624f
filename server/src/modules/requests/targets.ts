import type { WorkingCalendar } from '../service-levels/working-time.ts';
import { addWorkingHoursWithin as dueAfter, workingHoursBetween } from '../service-levels/working-time.ts';

/** One service-level target as a request shows it. */
export type Target = {
  /** The target in working hours. */
  hours: number;
  dueAt: string | null;
  /** When it was met (first response given, or resolved). */
  metAt: string | null;
  /** Working hours left (negative once late); null once met. */
  workingHoursLeft: number | null;
  approaching: boolean;
  breached: boolean;
  /** The clock is stopped while the request waits on the partner. */
  paused: boolean;
};

type Clocked = {
  createdAt: Date;
  responseDueAt: Date | null;
  resolveDueAt: Date | null;
  firstRespondedAt: Date | null;
  resolvedAt: Date | null;
  clockPausedAt: Date | null;
};

const round1 = (n: number) => Math.round(n * 10) / 10;

function target(
  calendar: WorkingCalendar,
  hours: number,
  dueAt: Date | null,
  metAt: Date | null,
  now: Date,
  approachingFraction: number,
  pausedAt: Date | null = null,
): Target {
  if (!dueAt) {
    return {
      hours,
      dueAt: null,
      metAt: metAt?.toISOString() ?? null,
      workingHoursLeft: null,
      approaching: false,
      breached: false,
      paused: false,
    };
  }
  if (metAt) {
    return {
      hours,
      dueAt: dueAt.toISOString(),
      metAt: metAt.toISOString(),
      workingHoursLeft: null,
      approaching: false,
      breached: metAt > dueAt,
      paused: false,
    };
  }
  const left = workingHoursBetween(calendar, pausedAt ?? now, dueAt);
  return {
    hours,
    dueAt: dueAt.toISOString(),
    metAt: null,
    workingHoursLeft: round1(left),
    approaching: left > 0 && left <= hours * (1 - approachingFraction),
    breached: left <= 0,
    paused: pausedAt !== null,
  };
}

/** Both targets of a request, as of `now`. */
export function targetsOf(
  calendar: WorkingCalendar,
  request: Clocked,
  level: { firstResponseHours: number; resolveHours: number },
  approachingFraction: number,
  now = new Date(),
) {
  return {
    firstResponse: target(
      calendar,
      level.firstResponseHours,
      request.responseDueAt,
      request.firstRespondedAt,
      now,
      approachingFraction,
    ),
    resolution: target(
      calendar,
      level.resolveHours,
      request.resolveDueAt,
      request.resolvedAt,
      now,
      approachingFraction,
      request.clockPausedAt,
    ),
  };
}

/**
 * Due dates for a request raised at `raisedAt`. A target the working week cannot reach within
 * three years (settings stored before they were checked) leaves the request without that due
 * time rather than failing the request.
 */
export function dueDates(
  calendar: WorkingCalendar,
  raisedAt: Date,
  level: { firstResponseHours: number; resolveHours: number },
) {
  return {
    responseDueAt: dueAfter(calendar, raisedAt, level.firstResponseHours),
    resolveDueAt: dueAfter(calendar, raisedAt, level.resolveHours),
  };
}

/**
 * New due dates after a priority change: the new targets from when it was raised, keeping any
 * time the resolution clock has already been stopped (waiting on the partner).
 */
export function redueDates(
  calendar: WorkingCalendar,
  request: Clocked,
  from: { resolveHours: number },
  to: { firstResponseHours: number; resolveHours: number },
) {
  const pausedHours = request.resolveDueAt
    ? Math.max(0, workingHoursBetween(calendar, request.createdAt, request.resolveDueAt) - from.resolveHours)
    : 0;
  return {
    responseDueAt: dueAfter(calendar, request.createdAt, to.firstResponseHours),
    resolveDueAt: dueAfter(calendar, request.createdAt, to.resolveHours + pausedHours),
  };
}

/** The resolution due date after the clock restarts: pushed back by the working time it stood still. */
export function resumeClock(calendar: WorkingCalendar, resolveDueAt: Date, pausedAt: Date, now = new Date()) {
  const stood = workingHoursBetween(calendar, pausedAt, now);
  return stood > 0 ? (dueAfter(calendar, resolveDueAt, stood) ?? resolveDueAt) : resolveDueAt;
}
