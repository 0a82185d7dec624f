import { Button, Select } from '@mantine/core';
import { useState } from 'react';
import type { RequestPriority, RequestStatus } from '../../../../common/src/labels/requests.ts';
import { BulkActions, type BulkListProps } from '../../components/BulkActionBar.tsx';
import { PersonPicker } from '../../components/PersonPicker.tsx';
import { requestPriorityOptions, requestStatusOptions } from '../../components/requestLabels.tsx';

/** Triage of the selected requests: owner, priority and status, in one go. */
export function RequestBulkActions(props: BulkListProps) {
  const [ownerId, setOwnerId] = useState<string | null>(null);
  const [priority, setPriority] = useState<RequestPriority | null>(null);
  const [status, setStatus] = useState<RequestStatus | null>(null);
  const nothing = !ownerId && !priority && !status;
  return (
    <BulkActions resource="requests" noun={['request', 'requests']} {...props}>
      {(run, running) => (
        <>
          <PersonPicker
            label="New owner"
            value={ownerId}
            onChange={setOwnerId}
            excludeRoles={['viewer']}
            clearable
            w={220}
          />
          <Select
            label="New priority"
            data={requestPriorityOptions}
            value={priority}
            onChange={(v) => setPriority(v as RequestPriority | null)}
            clearable
            w={160}
          />
          <Select
            label="Move to"
            data={requestStatusOptions}
            value={status}
            onChange={(v) => setStatus(v as RequestStatus | null)}
            clearable
            w={180}
          />
          <Button
            onClick={() =>
              run(
                {
                  action: 'triage',
                  ...(ownerId ? { ownerId } : {}),
                  ...(priority ? { priority } : {}),
                  ...(status ? { status } : {}),
                },
                (count) =>
                  `Triaged ${count.toLocaleString('en-GB')} ${count === 1 ? 'request' : 'requests'}.`,
              )
            }
            disabled={nothing}
            loading={running}
          >
            Triage selected
          </Button>
        </>
      )}
    </BulkActions>
  );
}
