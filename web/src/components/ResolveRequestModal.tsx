import { Button, Group, Modal, NumberInput, Stack, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { transitionBody } from '../../../common/src/contracts/requests.ts';
import { useMoveRequest } from '../api/requests.ts';
import type { RequestMove } from '../api/types.ts';
import { checkWith, saved, showServerErrors } from './forms.ts';

type Props = { request: { id: string; resolution: string | null }; opened: boolean; onClose: () => void };

/** Resolving: what was done, and the partner's satisfaction if they said (refused, not clamped, outside 1–5). */
const toMove = (v: { resolution: string; satisfaction: number | string }): RequestMove => ({
  to: 'resolved',
  resolution: v.resolution,
  ...(v.satisfaction === '' ? {} : { satisfaction: Number(v.satisfaction) }),
});

/** Resolve a request: from its page, or when a card is dropped on the board's Resolved column. */
export function ResolveRequestModal({ request, opened, onClose }: Props) {
  const move = useMoveRequest(request.id);
  const form = useForm<{ resolution: string; satisfaction: number | string }>({
    initialValues: { resolution: request.resolution ?? '', satisfaction: '' },
    validate: checkWith(transitionBody, toMove),
  });
  return (
    <Modal opened={opened} onClose={onClose} title="Resolve the request">
      <form
        noValidate
        onSubmit={form.onSubmit((v) =>
          move.mutate(toMove(v), {
            onSuccess: () => {
              saved('Resolved');
              onClose();
            },
            onError: (e) => showServerErrors(e, form.setErrors, ['resolution', 'satisfaction']),
          }),
        )}
      >
        <Stack gap="sm">
          <Textarea
            label="Resolution"
            description="What was done"
            required
            autosize
            minRows={3}
            data-autofocus
            {...form.getInputProps('resolution')}
          />
          <NumberInput
            label="Partner satisfaction (1–5)"
            description="If the partner has said"
            min={1}
            max={5}
            clampBehavior="none"
            {...form.getInputProps('satisfaction')}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={move.isPending}>
              Resolve
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
