import { z } from 'zod';
import { requestKinds, requestPriorities } from '../labels/requests.ts';
import { isoDate, recordFields, requiredText } from './shared.ts';

/** The rules the senior view flags things by (migration 0005 sets the defaults; README explains them). */
export const attentionRulesSchema = z.object({
  /** A request is "approaching" its target when this share of its working time has gone. */
  approachingFraction: z.number().gt(0).lt(1),
  /** A relationship is long overdue when its last contact is older than this many cadences. */
  cadenceOverdueFactor: z.number().min(1).max(10),
  sentimentWindowDays: z.int32().min(7).max(365),
  sentimentMinTouchpoints: z.int32().min(1).max(100),
  /** Average sentiment (−2…2) at or below which a partner is flagged. */
  sentimentThreshold: z.number().min(-2).max(0),
  disputeOpenDays: z.int32().min(1).max(365),
});
export type AttentionRules = z.infer<typeof attentionRulesSchema>;

/** An IANA time zone the runtime knows (the same test luxon's IANAZone.isValidZone makes). */
const isTimeZone = (zone: string) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone }).format();
    return true;
  } catch {
    return false;
  }
};

export const serviceLevelSchema = z.object({
  ...recordFields,
  kind: z.enum(requestKinds),
  priority: z.enum(requestPriorities),
  firstResponseHours: z.int32().min(1).max(2000).describe('Working hours to the first response'),
  resolveHours: z.int32().min(1).max(5000).describe('Working hours to resolution'),
});
/** One target per kind and priority. */
export const serviceLevelList = z.object({
  items: z.array(serviceLevelSchema).max(requestKinds.length * requestPriorities.length),
});

export const updateServiceLevelBody = z
  .object({
    firstResponseHours: z.int32().min(1).max(2000).optional(),
    resolveHours: z.int32().min(1).max(5000).optional(),
  })
  .refine(
    (b) =>
      b.firstResponseHours === undefined ||
      b.resolveHours === undefined ||
      b.firstResponseHours <= b.resolveHours,
    { message: 'Make the first response no longer than the time to resolve', path: ['firstResponseHours'] },
  );
export type UpdateServiceLevel = z.infer<typeof updateServiceLevelBody>;

const hhmm = z
  .string()
  .max(5)
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Enter a time as HH:MM');
export const workingWeekSchema = z
  .object({
    timeZone: z.string().max(100).refine(isTimeZone, 'Enter a time zone such as Europe/London'),
    days: z
      .array(z.int32().min(1).max(7))
      .min(1, 'Choose at least one working day')
      .max(7, 'Choose each day once')
      .refine((d) => new Set(d).size === d.length, 'Choose each day once')
      .describe('ISO weekdays: 1 = Monday … 7 = Sunday'),
    start: hhmm,
    end: hhmm,
  })
  .refine((w) => w.end > w.start, { message: 'Enter a closing time after the opening time', path: ['end'] });
export type WorkingWeekBody = z.infer<typeof workingWeekSchema>;

export const attentionRulesBody = attentionRulesSchema;

export const holidaySchema = z.object({ day: isoDate, name: z.string().max(200) });
export const holidayList = z.object({ items: z.array(holidaySchema) });
export const createHolidayBody = z.object({ day: isoDate, name: requiredText(200) });
export const holidayParams = z.object({ day: isoDate });
export const holidayQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() });
