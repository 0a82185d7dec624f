import { Button, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useBulkAction } from '../../api/bulk.ts';
import {
  BulkActionBar,
  type Selection,
  selectionBody,
  useBulkOutcome,
} from '../../components/BulkActionBar.tsx';
import { PersonPicker } from '../../components/PersonPicker.tsx';

const plural = (n: number) => `${n.toLocaleString('en-GB')} ${n === 1 ? 'task' : 'tasks'}`;

/** Re-assign, re-date or complete the selected tasks. */
export function TaskBulkActions({
  selection,
  shown,
  matching,
  filterQuery,
  nameOf,
}: {
  selection: Selection;
  shown: number;
  /** How many match in all, when the whole list is loaded (0 when unknown). */
  matching: number;
  filterQuery: string;
  nameOf: (id: string) => string | undefined;
}) {
  const bulk = useBulkAction('tasks');
  const { outcome, perform } = useBulkOutcome(selection);
  const [assigneeId, setAssigneeId] = useState<string | null>(null);
  const [dueOn, setDueOn] = useState('');
  const run = (body: Record<string, unknown>, done: (count: number) => string) =>
    perform(() => bulk.run({ ...body, ...selectionBody(selection, filterQuery) }), done);
  return (
    <BulkActionBar
      noun={['task', 'tasks']}
      nameOf={nameOf}
      selection={selection}
      shown={shown}
      matching={matching}
      running={bulk.running}
      progress={bulk.progress}
      outcome={outcome}
    >
      <PersonPicker
        label="Assign to"
        value={assigneeId}
        onChange={setAssigneeId}
        excludeRoles={['viewer']}
        clearable
        w={220}
      />
      <Button
        variant="default"
        disabled={!assigneeId || bulk.running}
        onClick={() => run({ action: 'reassign', assigneeId }, (n) => `Re-assigned ${plural(n)}.`)}
      >
        Re-assign
      </Button>
      <TextInput
        label="New due date"
        type="date"
        value={dueOn}
        onChange={(e) => setDueOn(e.currentTarget.value)}
      />
      <Button
        variant="default"
        disabled={!dueOn || bulk.running}
        onClick={() => run({ action: 'setDue', dueOn }, (n) => `${plural(n)} now due ${dueOn}.`)}
      >
        Set due date
      </Button>
      <Button
        disabled={bulk.running}
        onClick={() => run({ action: 'complete' }, (n) => `Marked ${plural(n)} done.`)}
      >
        Mark done
      </Button>
    </BulkActionBar>
  );
}
