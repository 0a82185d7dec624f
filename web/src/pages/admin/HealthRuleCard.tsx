import { Button, Card, Group, NumberInput, SimpleGrid, Table, Text, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useEffect } from 'react';
import {
  type HealthWeights,
  healthWeightsSchema,
} from '../../../../common/src/contracts/relationship-health.ts';
import { healthPartKeys, healthPartLabels } from '../../../../common/src/labels/relationship-health.ts';
import { useChangeHealthRule, useHealthRules } from '../../api/health.ts';
import { checkWith, formatDateTime, saved, showServerErrors } from '../../components/forms.ts';
import { QueryState } from '../../components/States.tsx';
import { TableBox } from '../../components/TableBox.tsx';

/** The weights of the health score's parts: saving makes a new version, and the earlier ones are listed. */
export function HealthRuleCard() {
  const rules = useHealthRules();
  const form = useForm<HealthWeights>({
    initialValues: {} as HealthWeights,
    validate: checkWith(healthWeightsSchema),
  });
  // biome-ignore lint/correctness/useExhaustiveDependencies: load the rule in force once it arrives
  useEffect(() => {
    if (rules.data) form.setValues(rules.data.current.weights);
  }, [rules.data]);
  const change = useChangeHealthRule();
  return (
    <Card withBorder component="section" aria-labelledby="health-rule">
      <Title order={3} size="h4" mb="xs" id="health-rule">
        Health score weights
      </Title>
      <Text size="sm" mb="xs">
        Saving creates a new version of the rule. Scores are recomputed under it; the daily history keeps the
        version each day was scored with.
      </Text>
      <QueryState isPending={rules.isPending} error={rules.error}>
        <form
          noValidate
          onSubmit={form.onSubmit((v) =>
            change.mutate(v, {
              onSuccess: (r) => saved(`Rule version ${r.current.version} saved`),
              onError: (e) => showServerErrors(e, form.setErrors),
            }),
          )}
        >
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            {healthPartKeys.map((key) => (
              <NumberInput
                key={key}
                label={`${healthPartLabels[key]} (0–100)`}
                allowDecimal={false}
                clampBehavior="none"
                {...form.getInputProps(key)}
              />
            ))}
          </SimpleGrid>
          <Group justify="flex-end" mt="sm">
            <Button type="submit" loading={change.isPending}>
              Save as a new version
            </Button>
          </Group>
        </form>
        <TableBox minWidth={560} label="Versions of the health rule">
          <Table mt="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Version</Table.Th>
                <Table.Th>Weights</Table.Th>
                <Table.Th>Made</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rules.data?.versions.map((v) => (
                <Table.Tr key={v.version}>
                  <Table.Td>{v.version}</Table.Td>
                  <Table.Td>
                    {healthPartKeys.map((k) => `${healthPartLabels[k]} ${v.weights[k]}`).join(' · ')}
                  </Table.Td>
                  <Table.Td>
                    {v.createdAt
                      ? `${formatDateTime(v.createdAt)}${v.createdByName ? `, ${v.createdByName}` : ''}`
                      : 'The first rule'}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </TableBox>
      </QueryState>
    </Card>
  );
}
