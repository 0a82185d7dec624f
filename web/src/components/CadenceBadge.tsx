import { Badge } from '@mantine/core';

const colours = { overdue: 'red.9', due: 'yellow.4', ok: '#216e39', none: 'gray.7' } as const;
const labels = {
  overdue: 'Contact overdue',
  due: 'Contact due',
  ok: 'On track',
  none: 'No cadence',
} as const;

export function CadenceBadge({ status }: { status: keyof typeof colours }) {
  return (
    <Badge color={colours[status]} autoContrast>
      {labels[status]}
    </Badge>
  );
}
