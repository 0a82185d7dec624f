import { Badge } from '@mantine/core';

const colours = { overdue: 'red', due: 'yellow', ok: 'green', none: 'gray' } as const;
const labels = {
  overdue: 'Contact overdue',
  due: 'Contact due',
  ok: 'On track',
  none: 'No cadence',
} as const;

export function CadenceBadge({ status }: { status: keyof typeof colours }) {
  return (
    <Badge color={colours[status]} variant="light" c={status === 'due' ? 'dark' : undefined}>
      {labels[status]}
    </Badge>
  );
}
