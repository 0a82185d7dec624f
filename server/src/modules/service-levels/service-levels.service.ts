import type { UpdateServiceLevel, WorkingWeekBody } from '../../../../common/src/contracts/service-levels.ts';
import type { RequestKind, RequestPriority } from '../../../../common/src/labels/requests.ts';
import type { Executor } from '../../db/client.ts';
import { recordChange } from '../../db/records.ts';
import { AppError, forbidden, notFound, stale } from '../../errors.ts';
import type { Ctx } from '../../lib/context.ts';
import { presentRecord } from '../../lib/records.ts';
import { isAdministrator } from '../access/actor.ts';
import {
  ATTENTION_RULES_KEY,
  type AttentionRules,
  forgetTargetSettings,
  loadAttentionRules,
  loadCalendar,
  loadWorkingWeek,
  WORKING_WEEK_KEY,
} from './calendar.ts';
import {
  allServiceLevels,
  deleteHoliday,
  findServiceLevel,
  insertHoliday,
  listHolidayRows,
  listServiceLevelRows,
  lockServiceLevel,
  updateServiceLevel,
  upsertSetting,
} from './service-levels.repository.ts';
import { addWorkingHoursWithin, type WorkingCalendar } from './working-time.ts';

/**
 * Targets are counted in working hours up to three years ahead: settings that leave a target
 * out of reach are refused here, so raising a request never meets one.
 */
const reaches = (calendar: WorkingCalendar, hours: number) =>
  addWorkingHoursWithin(calendar, new Date(), hours) !== null;

const adminOnly = (ctx: Ctx) => {
  if (!isAdministrator(ctx.actor)) throw forbidden('Only an administrator can change service levels');
};

export async function listServiceLevels(db: Executor) {
  return { items: (await listServiceLevelRows(db)).map(presentRecord) };
}

/** The targets for a kind and priority (every pair has a row from migration 0004). */
export const serviceLevelFor = (db: Executor, kind: RequestKind, priority: RequestPriority) =>
  findServiceLevel(db, kind, priority);

export async function changeServiceLevel(ctx: Ctx, id: string, version: number, input: UpdateServiceLevel) {
  adminOnly(ctx);
  const changed = await ctx.db.transaction(async (tx) => {
    const before = await lockServiceLevel(tx, id);
    if (!before) throw notFound('Service level');
    const next = { ...before, ...input };
    if (next.firstResponseHours > next.resolveHours)
      throw new AppError('validation', 'The request is not valid', {
        errors: [
          {
            field: 'firstResponseHours',
            message: 'Make the first response no longer than the time to resolve',
          },
        ],
      });
    if (!reaches(await loadCalendar(tx), next.resolveHours))
      throw new AppError('validation', 'The request is not valid', {
        errors: [
          {
            field: 'resolveHours',
            message: `is more working time than the working week holds in three years`,
          },
        ],
      });
    const row = await updateServiceLevel(tx, id, version, input);
    if (!row) throw stale('service level');
    await recordChange(tx, ctx, {
      entity: 'service_level',
      entityId: id,
      action: 'updated',
      before: presentRecord(before),
      after: presentRecord(row),
    });
    return presentRecord(row);
  });
  forgetTargetSettings();
  return changed;
}

async function writeSetting(ctx: Ctx, key: string, value: unknown, before: unknown) {
  await ctx.db.transaction(async (tx) => {
    await upsertSetting(tx, key, value);
    // Settings are keyed by name; the audit log keys them by a fixed id per setting.
    await recordChange(tx, ctx, {
      entity: 'setting',
      entityId: SETTING_IDS[key]!,
      action: 'updated',
      before,
      after: value,
    });
  });
  forgetTargetSettings();
}

/** Stable ids so a setting's changes line up in the audit log. */
const SETTING_IDS: Record<string, string> = {
  [WORKING_WEEK_KEY]: '00000000-0000-4000-8000-000000000001',
  [ATTENTION_RULES_KEY]: '00000000-0000-4000-8000-000000000002',
};

export const getWorkingWeek = (ctx: Ctx) => loadWorkingWeek(ctx.db);

export async function setWorkingWeek(ctx: Ctx, week: WorkingWeekBody) {
  if (!isAdministrator(ctx.actor)) throw forbidden('Only an administrator can change the working week');
  const before = await loadWorkingWeek(ctx.db);
  const value = { ...week, days: [...week.days].sort() };
  const calendar = { ...(await loadCalendar(ctx.db)), ...value };
  const levels = await allServiceLevels(ctx.db);
  const longest = levels.reduce((a, b) => (b.resolveHours > a.resolveHours ? b : a), levels[0]!);
  if (longest && !reaches(calendar, longest.resolveHours)) {
    const message = `leave too little working time: the longest target (${longest.kind}, ${longest.priority} priority: ${longest.resolveHours} working hours to resolve) could not be met within three years`;
    throw new AppError('validation', 'The request is not valid', {
      errors: ['days', 'start', 'end'].map((field) => ({ field, message })),
    });
  }
  await writeSetting(ctx, WORKING_WEEK_KEY, value, before);
  return value;
}

export const getAttentionRules = (ctx: Ctx) => loadAttentionRules(ctx.db);

export async function setAttentionRules(ctx: Ctx, rules: AttentionRules) {
  if (!isAdministrator(ctx.actor)) throw forbidden('Only an administrator can change the attention rules');
  const before = await loadAttentionRules(ctx.db);
  await writeSetting(ctx, ATTENTION_RULES_KEY, rules, before);
  return rules;
}

export async function listHolidays(ctx: Ctx, year?: number) {
  return { items: await listHolidayRows(ctx.db, year) };
}

export async function addHoliday(ctx: Ctx, input: { day: string; name: string }) {
  if (!isAdministrator(ctx.actor)) throw forbidden('Only an administrator can change the holiday list');
  const row = await insertHoliday(ctx.db, input);
  forgetTargetSettings();
  if (!row)
    throw new AppError('conflict', `${input.day} is already a holiday`, {
      errors: [{ field: 'day', message: 'is already a holiday' }],
    });
  return row;
}

export async function removeHoliday(ctx: Ctx, day: string) {
  if (!isAdministrator(ctx.actor)) throw forbidden('Only an administrator can change the holiday list');
  const row = await deleteHoliday(ctx.db, day);
  forgetTargetSettings();
  if (!row) throw notFound('Holiday');
}
