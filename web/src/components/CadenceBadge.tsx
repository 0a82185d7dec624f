import { Badge } from '@mantine/core';
import { type CadenceStatus, cadenceStatusLabels } from '../../../common/src/labels/partner-view.ts';

const colours: Record<CadenceStatus, string> = {
  overdue: 'red.9',
  due: 'yellow.4',
  ok: 'success',
  none: 'gray.7',
};

export function CadenceBadge({ status }: { status: CadenceStatus }) {
  return (
    <Badge color={colours[status]} autoContrast>
      {cadenceStatusLabels[status]}
    </Badge>
  );
}
