import { ActionIcon, Button, Card, Group, Select, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconTrash } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { type ApprovalRules, approvalRulesSchema } from '../../../../common/src/contracts/agreements.ts';
import {
  type AgreementKind,
  type AgreementTermField,
  type ApprovalAuthority,
  agreementKindLabels,
  agreementKinds,
  agreementTermFields,
  agreementTermLabels,
  approvalAuthorities,
  approvalAuthorityLabels,
} from '../../../../common/src/labels/agreements.ts';
import { optionsOf } from '../../../../common/src/labels/options.ts';
import { api } from '../../api/client.ts';
import { useUnits, useWrite } from '../../api/hooks.ts';
import { checkWith, saved, showServerErrors } from '../../components/forms.ts';
import { Empty, QueryState } from '../../components/States.tsx';
import { usePageTitle } from '../../components/usePageTitle.ts';

/** "Any" in a select: a rule that leaves the unit, kind or field open. */
const ANY = 'any';
type RuleValues = { key: string; unitId: string; kind: string; field: string; authority: ApprovalAuthority };
type Values = { rules: RuleValues[] };

let nextKey = 0;
const orAny = (v: string | null) => v ?? ANY;
const orNull = <T extends string>(v: string) => (v === ANY ? null : (v as T));
const toBody = (v: Values): ApprovalRules => ({
  rules: v.rules.map((r) => ({
    unitId: orNull(r.unitId),
    kind: orNull<AgreementKind>(r.kind),
    field: orNull<AgreementTermField>(r.field),
    authority: r.authority,
  })),
});

/** Administration of who approves changes to agreements: rules by unit, kind and field. */
export function ApprovalRulesPage() {
  usePageTitle('Agreement approval rules', 'Administration');
  const rules = useQuery({
    queryKey: ['approval-rules'],
    queryFn: () => api<ApprovalRules>('GET', '/agreement-approval-rules'),
  });
  const units = useUnits();
  const write = useWrite('approvalRules', (body: ApprovalRules) =>
    api('PUT', '/agreement-approval-rules', body),
  );
  const form = useForm<Values>({
    initialValues: { rules: [] },
    validate: checkWith(approvalRulesSchema, toBody),
  });
  const unitName = (id: string) => units.data?.items.find((u) => u.id === id)?.name ?? '';
  // biome-ignore lint/correctness/useExhaustiveDependencies: load the saved rules once they and the units arrive
  useEffect(() => {
    if (!rules.data || !units.data) return;
    // Listed by unit, kind and field ("Any" first), as the rules read most naturally.
    const loaded = rules.data.rules
      .map((r) => ({
        key: `rule-${nextKey++}`,
        unitId: orAny(r.unitId),
        kind: orAny(r.kind),
        field: orAny(r.field),
        authority: r.authority,
      }))
      .sort(
        (a, b) =>
          (a.unitId === ANY ? '' : unitName(a.unitId)).localeCompare(
            b.unitId === ANY ? '' : unitName(b.unitId),
          ) ||
          (a.kind === ANY ? -1 : agreementKinds.indexOf(a.kind as AgreementKind)) -
            (b.kind === ANY ? -1 : agreementKinds.indexOf(b.kind as AgreementKind)) ||
          (a.field === ANY ? -1 : agreementTermFields.indexOf(a.field as AgreementTermField)) -
            (b.field === ANY ? -1 : agreementTermFields.indexOf(b.field as AgreementTermField)),
      );
    form.setValues({ rules: loaded });
  }, [rules.data, units.data]);

  const unitOptions = [
    { value: ANY, label: 'Any unit' },
    ...(units.data?.items ?? []).map((u) => ({ value: u.id, label: u.name })),
  ];
  const kindOptions = [{ value: ANY, label: 'Any kind' }, ...optionsOf(agreementKinds, agreementKindLabels)];
  const fieldOptions = [
    { value: ANY, label: 'Any field' },
    ...optionsOf(agreementTermFields, agreementTermLabels),
  ];
  const authorityOptions = optionsOf(approvalAuthorities, approvalAuthorityLabels);

  return (
    <Stack>
      <Title order={2}>Agreement approval rules</Title>
      <Text size="sm">
        Who approves a change to an agreement for the university. For each field a change touches, the most
        specific rule that matches applies (unit before kind before field), and the change needs the highest
        authority among them. Without a matching rule, the relationship's manager approves. A change to the
        rules applies to changes proposed afterwards.
      </Text>
      <Card withBorder component="section" aria-labelledby="approval-rules">
        <Title order={3} size="h4" mb="xs" id="approval-rules">
          Rules
        </Title>
        <QueryState isPending={rules.isPending || units.isPending} error={rules.error ?? units.error}>
          <form
            noValidate
            onSubmit={form.onSubmit((v) =>
              write.mutate(toBody(v), {
                onSuccess: () => saved('Approval rules saved'),
                onError: (e) => showServerErrors(e, form.setErrors),
              }),
            )}
          >
            <Stack gap="sm">
              {form.values.rules.length === 0 && (
                <Empty>No rules: the relationship's manager approves every change.</Empty>
              )}
              {form.values.rules.map((rule, i) => (
                <Card
                  key={rule.key}
                  withBorder
                  padding="sm"
                  component="fieldset"
                  aria-label={`Rule ${i + 1}`}
                >
                  <Group justify="space-between" wrap="nowrap" mb={4}>
                    <Text fw={500} size="sm">
                      Rule {i + 1}
                    </Text>
                    <ActionIcon
                      variant="subtle"
                      color="red.8"
                      onClick={() => form.removeListItem('rules', i)}
                      aria-label={`Remove rule ${i + 1}`}
                    >
                      <IconTrash size={16} />
                    </ActionIcon>
                  </Group>
                  <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }}>
                    <Select
                      label="Unit"
                      data={unitOptions}
                      allowDeselect={false}
                      searchable
                      {...form.getInputProps(`rules.${i}.unitId`)}
                    />
                    <Select
                      label="Kind of agreement"
                      data={kindOptions}
                      allowDeselect={false}
                      {...form.getInputProps(`rules.${i}.kind`)}
                    />
                    <Select
                      label="Field changed"
                      data={fieldOptions}
                      allowDeselect={false}
                      {...form.getInputProps(`rules.${i}.field`)}
                    />
                    <Select
                      label="Approved by"
                      data={authorityOptions}
                      allowDeselect={false}
                      {...form.getInputProps(`rules.${i}.authority`)}
                    />
                  </SimpleGrid>
                  {form.errors[`rules.${i}`] && (
                    <Text c="red.8" size="sm" mt={4} role="alert">
                      {form.errors[`rules.${i}`]}
                    </Text>
                  )}
                </Card>
              ))}
              {form.errors.rules && (
                <Text c="red.8" size="sm" role="alert">
                  {form.errors.rules}
                </Text>
              )}
              <Group justify="space-between">
                <Button
                  variant="default"
                  onClick={() =>
                    form.insertListItem('rules', {
                      key: `rule-${nextKey++}`,
                      unitId: ANY,
                      kind: ANY,
                      field: ANY,
                      authority: 'unit_manager',
                    })
                  }
                >
                  Add a rule
                </Button>
                <Button type="submit" loading={write.isPending}>
                  Save rules
                </Button>
              </Group>
            </Stack>
          </form>
        </QueryState>
      </Card>
    </Stack>
  );
}
