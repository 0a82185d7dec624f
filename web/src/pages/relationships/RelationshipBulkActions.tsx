import { Button, Select } from '@mantine/core';
import { useState } from 'react';
import { optionsOf } from '../../../../common/src/labels/options.ts';
import {
  type RelationshipStatus,
  relationshipStatuses,
  relationshipStatusLabels,
} from '../../../../common/src/labels/relationships.ts';
import { BulkActions, type BulkListProps } from '../../components/BulkActionBar.tsx';
import { PersonPicker } from '../../components/PersonPicker.tsx';

const plural = (n: number) => `${n.toLocaleString('en-GB')} ${n === 1 ? 'relationship' : 'relationships'}`;

/** Hand the selected relationships to a successor (a manager leaving), or set their status. */
export function RelationshipBulkActions(props: BulkListProps) {
  const [managerId, setManagerId] = useState<string | null>(null);
  const [managerName, setManagerName] = useState('');
  const [status, setStatus] = useState<RelationshipStatus | null>(null);
  return (
    <BulkActions resource="relationships" noun={['relationship', 'relationships']} {...props}>
      {(run, running) => (
        <>
          <PersonPicker
            label="New relationship manager"
            value={managerId}
            onChange={(id, option) => {
              setManagerId(id);
              setManagerName(option?.label ?? '');
            }}
            excludeRoles={['viewer']}
            clearable
            w={240}
          />
          <Button
            disabled={!managerId || running}
            onClick={() =>
              run(
                { action: 'reassign', managerId },
                (n) => `${plural(n)} handed to ${managerName || 'the new manager'}.`,
              )
            }
          >
            Hand over
          </Button>
          <Select
            label="New status"
            data={optionsOf(relationshipStatuses, relationshipStatusLabels)}
            value={status}
            onChange={(v) => setStatus(v as RelationshipStatus | null)}
            w={160}
          />
          <Button
            variant="default"
            disabled={!status || running}
            onClick={() =>
              run(
                { action: 'setStatus', status },
                (n) => `${plural(n)} now ${relationshipStatusLabels[status!].toLowerCase()}.`,
              )
            }
          >
            Set status
          </Button>
        </>
      )}
    </BulkActions>
  );
}
