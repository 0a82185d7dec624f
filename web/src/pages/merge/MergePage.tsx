import {
  Alert,
  Anchor,
  Button,
  Card,
  Group,
  List,
  Radio,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMemo, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import {
  MERGE_MAX,
  type MergeBody,
  mergeFields,
  mergeListFields,
} from '../../../../common/src/contracts/merges.ts';
import { consentStatusLabels, lawfulBasisLabels } from '../../../../common/src/labels/contacts.ts';
import { type MergeKind, mergeKinds } from '../../../../common/src/labels/merges.ts';
import { partnerStatusLabels } from '../../../../common/src/labels/partners.ts';
import { usePartnerTypes, useSession, useUnits } from '../../api/hooks.ts';
import { useMergePreview, useMergeRecords } from '../../api/merges.ts';
import { formatDate } from '../../components/forms.ts';
import { QueryState } from '../../components/States.tsx';
import { usePageTitle } from '../../components/usePageTitle.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const pathOf = { partner: 'partners', contact: 'contacts' } as const;

/** A field's value in words: names for ids, labels for codes, "—" for nothing. */
function useWords() {
  const types = usePartnerTypes();
  const units = useUnits();
  return (field: string, value: unknown, names: Map<string, string>): string => {
    if (value === null || value === undefined || value === '') return 'None';
    if (Array.isArray(value)) return value.length ? value.join(', ') : 'None';
    if (typeof value === 'boolean') return value ? 'Yes' : 'No';
    const text = String(value);
    if (field === 'typeId') return types.data?.items.find((t) => t.id === text)?.name ?? text;
    if (field === 'unitId') return units.data?.items.find((u) => u.id === text)?.name ?? text;
    if (field === 'parentId') return names.get(text) ?? 'Another partner';
    if (field === 'status') return partnerStatusLabels[text as keyof typeof partnerStatusLabels] ?? text;
    if (field === 'consentStatus')
      return consentStatusLabels[text as keyof typeof consentStatusLabels] ?? text;
    if (field === 'lawfulBasis') return lawfulBasisLabels[text as keyof typeof lawfulBasisLabels] ?? text;
    if (field === 'consentRecordedOn') return formatDate(text);
    return text;
  };
}

/**
 * Two or more partners (or contacts) side by side: which one remains, which value of each
 * field survives, and what the merge would move (asked of the server as the choices change).
 */
export function MergePage() {
  const [params] = useSearchParams();
  const kind = (mergeKinds as readonly string[]).includes(params.get('kind') ?? '')
    ? (params.get('kind') as MergeKind)
    : 'partner';
  const ids = useMemo(
    () =>
      [...new Set((params.get('ids') ?? '').split(',').filter((id) => UUID.test(id)))].slice(0, MERGE_MAX),
    [params],
  );
  const noun = kind === 'partner' ? 'partners' : 'contacts';
  usePageTitle(`Merge ${noun}`, 'Duplicates');
  const session = useSession();
  const navigate = useNavigate();
  const [survivorId, setSurvivorId] = useState(ids[0] ?? '');
  const [fields, setFields] = useState<Record<string, string>>({});
  const body: MergeBody | null =
    ids.length >= 2 && survivorId
      ? { kind, survivorId, mergedIds: ids.filter((id) => id !== survivorId), fields }
      : null;
  const preview = useMergePreview(body);
  const merge = useMergeRecords();
  const words = useWords();

  if (!session.data?.abilities.mergeRecords)
    return (
      <Stack>
        <Title order={2}>Merge {noun}</Title>
        <Text>Only administrators merge records.</Text>
      </Stack>
    );
  if (ids.length < 2)
    return (
      <Stack>
        <Title order={2}>Merge {noun}</Title>
        <Text>
          Choose two or more records to merge from the{' '}
          <Anchor component={Link} to={`/duplicates?kind=${kind}`}>
            duplicates
          </Anchor>
          .
        </Text>
      </Stack>
    );

  const data = preview.data;
  const names = new Map(data?.records.map((r) => [r.id, r.name]) ?? []);
  const survivorName = names.get(survivorId) ?? '';
  const labels = mergeFields[kind] as Record<string, string>;
  const submit = () => {
    if (!body) return;
    merge.mutate(body, {
      onSuccess: (done) => {
        notifications.show({
          color: 'green',
          title: 'Merged',
          message: `${done.mergedNames.join(', ')} merged into ${done.survivorName}. It can be undone from its page.`,
        });
        navigate(`/${pathOf[kind]}/${done.survivorId}`);
      },
    });
  };

  return (
    <Stack>
      <Title order={2}>Merge {noun}</Title>
      <QueryState isPending={preview.isPending} error={preview.isPlaceholderData ? null : preview.error}>
        {data && (
          <>
            <Card withBorder component="section" aria-labelledby="keep-heading">
              <Title order={3} size="h4" id="keep-heading">
                Which record remains
              </Title>
              <Text size="sm" mb="xs">
                The others are merged into it: their touch points, requests, tasks, contacts and every other
                link move to it.
              </Text>
              <Radio.Group
                value={survivorId}
                onChange={setSurvivorId}
                label={`The ${kind} that remains`}
                name="survivor"
              >
                <Stack gap={6} mt={4}>
                  {data.records.map((r) => (
                    <Radio key={r.id} value={r.id} label={r.name} />
                  ))}
                </Stack>
              </Radio.Group>
            </Card>
            <Card withBorder component="section" aria-labelledby="fields-heading">
              <Title order={3} size="h4" id="fields-heading">
                Which value survives
              </Title>
              <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md" mt="xs">
                {Object.entries(labels).map(([field, label]) => {
                  const isList = mergeListFields[kind].includes(field);
                  const chosen = fields[field] ?? (isList ? 'all' : survivorId);
                  const distinct = new Set(data.records.map((r) => JSON.stringify(r.values[field] ?? null)));
                  return (
                    <Radio.Group
                      key={field}
                      label={label}
                      value={chosen}
                      onChange={(value) => setFields((f) => ({ ...f, [field]: value }))}
                      name={`field-${field}`}
                    >
                      <Stack gap={4} mt={4}>
                        {distinct.size === 1 ? (
                          <Text size="sm">
                            {words(field, data.records[0]!.values[field], names)} (the same in all)
                          </Text>
                        ) : (
                          <>
                            {data.records.map((r) => (
                              <Radio
                                key={r.id}
                                value={r.id}
                                label={`${words(field, r.values[field], names)} — from ${r.name}`}
                                styles={{ label: { overflowWrap: 'anywhere' } }}
                              />
                            ))}
                            {isList && <Radio value="all" label="All of them together" />}
                          </>
                        )}
                      </Stack>
                    </Radio.Group>
                  );
                })}
              </SimpleGrid>
            </Card>
            <Card withBorder component="section" aria-labelledby="moves-heading">
              <Title order={3} size="h4" id="moves-heading">
                What moves to {survivorName}
              </Title>
              {data.moves.length === 0 ? (
                <Text size="sm">Nothing is linked to the other records.</Text>
              ) : (
                <List size="sm" mt="xs">
                  {data.moves.map((m) => (
                    <List.Item key={m.link}>
                      {m.label}: {m.count}
                    </List.Item>
                  ))}
                </List>
              )}
              {data.conflicts.length > 0 && (
                <>
                  <Text size="sm" fw={600} mt="sm">
                    Duplicates that become one
                  </Text>
                  <List size="sm">
                    {data.conflicts.map((c) => (
                      <List.Item key={c.label}>
                        {c.label}: {c.count}
                      </List.Item>
                    ))}
                  </List>
                </>
              )}
            </Card>
            {preview.error && !preview.isPending && (
              <Alert color="red" role="alert" title="This merge cannot be made">
                {preview.error.message}
              </Alert>
            )}
            {merge.error && (
              <Alert color="red" role="alert" title="The merge was not made">
                {merge.error.message}
              </Alert>
            )}
            <Group justify="flex-end">
              <Button variant="default" component={Link} to={`/duplicates?kind=${kind}`}>
                Cancel
              </Button>
              <Button onClick={submit} loading={merge.isPending} disabled={preview.isFetching}>
                Merge into {survivorName}
              </Button>
            </Group>
          </>
        )}
      </QueryState>
    </Stack>
  );
}
