import { Badge, Group } from '@mantine/core';
import type { Request } from '../api/types.ts';

export const requestKinds = [
  'incident',
  'enhancement',
  'enquiry',
  'complaint',
  'dispute',
  'concern',
] as const;
export const requestPriorities = ['critical', 'high', 'normal', 'low'] as const;
export const requestStatuses = [
  'new',
  'triaged',
  'in_progress',
  'waiting_on_partner',
  'resolved',
  'closed',
] as const;
export const escalationLevels = [
  { value: 'line_manager', label: 'Line manager' },
  { value: 'head_of_unit', label: 'Head of unit' },
  { value: 'senior_management', label: 'Senior management' },
];

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
  escalationLevels.find((l) => l.value === level)?.label ?? level ?? '';
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
