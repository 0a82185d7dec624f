import type { AttentionRules } from '../../../../common/src/contracts/service-levels.ts';
import type { Executor } from '../../db/client.ts';
import { allOf } from '../../lib/all-of.ts';
import {
  allServiceLevels,
  holidayDays,
  readSetting,
  type ServiceLevelRow,
} from './service-levels.repository.ts';
import type { WorkingCalendar, WorkingWeek } from './working-time.ts';

export const WORKING_WEEK_KEY = 'working_week';
export const ATTENTION_RULES_KEY = 'attention_rules';

const fallbackWeek: WorkingWeek = {
  timeZone: 'Europe/London',
  days: [1, 2, 3, 4, 5],
  start: '09:00',
  end: '17:00',
};

export type { AttentionRules };

const defaultRules: AttentionRules = {
  approachingFraction: 0.75,
  cadenceOverdueFactor: 2,
  sentimentWindowDays: 90,
  sentimentMinTouchpoints: 3,
  sentimentThreshold: -0.5,
  disputeOpenDays: 14,
};

export async function loadWorkingWeek(db: Executor): Promise<WorkingWeek> {
  const row = await readSetting(db, WORKING_WEEK_KEY);
  return row ? (row.value as WorkingWeek) : fallbackWeek;
}

export async function loadAttentionRules(db: Executor): Promise<AttentionRules> {
  const row = await readSetting(db, ATTENTION_RULES_KEY);
  return { ...defaultRules, ...(row?.value as Partial<AttentionRules> | undefined) };
}

/** The working week with every closed day: what the service-level clocks need. */
export async function loadCalendar(db: Executor): Promise<WorkingCalendar> {
  const [week, closed] = await allOf(db, [() => loadWorkingWeek(db), () => holidayDays(db)]);
  return { ...week, holidays: new Set(closed) };
}

/** Everything a request's targets are computed from. */
export type TargetSettings = {
  calendar: WorkingCalendar;
  rules: AttentionRules;
  levels: ServiceLevelRow[];
};

/**
 * The target settings, read at most every few seconds per database handle rather than on every
 * list page. A change through this server takes effect at once (`forgetTargetSettings`); another
 * instance sees it within CACHE_MS. Transactions always read afresh (they are other handles).
 */
const CACHE_MS = 10_000;
let generation = 0;
const cached = new WeakMap<object, { at: number; generation: number; value: Promise<TargetSettings> }>();

export function targetSettings(db: Executor): Promise<TargetSettings> {
  const hit = cached.get(db);
  if (hit && hit.generation === generation && Date.now() - hit.at < CACHE_MS) return hit.value;
  const value = allOf(db, [
    () => loadCalendar(db),
    () => loadAttentionRules(db),
    () => allServiceLevels(db),
  ]).then(([calendar, rules, levels]) => ({ calendar, rules, levels }));
  cached.set(db, { at: Date.now(), generation, value });
  value.catch(() => cached.delete(db));
  return value;
}

export function forgetTargetSettings(): void {
  generation++;
}
