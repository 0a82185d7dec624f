import {
  Badge,
  Button,
  Group,
  Modal,
  Select,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import {
  isBuiltInPurpose,
  type PurposeDto,
  purposeKey,
  type SavePurpose,
  savePurposeBody,
} from '../../../../common/src/contracts/personal-data.ts';
import { type LawfulBasis, lawfulBases, lawfulBasisLabels } from '../../../../common/src/labels/contacts.ts';
import { optionsOf } from '../../../../common/src/labels/options.ts';
import { usePurposes, useRetirePurpose, useSavePurpose } from '../../api/personalData.ts';
import { blankToNull, checkWith, formatDate, saved, showServerErrors } from '../../components/forms.ts';
import { Empty, QueryState } from '../../components/States.tsx';
import { TableBox } from '../../components/TableBox.tsx';
import { usePageTitle } from '../../components/usePageTitle.ts';

type Values = { key: string; name: string; description: string; lawfulBasis: LawfulBasis; dataHeld: string };
const toBody = ({ key: _key, ...v }: Values): SavePurpose => blankToNull(v) as SavePurpose;
/** "Alumni mentoring" → "alumni_mentoring": the key a new purpose is given unless one is typed. */
const keyOf = (name: string) =>
  name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^[^a-z]+|_+$/g, '')
    .slice(0, 60);

function PurposeForm({ purpose, close }: { purpose?: PurposeDto; close: () => void }) {
  const [keyTyped, setKeyTyped] = useState(false);
  const validateBody = checkWith(savePurposeBody, toBody);
  const form = useForm<Values>({
    initialValues: {
      key: purpose?.key ?? '',
      name: purpose?.name ?? '',
      description: purpose?.description ?? '',
      lawfulBasis: purpose?.lawfulBasis ?? 'consent',
      dataHeld: purpose?.dataHeld ?? '',
    },
    validate: (values) => {
      const errors = validateBody(values);
      if (!purpose) {
        const key = purposeKey.safeParse(values.key);
        if (!key.success) errors.key = key.error.issues[0]?.message ?? 'Not a key';
      }
      return errors;
    },
  });
  const save = useSavePurpose();
  const submit = form.onSubmit((v) =>
    save.mutate(
      { key: purpose?.key ?? v.key, body: toBody(v), version: purpose?.version },
      {
        onSuccess: () => {
          saved(purpose ? `${v.name} changed` : `${v.name} added`);
          close();
        },
        onError: (e) => showServerErrors(e, form.setErrors),
      },
    ),
  );
  const name = form.getInputProps('name');
  return (
    <form noValidate onSubmit={submit}>
      <Stack gap="sm">
        <TextInput
          label="Name"
          required
          data-autofocus
          {...name}
          onChange={(e) => {
            name.onChange(e);
            if (!purpose && !keyTyped) form.setFieldValue('key', keyOf(e.currentTarget.value));
          }}
        />
        {purpose ? null : (
          <TextInput
            label="Key"
            required
            description="Lower-case letters, digits and underscores; it cannot be changed later"
            {...form.getInputProps('key')}
            onChange={(e) => {
              setKeyTyped(true);
              form.setFieldValue('key', e.currentTarget.value);
            }}
          />
        )}
        <Select
          label="Lawful basis"
          description="Consent: nobody is contacted without it. Any other basis: everyone until they withdraw."
          required
          allowDeselect={false}
          data={optionsOf(lawfulBases, lawfulBasisLabels)}
          {...form.getInputProps('lawfulBasis')}
        />
        <Textarea label="Description" autosize minRows={2} {...form.getInputProps('description')} />
        <Textarea label="Personal data held" autosize minRows={2} {...form.getInputProps('dataHeld')} />
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>
            Cancel
          </Button>
          <Button type="submit" loading={save.isPending}>
            {purpose ? 'Save purpose' : 'Add purpose'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function RetireDialog({ purpose, close }: { purpose: PurposeDto; close: () => void }) {
  const retire = useRetirePurpose();
  const retiring = !purpose.retiredAt;
  const go = () =>
    retire.mutate(
      { purpose, retire: retiring },
      {
        onSuccess: () => {
          saved(retiring ? `${purpose.name} retired` : `${purpose.name} brought back`);
          close();
        },
        onError: (e) => showServerErrors(e, () => undefined),
      },
    );
  return (
    <Stack gap="sm">
      <Text>
        {retiring
          ? 'Nobody will be contacted for this purpose and no new decision can be recorded for it. The decisions already recorded stay in each contact’s history.'
          : 'Contacts will be asked about this purpose again, and contacted for it as their decisions allow.'}
      </Text>
      <Group justify="flex-end">
        <Button variant="default" onClick={close}>
          Cancel
        </Button>
        <Button color={retiring ? 'red' : undefined} loading={retire.isPending} onClick={go}>
          {retiring ? 'Retire purpose' : 'Bring back'}
        </Button>
      </Group>
    </Stack>
  );
}

/** Administrators list, add, rename and retire the purposes contacts consent to be contacted for. */
export function PurposesPage() {
  usePageTitle('Consent purposes', 'Administration');
  const purposes = usePurposes();
  const [editing, setEditing] = useState<PurposeDto | 'new' | null>(null);
  const [retiring, setRetiring] = useState<PurposeDto | null>(null);
  return (
    <Stack>
      <Group justify="space-between" wrap="wrap">
        <Title order={2}>Consent purposes</Title>
        <Button onClick={() => setEditing('new')}>Add a purpose</Button>
      </Group>
      <Text>
        What contacts may be contacted for, each with its lawful basis. Every contact’s decisions are recorded
        per purpose on their page.
      </Text>
      <QueryState isPending={purposes.isPending} error={purposes.error}>
        {purposes.data?.items.length ? (
          <TableBox label="Consent purposes" minWidth={720}>
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Purpose</Table.Th>
                  <Table.Th>Lawful basis</Table.Th>
                  <Table.Th>Personal data held</Table.Th>
                  <Table.Th>Status</Table.Th>
                  {/* Visible: a visually hidden heading would sit outside the scrolling box on a phone. */}
                  <Table.Th>Actions</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {purposes.data.items.map((p) => (
                  <Table.Tr key={p.key}>
                    <Table.Td>
                      <Text size="sm" fw={500}>
                        {p.name}
                      </Text>
                      {p.description ? (
                        <Text size="xs" c="dimmed">
                          {p.description}
                        </Text>
                      ) : null}
                    </Table.Td>
                    <Table.Td>{lawfulBasisLabels[p.lawfulBasis]}</Table.Td>
                    <Table.Td>{p.dataHeld ?? '—'}</Table.Td>
                    <Table.Td>
                      {p.retiredAt ? (
                        <Badge color="gray.7">Retired {formatDate(p.retiredAt)}</Badge>
                      ) : (
                        <Badge color="#216e39">In use</Badge>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Group gap="xs" wrap="nowrap">
                        <Button
                          size="compact-xs"
                          variant="subtle"
                          onClick={() => setEditing(p)}
                          aria-label={`Change ${p.name}`}
                        >
                          Change
                        </Button>
                        {isBuiltInPurpose(p.key) ? null : (
                          <Button
                            size="compact-xs"
                            variant="subtle"
                            color={p.retiredAt ? undefined : 'red'}
                            onClick={() => setRetiring(p)}
                            aria-label={`${p.retiredAt ? 'Bring back' : 'Retire'} ${p.name}`}
                          >
                            {p.retiredAt ? 'Bring back' : 'Retire'}
                          </Button>
                        )}
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </TableBox>
        ) : (
          <Empty>No purposes yet.</Empty>
        )}
      </QueryState>
      <Text size="sm" c="dimmed">
        Events and invitations, surveys and initiative updates are what Rapport itself sends for: they can be
        renamed, not retired.
      </Text>
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing === 'new' ? 'Add a purpose' : editing ? `Change ${editing.name}` : ''}
      >
        {editing !== null && (
          <PurposeForm purpose={editing === 'new' ? undefined : editing} close={() => setEditing(null)} />
        )}
      </Modal>
      <Modal
        opened={retiring !== null}
        onClose={() => setRetiring(null)}
        title={retiring ? `${retiring.retiredAt ? 'Bring back' : 'Retire'} ${retiring.name}?` : ''}
      >
        {retiring && <RetireDialog purpose={retiring} close={() => setRetiring(null)} />}
      </Modal>
    </Stack>
  );
}
