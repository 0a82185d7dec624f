import { Badge, Group } from '@mantine/core';
import {
  escalationLevels as levels,
  requestPriorities as priorities,
  requestKinds,
  requestStatuses,
} from '../../../common/src/requests.ts';
import type { Request } from '../api/types.ts';

export { requestKinds, requestStatuses };
/** Most urgent first, for pickers. */
export const requestPriorities = [...priorities].reverse();
const levelNames: Record<(typeof levels)[number], string> = {
  line_manager: 'Line manager',
  head_of_unit: 'Head of unit',
  senior_management: 'Senior management',
};
export const escalationLevels = levels.map((value) => ({ value, label: levelNames[value] }));

export const statusLabel: Record<string, string> = {
  new: 'New',
  triaged: 'Triaged',
  in_progress: 'In progress',
  waiting_on_partner: 'Waiting on partner',
  resolved: 'Resolved',
  closed: 'Closed',
};
/** The button that moves a request to a status. */
export const moveLabel: Record<string, string> = {
  triaged: 'Triage',
  in_progress: 'Start work',
  waiting_on_partner: 'Wait on partner',
  resolved: 'Resolve',
  closed: 'Close',
};
export const levelLabel = (level: string | null) =>
  levelNames[level as keyof typeof levelNames] ?? level ?? '';
const priorityColour: Record<string, string> = {
  critical: 'red.9',
  high: '#9c3d00',
  normal: 'blue.8',
  low: 'gray.7',
};

export const PriorityBadge = ({ priority }: { priority: string }) => (
  <Badge color={priorityColour[priority]} autoContrast>
    {priority} priority
  </Badge>
);

type Target = Request['targets']['resolution'];

/** A target's state in words (never colour alone): Met, Breached, Approaching, Paused or time left. */
export function targetText(target: Target): string {
  if (!target.dueAt) return 'No target';
  if (target.metAt) return target.breached ? 'Met late' : 'Met';
  if (target.paused) return 'Paused';
  if (target.breached) return 'Breached';
  const left = `${target.workingHoursLeft} working h left`;
  return target.approaching ? `Approaching: ${left}` : left;
}

export function TargetBadge({ label, target }: { label: string; target: Target }) {
  const colour = target.breached
    ? 'red.9'
    : target.approaching
      ? 'yellow.4'
      : target.metAt
        ? '#216e39'
        : 'gray.7';
  return (
    <Badge color={colour} autoContrast styles={{ label: { textTransform: 'none' } }}>
      {label}: {targetText(target)}
    </Badge>
  );
}

export const RequestTargets = ({ request }: { request: Request }) => (
  <Group gap={4}>
    <TargetBadge label="Response" target={request.targets.firstResponse} />
    <TargetBadge label="Resolution" target={request.targets.resolution} />
  </Group>
);
