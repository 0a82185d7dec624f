import { Button, Fieldset, Group, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { optionsOf } from '../../../../common/src/labels/options.ts';
import { type Role, roleLabels, roles } from '../../../../common/src/labels/users.ts';

export type RuleValues = { claim: string; value: string; role: string; unitId: string };
type AccountValues = { defaultRole: Role; defaultUnitId: string; rules: RuleValues[] };

export const toRules = (rules: RuleValues[]) =>
  rules.map((r) => ({
    claim: r.claim,
    value: r.value,
    role: (r.role || null) as Role | null,
    unitId: r.unitId || null,
  }));

/**
 * What a first sign-in gives a new account: the default role and unit, and the rules that map a
 * claim (OpenID Connect) or attribute (SAML) to a role or unit. Shared by both kinds of provider.
 */
export function NewAccountsFieldset<V extends AccountValues>({
  form: anyForm,
  unitOptions,
  claimWord,
}: {
  form: UseFormReturnType<V>;
  unitOptions: { value: string; label: string }[];
  claimWord: 'claim' | 'attribute';
}) {
  const form = anyForm as unknown as UseFormReturnType<AccountValues>;
  const Claim = claimWord === 'claim' ? 'Claim' : 'Attribute';
  return (
    <Fieldset legend="New accounts">
      <Stack gap="sm">
        <Text size="sm">
          The first sign-in creates the account. A rule gives its role or unit when{' '}
          {claimWord === 'claim' ? 'a claim' : 'an attribute'} has a value (a list {claimWord}, such as{' '}
          {claimWord === 'claim' ? 'groups' : 'eduPersonScopedAffiliation'}, when it holds it); the first
          matching rule decides.
        </Text>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            label="Default role"
            data={optionsOf(roles, roleLabels)}
            allowDeselect={false}
            {...form.getInputProps('defaultRole')}
          />
          <Select
            label="Default unit"
            clearable
            searchable
            data={unitOptions}
            {...form.getInputProps('defaultUnitId')}
          />
        </SimpleGrid>
        {form.values.rules.map((_, i) => (
          <Fieldset
            // biome-ignore lint/suspicious/noArrayIndexKey: rules have no id; their place is what they are
            key={i}
            legend={`Rule ${i + 1}`}
          >
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
              <TextInput
                label={Claim}
                placeholder={claimWord === 'claim' ? 'department' : 'eduPersonScopedAffiliation'}
                {...form.getInputProps(`rules.${i}.claim`)}
              />
              <TextInput
                label="Value"
                placeholder={claimWord === 'claim' ? 'IT Services' : 'staff@northmoor.ac.uk'}
                {...form.getInputProps(`rules.${i}.value`)}
              />
              <Select
                label="Gives the role"
                clearable
                data={optionsOf(roles, roleLabels)}
                {...form.getInputProps(`rules.${i}.role`)}
              />
              <Select
                label="Gives the unit"
                clearable
                searchable
                data={unitOptions}
                {...form.getInputProps(`rules.${i}.unitId`)}
              />
            </SimpleGrid>
            <Button
              mt="xs"
              size="compact-sm"
              variant="default"
              onClick={() => form.removeListItem('rules', i)}
            >
              Remove rule {i + 1}
            </Button>
          </Fieldset>
        ))}
        <Group>
          <Button
            variant="default"
            onClick={() => form.insertListItem('rules', { claim: '', value: '', role: '', unitId: '' })}
          >
            Add a rule
          </Button>
        </Group>
      </Stack>
    </Fieldset>
  );
}
