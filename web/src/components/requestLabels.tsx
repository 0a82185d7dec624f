import { Badge, Group } from '@mantine/core';
import { optionsOf } from '../../../common/src/labels/options.ts';
import {
  type EscalationLevel,
  escalationLevelLabels,
  escalationLevels as levels,
  type RequestPriority,
  requestKindLabels,
  requestKinds,
  requestMoveLabels,
  requestPriorities,
  requestPriorityLabels,
  requestStatuses,
  requestStatusLabels,
} from '../../../common/src/labels/requests.ts';
import { workingHoursInWords } from '../../../common/src/wording.ts';
import type { Request } from '../api/types.ts';

/** The request vocabulary and its labels, from the contract; options for pickers. */
export { requestKinds, requestStatuses };
export const statusLabel = requestStatusLabels;
export const moveLabel = requestMoveLabels;
export const kindLabel = requestKindLabels;
export const requestKindOptions = optionsOf(requestKinds, requestKindLabels);
/** Most urgent first, for pickers. */
export const requestPriorityOptions = optionsOf([...requestPriorities].reverse(), requestPriorityLabels);
export const requestStatusOptions = optionsOf(requestStatuses, requestStatusLabels);
export const escalationLevels = optionsOf(levels, escalationLevelLabels);
export const levelLabel = (level: EscalationLevel | null) => (level ? escalationLevelLabels[level] : '');
const priorityColour: Record<RequestPriority, string> = {
  critical: 'red.9',
  high: 'warning',
  normal: 'blue.8',
  low: 'gray.7',
};

export const PriorityBadge = ({ priority }: { priority: RequestPriority }) => (
  <Badge color={priorityColour[priority]} autoContrast>
    {requestPriorityLabels[priority]} priority
  </Badge>
);

type Target = Request['targets']['resolution'];

/** A target's state in words (never colour alone): Met, Breached, Approaching, Paused or time left. */
export function targetText(target: Target): string {
  if (!target.dueAt) return 'No target';
  if (target.metAt) return target.breached ? 'Met late' : 'Met';
  if (target.paused) return 'Paused';
  if (target.breached) return 'Breached';
  const left = workingHoursInWords(target.workingHoursLeft ?? 0);
  return target.approaching ? `Approaching: ${left}` : left;
}

export function TargetBadge({ label, target }: { label: string; target: Target }) {
  const colour = target.breached
    ? 'red.9'
    : target.approaching
      ? 'yellow.4'
      : target.metAt
        ? 'success'
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
