import { Button, TextInput } from '@mantine/core';
import { useState } from 'react';
import { BulkActions, type BulkListProps } from '../../components/BulkActionBar.tsx';
import { PersonPicker } from '../../components/PersonPicker.tsx';

const plural = (n: number) => `${n.toLocaleString('en-GB')} ${n === 1 ? 'task' : 'tasks'}`;

/** Re-assign, re-date or complete the selected tasks. */
export function TaskBulkActions(props: BulkListProps) {
  const [assigneeId, setAssigneeId] = useState<string | null>(null);
  const [dueOn, setDueOn] = useState('');
  return (
    <BulkActions resource="tasks" noun={['task', 'tasks']} {...props}>
      {(run, running) => (
        <>
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
            disabled={!assigneeId || running}
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
            disabled={!dueOn || running}
            onClick={() => run({ action: 'setDue', dueOn }, (n) => `${plural(n)} now due ${dueOn}.`)}
          >
            Set due date
          </Button>
          <Button
            disabled={running}
            onClick={() => run({ action: 'complete' }, (n) => `Marked ${plural(n)} done.`)}
          >
            Mark done
          </Button>
        </>
      )}
    </BulkActions>
  );
}
