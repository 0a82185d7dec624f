import { Button, Select } from '@mantine/core';
import { useState } from 'react';
import type { RequestPriority, RequestStatus } from '../../../../common/src/contracts/requests.ts';
import { useBulkAction } from '../../api/bulk.ts';
import {
  BulkActionBar,
  type Selection,
  selectionBody,
  useBulkOutcome,
} from '../../components/BulkActionBar.tsx';
import { PersonPicker } from '../../components/PersonPicker.tsx';
import { requestPriorityOptions, requestStatusOptions } from '../../components/requestLabels.tsx';

/** Triage of the selected requests: owner, priority and status, in one go. */
export function RequestBulkActions({
  selection,
  shown,
  matching,
  filterQuery,
  nameOf,
}: {
  selection: Selection;
  shown: number;
  matching: number;
  /** The register's filters as a query string (for "all that match"). */
  filterQuery: string;
  /** A row's name as the list shows it. */
  nameOf: (id: string) => string | undefined;
}) {
  const bulk = useBulkAction('requests');
  const { outcome, perform } = useBulkOutcome(selection);
  const [ownerId, setOwnerId] = useState<string | null>(null);
  const [priority, setPriority] = useState<RequestPriority | null>(null);
  const [status, setStatus] = useState<RequestStatus | null>(null);
  const nothing = !ownerId && !priority && !status;
  const triage = () =>
    perform(
      () =>
        bulk.run({
          action: 'triage',
          ...selectionBody(selection, filterQuery),
          ...(ownerId ? { ownerId } : {}),
          ...(priority ? { priority } : {}),
          ...(status ? { status } : {}),
        }),
      (count) => `Triaged ${count.toLocaleString('en-GB')} ${count === 1 ? 'request' : 'requests'}.`,
    );
  return (
    <BulkActionBar
      noun={['request', 'requests']}
      nameOf={nameOf}
      selection={selection}
      shown={shown}
      matching={matching}
      running={bulk.running}
      progress={bulk.progress}
      outcome={outcome}
    >
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
      <Button onClick={triage} disabled={nothing} loading={bulk.running}>
        Triage selected
      </Button>
    </BulkActionBar>
  );
}
