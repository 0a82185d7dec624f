import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Center,
  CopyButton,
  Group,
  Loader,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { createMilestoneBody } from '../../../../common/src/contracts/initiatives.ts';
import {
  initiativeStatusLabels,
  inputSourceLabels,
  inputStatusLabels,
  involvementLabels,
} from '../../../../common/src/labels/initiatives.ts';
import {
  type Initiative,
  type Input,
  useAddMilestone,
  useInitiative,
  useInitiativeInputs,
  usePublish,
  useReachMilestone,
} from '../../api/initiatives.ts';
import { checkWith, formatDate, saved, showServerErrors } from '../../components/forms.ts';
import { HistoryPanel } from '../../components/HistoryPanel.tsx';
import { Empty } from '../../components/States.tsx';
import { TableBox } from '../../components/TableBox.tsx';
import { usePageTitle } from '../../components/usePageTitle.ts';
import { InitiativeForm } from '../initiatives/InitiativeForm.tsx';
import { InputForm } from './InputForm.tsx';

const statusColour = {
  open: 'gray',
  adopted: 'success',
  adapted: 'rapport',
  not_adopted: 'warning',
} as const;

function PartnersCard({ initiative: i }: { initiative: Initiative }) {
  return (
    <Card withBorder component="section" aria-labelledby="partners-involved">
      <Title order={2} size="h4" id="partners-involved" mb="xs">
        Partners involved
      </Title>
      {i.partners.length === 0 ? (
        <Empty>No partners involved yet.</Empty>
      ) : (
        <Stack gap={4}>
          {i.partners.map((p) => (
            <Group key={p.id} justify="space-between" gap="xs">
              <Anchor component={Link} to={`/partners/${p.id}`}>
                {p.name}
              </Anchor>
              <Badge variant="light">{involvementLabels[p.involvement]}</Badge>
            </Group>
          ))}
        </Stack>
      )}
    </Card>
  );
}

function MilestonesCard({ initiative: i }: { initiative: Initiative }) {
  const add = useAddMilestone(i.id);
  const reach = useReachMilestone(i.id);
  const form = useForm({
    initialValues: { title: '', dueDate: '' },
    validate: checkWith(createMilestoneBody),
  });
  const submit = form.onSubmit((v) =>
    add.mutate(v, {
      onSuccess: () => {
        saved('Milestone added');
        form.reset();
      },
      onError: (e) => showServerErrors(e, form.setErrors, ['title', 'dueDate']),
    }),
  );
  return (
    <Card withBorder component="section" aria-labelledby="milestones">
      <Title order={2} size="h4" id="milestones" mb="xs">
        Milestones
      </Title>
      <Text size="sm" c="dimmed" mb="xs">
        Reaching a milestone e-mails the partners' key contacts a digest of what they said and what was done.
      </Text>
      {i.milestones.length === 0 && <Empty>No milestones yet.</Empty>}
      <Stack gap="xs">
        {i.milestones.map((m) => (
          <Group key={m.id} justify="space-between" wrap="wrap" gap="xs">
            <div>
              <Text fw={500}>{m.title}</Text>
              <Text size="sm" c="dimmed">
                Due {formatDate(m.dueDate)}
                {m.reachedAt ? ` · reached ${formatDate(m.reachedAt)}` : ''}
              </Text>
            </div>
            {m.reachedAt ? (
              <Badge color="rapport" variant="light">
                Reached
              </Badge>
            ) : (
              i.can.update && (
                <Button
                  size="xs"
                  variant="default"
                  loading={reach.isPending && reach.variables === m.id}
                  onClick={() =>
                    reach.mutate(m.id, {
                      onSuccess: () => saved('Milestone reached: the digest is on its way'),
                      onError: (e) => showServerErrors(e, () => undefined),
                    })
                  }
                >
                  Mark “{m.title}” reached
                </Button>
              )
            )}
          </Group>
        ))}
      </Stack>
      {i.can.update && (
        <form onSubmit={submit} noValidate>
          <Group align="flex-end" mt="sm" wrap="wrap">
            <TextInput label="Milestone" style={{ flex: '2 1 12rem' }} {...form.getInputProps('title')} />
            <TextInput
              label="Due"
              type="date"
              style={{ flex: '1 1 9rem' }}
              {...form.getInputProps('dueDate')}
            />
            <Button type="submit" variant="default" loading={add.isPending}>
              Add milestone
            </Button>
          </Group>
        </form>
      )}
    </Card>
  );
}

function PublishingCard({ initiative: i }: { initiative: Initiative }) {
  const publish = usePublish(i.id);
  // The link is stored hashed: the answer to publishing carries it, this once.
  const [made, setMade] = useState<string | null>(null);
  const url = made ? `${window.location.origin}${made}` : null;
  const run = (on: boolean) =>
    publish.mutate(on, {
      onSuccess: (result) => {
        setMade(on ? (result.publication?.path ?? null) : null);
        saved(on ? 'Published at a new private link' : 'Page withdrawn');
      },
      onError: (e) => showServerErrors(e, () => undefined),
    });
  return (
    <Card withBorder component="section" aria-labelledby="publishing">
      <Title order={2} size="h4" id="publishing" mb="xs">
        Publishing
      </Title>
      {i.publication ? (
        <Stack gap="xs">
          <Text size="sm">
            The “you said, we did” page is published (since {formatDate(i.publication.publishedAt)}). Anyone
            with its private link can read it, without an account: it shows only the items marked for
            publishing. Each milestone digest carries a link too.
          </Text>
          {url ? (
            <>
              <TextInput
                label="Private link"
                description="Shown this once: copy it now. Rapport keeps only a fingerprint of it."
                value={url}
                readOnly
                onFocus={(e) => e.currentTarget.select()}
              />
              <Group gap="xs">
                <CopyButton value={url}>
                  {({ copied, copy }) => (
                    <Button variant="default" onClick={copy}>
                      {copied ? 'Copied' : 'Copy link'}
                    </Button>
                  )}
                </CopyButton>
                <Button component="a" href={made!} target="_blank" variant="default">
                  Open the page
                </Button>
              </Group>
            </>
          ) : (
            <Text size="sm" c="dimmed">
              The link was shown when it was made. To share it again, make a new link: the links given out
              before stop working.
            </Text>
          )}
          {i.can.update && (
            <Group gap="xs">
              <Button variant="default" onClick={() => run(true)} loading={publish.isPending}>
                New link
              </Button>
              <Button variant="subtle" color="red" onClick={() => run(false)} loading={publish.isPending}>
                Withdraw
              </Button>
            </Group>
          )}
        </Stack>
      ) : (
        <Group justify="space-between" wrap="wrap">
          <Text size="sm">
            Not published. Publishing gives a private link to share with the partners involved.
          </Text>
          {i.can.update && (
            <Button onClick={() => run(true)} loading={publish.isPending}>
              Publish
            </Button>
          )}
        </Group>
      )}
    </Card>
  );
}

function InputLog({ initiative: i }: { initiative: Initiative }) {
  const inputs = useInitiativeInputs(i.id);
  const [editing, setEditing] = useState<Input | null>(null);
  const [adding, setAdding] = useState(false);
  const items = inputs.data?.items ?? [];
  return (
    <Card withBorder component="section" aria-labelledby="you-said-we-did">
      <Group justify="space-between" mb="xs" wrap="wrap">
        <Title order={2} size="h4" id="you-said-we-did">
          You said, we did
        </Title>
        {i.can.respond && (
          <Button onClick={() => setAdding(true)} disabled={i.partners.length === 0}>
            Record input
          </Button>
        )}
      </Group>
      {inputs.isPending && (
        <Center role="status" aria-label="Loading the input">
          <Loader size="sm" aria-hidden />
        </Center>
      )}
      {inputs.error && (
        <Alert color="red" role="alert">
          {inputs.error.message}
        </Alert>
      )}
      {inputs.data && items.length === 0 && <Empty>No input recorded yet.</Empty>}
      {items.length > 0 && (
        <TableBox label="You said, we did" minWidth={720}>
          <Table verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Partner</Table.Th>
                <Table.Th>You said</Table.Th>
                <Table.Th>We did</Table.Th>
                <Table.Th>Status</Table.Th>
                {i.can.respond && <Table.Th>Action</Table.Th>}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((input) => (
                <Table.Tr key={input.id}>
                  <Table.Td>{input.partner.name}</Table.Td>
                  <Table.Td>
                    <Text size="sm">{input.summary}</Text>
                    {input.source && (
                      <Text size="xs" c="dimmed">
                        {inputSourceLabels[input.source.kind]}: {input.source.label}
                      </Text>
                    )}
                    {input.internalNote && (
                      <Text size="xs" c="dimmed">
                        Internal: {input.internalNote}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{input.response ?? '—'}</Text>
                    {input.reason && (
                      <Text size="xs" c="dimmed">
                        Why not: {input.reason}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Stack gap={4} align="flex-start">
                      <Badge variant="light" color={statusColour[input.status]}>
                        {inputStatusLabels[input.status]}
                      </Badge>
                      {input.withheld ? (
                        <Badge variant="outline" color="gray" title="Its source is confidential">
                          Never published
                        </Badge>
                      ) : (
                        input.published && (
                          <Badge variant="outline" color="rapport">
                            Published
                          </Badge>
                        )
                      )}
                    </Stack>
                  </Table.Td>
                  {i.can.respond && (
                    <Table.Td>
                      <Button size="xs" variant="default" onClick={() => setEditing(input)}>
                        Respond<span className="visually-hidden"> to “{input.summary}”</span>
                      </Button>
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </TableBox>
      )}
      <InputForm initiative={i} opened={adding} onClose={() => setAdding(false)} />
      {editing && <InputForm initiative={i} input={editing} opened onClose={() => setEditing(null)} />}
    </Card>
  );
}

/** One initiative: who is involved and how, its milestones, its "you said, we did" log, and publishing. */
export function InitiativePage() {
  const { id = '' } = useParams();
  const initiative = useInitiative(id);
  const [editing, setEditing] = useState(false);
  usePageTitle(initiative.data?.title, 'Initiatives');
  if (initiative.isPending)
    return (
      <Center p="xl" role="status" aria-label="Loading the initiative">
        <Loader aria-hidden />
      </Center>
    );
  if (initiative.error)
    return (
      <Alert color="red" role="alert" title="Could not load this initiative">
        {initiative.error.message}
      </Alert>
    );
  const i = initiative.data;
  return (
    <Stack>
      <div>
        <Anchor component={Link} to="/initiatives" size="sm">
          Initiatives
        </Anchor>
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Title order={1} size="h2" style={{ overflowWrap: 'anywhere' }}>
            {i.title}
          </Title>
          {i.can.update && (
            <Button variant="default" onClick={() => setEditing(true)}>
              Edit
            </Button>
          )}
        </Group>
        <Group gap="xs" mt={4}>
          <Badge variant="light">{initiativeStatusLabels[i.status]}</Badge>
          <Text size="sm" c="dimmed">
            {i.unit.name} · owner {i.owner.name}
            {i.startDate ? ` · starts ${formatDate(i.startDate)}` : ''}
          </Text>
        </Group>
        {i.description && (
          <Text mt="xs" style={{ whiteSpace: 'pre-wrap' }}>
            {i.description}
          </Text>
        )}
      </div>
      <InputLog initiative={i} />
      <PartnersCard initiative={i} />
      <MilestonesCard initiative={i} />
      <PublishingCard initiative={i} />
      <HistoryPanel entity="initiative" id={i.id} />
      <InitiativeForm opened={editing} onClose={() => setEditing(false)} initiative={i} />
    </Stack>
  );
}
