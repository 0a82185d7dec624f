import { Button, Card, Group, NumberInput, SimpleGrid, Text, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import {
  type DisputeTimescales,
  disputeTimescalesSchema,
} from '../../../../common/src/contracts/disputes.ts';
import { disputeStageLabels, timedStages } from '../../../../common/src/labels/disputes.ts';
import { api } from '../../api/client.ts';
import { useDisputeTimescales } from '../../api/disputes.ts';
import { checkWith, saved, showServerErrors } from '../forms.ts';
import { QueryState } from '../States.tsx';

/** The administrator's default days for each dispute stage; an agreement's key terms may set their own. */
export function DisputeTimescalesCard() {
  const timescales = useDisputeTimescales();
  const client = useQueryClient();
  const write = useMutation({
    mutationFn: (body: DisputeTimescales) => api<DisputeTimescales>('PUT', '/dispute-timescales', body),
    onSuccess: () =>
      Promise.all(
        ['dispute-timescales', 'dispute', 'senior-view'].map((key) =>
          client.invalidateQueries({ queryKey: [key] }),
        ),
      ),
  });
  const form = useForm<DisputeTimescales>({
    initialValues: {} as DisputeTimescales,
    validate: checkWith(disputeTimescalesSchema),
  });
  // biome-ignore lint/correctness/useExhaustiveDependencies: load the saved timescales once they arrive
  useEffect(() => {
    if (timescales.data) form.setValues(timescales.data);
  }, [timescales.data]);
  return (
    <Card withBorder component="section" aria-labelledby="dispute-timescales">
      <Title order={3} size="h4" mb="xs" id="dispute-timescales">
        Dispute timescales
      </Title>
      <Text size="sm" mb="xs">
        Days each stage of a dispute may take. An agreement in force whose key terms name a stage’s days (for
        example “formal review within 15 days”) sets its own.
      </Text>
      <QueryState isPending={timescales.isPending} error={timescales.error}>
        <form
          noValidate
          onSubmit={form.onSubmit((v) =>
            write.mutate(v, {
              onSuccess: () => saved('Timescales saved'),
              onError: (e) => showServerErrors(e, form.setErrors),
            }),
          )}
        >
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            {timedStages.map((stage) => (
              <NumberInput
                key={stage}
                label={`${disputeStageLabels[stage]} (days)`}
                min={1}
                max={365}
                clampBehavior="none"
                {...form.getInputProps(stage)}
              />
            ))}
          </SimpleGrid>
          <Group justify="flex-end" mt="sm">
            <Button type="submit" loading={write.isPending}>
              Save timescales
            </Button>
          </Group>
        </form>
      </QueryState>
    </Card>
  );
}
