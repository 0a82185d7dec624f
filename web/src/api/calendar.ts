/** The university's working calendar, as the screens need it: its time zone. */
import { useQuery } from '@tanstack/react-query';
import type { WorkingWeekBody as WorkingWeek } from '../../../common/src/contracts/service-levels.ts';
import { UNIVERSITY_TIME_ZONE } from '../../../common/src/wording.ts';
import { api } from './client.ts';

/**
 * The zone the university works in (its working week's setting), so a due time or a moment
 * reads the same hour for everyone, wherever their computer is. The default zone stands in
 * until the setting has loaded.
 */
export function useUniversityTimeZone(): string {
  const week = useQuery({
    queryKey: ['working-week'],
    queryFn: () => api<WorkingWeek>('GET', '/working-week'),
    staleTime: 10 * 60_000,
  });
  return week.data?.timeZone ?? UNIVERSITY_TIME_ZONE;
}
