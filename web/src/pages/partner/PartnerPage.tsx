import {
  Anchor,
  Badge,
  Button,
  Card,
  Grid,
  Group,
  Loader,
  Modal,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { partnerStatusLabels } from '../../../../common/src/contracts/partners.ts';
import { relationshipStageLabels } from '../../../../common/src/contracts/relationships.ts';
import { partnerTimelineList } from '../../../../common/src/lists/touchpoints.ts';
import { useOverview, usePartnerTimeline, useSession, useUnits } from '../../api/hooks.ts';
import { AttachmentsPanel } from '../../components/AttachmentsPanel.tsx';
import { CadenceBadge } from '../../components/CadenceBadge.tsx';
import { ContactForm } from '../../components/ContactForm.tsx';
import { formatDate } from '../../components/forms.ts';
import { HistoryPanel } from '../../components/HistoryPanel.tsx';
import { ListFilterBar } from '../../components/ListFilterBar.tsx';
import { LogTouchpointModal } from '../../components/LogTouchpointModal.tsx';
import { PartnerForm } from '../../components/PartnerForm.tsx';
import { PartnerRequests } from '../../components/PartnerRequests.tsx';
import { RaiseRequestModal } from '../../components/RaiseRequestModal.tsx';
import { RelationshipEscalationModal } from '../../components/RelationshipEscalationModal.tsx';
import { RelationshipForm } from '../../components/RelationshipForm.tsx';
import { Empty, QueryState } from '../../components/States.tsx';
import { TableBox } from '../../components/TableBox.tsx';
import { TaskForm } from '../../components/TaskForm.tsx';
import { TaskList } from '../../components/TaskList.tsx';
import { Timeline } from '../../components/Timeline.tsx';
import { useListParams } from '../../components/useListParams.ts';
import { usePageTitle } from '../../components/usePageTitle.ts';
import { PartnerDetails } from './PartnerDetails.tsx';

/** Partner 360: what a member of staff reads before they call. */
export function PartnerPage() {
  const { id = '' } = useParams();
  const session = useSession();
  const overview = useOverview(id);
  const units = useUnits();
  // The timeline's filters live in the address, so a reload or a shared link shows the same entries.
  const filters = useListParams(partnerTimelineList);
  const timeline = usePartnerTimeline(id, filters.queryString, overview.data?.timeline);
  const entries = timeline.data?.pages.flatMap((p) => p.items) ?? [];
  const [dialog, setDialog] = useState<
    'edit' | 'log' | 'contact' | 'relationship' | 'request' | 'task' | null
  >(null);
  const [editingRelationship, setEditingRelationship] = useState<string | null>(null);
  const [filesOf, setFilesOf] = useState<{ id: string; unitName: string } | null>(null);
  const [escalating, setEscalating] = useState<{ id: string; unitName: string } | null>(null);
  const [relationshipHistory, setRelationshipHistory] = useState<{ id: string; unitName: string } | null>(
    null,
  );
  const can = session.data?.abilities;
  const o = overview.data;
  usePageTitle(o?.partner.name, 'Partners');

  return (
    <QueryState isPending={overview.isPending} error={overview.error}>
      {o && (
        <Stack>
          <Group justify="space-between" align="flex-start">
            <div>
              <Title order={2}>{o.partner.name}</Title>
              <Group gap="xs" mt={4}>
                <Badge>{o.partner.typeName}</Badge>
                <Badge color={o.partner.status === 'active' ? '#216e39' : 'gray.7'}>
                  {partnerStatusLabels[o.partner.status]}
                </Badge>
                {o.partner.parentName && (
                  <Text size="sm">
                    Part of{' '}
                    <Anchor component={Link} to={`/partners/${o.partner.parentId}`}>
                      {o.partner.parentName}
                    </Anchor>
                  </Text>
                )}
              </Group>
              <Text size="sm" mt={4}>
                Relationship managers:{' '}
                {o.relationships.map((r) => `${r.managerName ?? 'none'} (${r.unitName})`).join(', ') ||
                  'none yet'}
              </Text>
            </div>
            <Group>
              {can?.editSharedRecord && (
                <Button variant="default" onClick={() => setDialog('edit')}>
                  Edit partner
                </Button>
              )}
              {can?.raiseRequests && (
                <Button variant="default" onClick={() => setDialog('request')}>
                  Raise request
                </Button>
              )}
              {can?.editSharedRecord && <Button onClick={() => setDialog('log')}>Log touch point</Button>}
            </Group>
          </Group>
          <Grid>
            <Grid.Col span={{ base: 12, lg: 7 }}>
              <Card withBorder>
                <Group justify="space-between" mb="sm">
                  <Title order={3} size="h4">
                    Relationships by unit
                  </Title>
                  {can?.manageRelationships && (
                    <Button size="xs" variant="light" onClick={() => setDialog('relationship')}>
                      Start a relationship
                    </Button>
                  )}
                </Group>
                {o.relationships.length ? (
                  <TableBox minWidth={640} label="Relationships with this partner">
                    <Table>
                      <Table.Thead>
                        <Table.Tr>
                          <Table.Th>Unit</Table.Th>
                          <Table.Th>Manager</Table.Th>
                          <Table.Th>Stage</Table.Th>
                          <Table.Th>Last contact</Table.Th>
                          <Table.Th>Cadence</Table.Th>
                          <Table.Th>
                            <span className="visually-hidden">Actions</span>
                          </Table.Th>
                        </Table.Tr>
                      </Table.Thead>
                      <Table.Tbody>
                        {o.relationships.map((r) => (
                          <Table.Tr key={r.id}>
                            <Table.Td>
                              {r.unitName}
                              {r.objectives && (
                                <Text size="xs" c="dimmed" lineClamp={3} title={r.objectives}>
                                  Objectives: {r.objectives}
                                </Text>
                              )}
                            </Table.Td>
                            <Table.Td>
                              {r.managerName ?? '—'}
                              {r.deputies.length > 0 && (
                                <Text size="xs" c="dimmed">
                                  Deputy: {r.deputies.map((d) => d.name).join(', ')}
                                </Text>
                              )}
                            </Table.Td>
                            <Table.Td>
                              {relationshipStageLabels[r.stage]}
                              {r.reviewDate && (
                                <Text size="xs" c="dimmed">
                                  Review: {formatDate(r.reviewDate)}
                                </Text>
                              )}
                            </Table.Td>
                            <Table.Td>{formatDate(r.lastContactAt)}</Table.Td>
                            <Table.Td>
                              <CadenceBadge status={r.cadenceStatus} />
                            </Table.Td>
                            <Table.Td>
                              <Group gap={4} wrap="nowrap">
                                <Button
                                  size="compact-xs"
                                  variant="subtle"
                                  onClick={() => setFilesOf({ id: r.id, unitName: r.unitName })}
                                  aria-label={`Files of the ${r.unitName} relationship`}
                                >
                                  Files
                                </Button>
                                {r.can.update && (
                                  <Button
                                    size="compact-xs"
                                    variant="subtle"
                                    onClick={() => setEditingRelationship(r.id)}
                                    aria-label={`Change the ${r.unitName} relationship`}
                                  >
                                    Change
                                  </Button>
                                )}
                                {r.can.escalate && (
                                  <Button
                                    size="compact-xs"
                                    variant="subtle"
                                    onClick={() => setEscalating({ id: r.id, unitName: r.unitName })}
                                    aria-label={`Escalate the ${r.unitName} relationship`}
                                  >
                                    Escalate
                                  </Button>
                                )}
                                <Button
                                  size="compact-xs"
                                  variant="subtle"
                                  onClick={() => setRelationshipHistory({ id: r.id, unitName: r.unitName })}
                                  aria-label={`History of the ${r.unitName} relationship`}
                                >
                                  History
                                </Button>
                              </Group>
                            </Table.Td>
                          </Table.Tr>
                        ))}
                      </Table.Tbody>
                    </Table>
                  </TableBox>
                ) : (
                  <Empty>No unit has a relationship with this partner yet.</Empty>
                )}
              </Card>
            </Grid.Col>
            <Grid.Col span={{ base: 12, lg: 5 }}>
              <Stack>
                <PartnerDetails partner={o.partner} canEdit={Boolean(can?.editSharedRecord)} />
                <Card withBorder>
                  <Group justify="space-between" mb="sm">
                    <Title order={3} size="h4">
                      Key contacts
                    </Title>
                    <Anchor component={Link} to={`/contacts?partnerId=${o.partner.id}`} size="sm">
                      All contacts
                    </Anchor>
                    {can?.editSharedRecord && (
                      <Button size="xs" variant="light" onClick={() => setDialog('contact')}>
                        Add a contact
                      </Button>
                    )}
                  </Group>
                  {o.keyContacts.length ? (
                    <Stack gap="xs">
                      {o.keyContacts.map((c) => (
                        <div key={c.contactId}>
                          <Anchor component={Link} to={`/contacts/${c.contactId}`} fw={600}>
                            {c.name}
                          </Anchor>
                          {c.isKeyContact && (
                            <Badge size="xs" ml="xs">
                              Key
                            </Badge>
                          )}
                          <Text size="sm">{c.role}</Text>
                          <Text size="sm" c="dimmed">
                            {[...c.emails, ...c.phones].join(' · ')}
                          </Text>
                        </div>
                      ))}
                    </Stack>
                  ) : (
                    <Empty>No contacts yet.</Empty>
                  )}
                </Card>
              </Stack>
            </Grid.Col>
            <Grid.Col span={{ base: 12, lg: 8 }}>
              <Card withBorder>
                <Title order={3} size="h4" mb="sm" id="partner-timeline">
                  Timeline across units
                </Title>
                <ListFilterBar
                  meta={partnerTimelineList}
                  values={filters.values}
                  onChange={filters.set}
                  choices={{
                    units: (units.data?.items ?? []).map((u) => ({ value: u.id, label: u.name })),
                    users: session.data ? [{ value: session.data.user.id, label: 'Me' }] : [],
                  }}
                />
                <Stack mt="sm">
                  <QueryState isPending={timeline.isPending} error={timeline.error}>
                    <Timeline
                      items={entries}
                      partnerId={o.partner.id}
                      empty={filters.queryString ? 'No touch point matches these filters.' : undefined}
                    />
                  </QueryState>
                  {timeline.isFetching && !timeline.isFetchingNextPage && !timeline.isPending && (
                    <Loader size="sm" role="status" aria-label="Refreshing the timeline" />
                  )}
                  {timeline.hasNextPage && (
                    <Button
                      variant="default"
                      onClick={() => timeline.fetchNextPage()}
                      loading={timeline.isFetchingNextPage}
                      aria-describedby="partner-timeline"
                    >
                      Show more
                    </Button>
                  )}
                </Stack>
              </Card>
            </Grid.Col>
            <Grid.Col span={{ base: 12, lg: 4 }}>
              <Stack>
                <PartnerRequests partnerId={o.partner.id} />
                <Card withBorder>
                  <Title order={3} size="h4" mb="sm">
                    Last 12 months: {o.lastYear.total} touch points
                  </Title>
                  <Table>
                    <Table.Tbody>
                      {o.lastYear.byUnit.map((u) => (
                        <Table.Tr key={u.unitId}>
                          <Table.Td>{u.unitName}</Table.Td>
                          <Table.Td ta="right">{u.count}</Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                  {o.lastYear.byUnit.length === 0 && <Empty>None in the last year.</Empty>}
                </Card>
                <Card withBorder component="section" aria-labelledby="partner-tasks">
                  <Group justify="space-between" mb="sm">
                    <Title order={3} size="h4" id="partner-tasks">
                      Open tasks
                    </Title>
                    <Group gap="xs">
                      <Anchor component={Link} to={`/tasks?partnerId=${o.partner.id}`} size="sm">
                        All tasks
                      </Anchor>
                      {can?.editSharedRecord && (
                        <Button size="compact-sm" variant="default" onClick={() => setDialog('task')}>
                          New task
                        </Button>
                      )}
                    </Group>
                  </Group>
                  <TaskList tasks={o.openTasks} showPartner={false} empty="No open tasks." />
                </Card>
                <HistoryPanel entity="partner" id={o.partner.id} />
              </Stack>
            </Grid.Col>
          </Grid>
          <PartnerForm opened={dialog === 'edit'} onClose={() => setDialog(null)} partner={o.partner} />
          <LogTouchpointModal
            opened={dialog === 'log'}
            onClose={() => setDialog(null)}
            partnerId={o.partner.id}
          />
          <RelationshipEscalationModal relationship={escalating} onClose={() => setEscalating(null)} />
          <Modal
            opened={relationshipHistory !== null}
            onClose={() => setRelationshipHistory(null)}
            title={`History of the ${relationshipHistory?.unitName ?? ''} relationship`}
          >
            {relationshipHistory && <HistoryPanel entity="relationship" id={relationshipHistory.id} bare />}
          </Modal>
          <Modal
            opened={filesOf !== null}
            onClose={() => setFilesOf(null)}
            title={filesOf ? `The ${filesOf.unitName} relationship` : ''}
          >
            {filesOf && (
              <AttachmentsPanel
                kind="relationships"
                id={filesOf.id}
                recordName="the relationship"
                headingOrder={2}
              />
            )}
          </Modal>
          <TaskForm opened={dialog === 'task'} onClose={() => setDialog(null)} partnerId={o.partner.id} />
          <RaiseRequestModal
            opened={dialog === 'request'}
            onClose={() => setDialog(null)}
            partnerId={o.partner.id}
          />
          <ContactForm
            opened={dialog === 'contact'}
            onClose={() => setDialog(null)}
            partnerId={o.partner.id}
          />
          <RelationshipForm
            opened={dialog === 'relationship'}
            onClose={() => setDialog(null)}
            partnerId={o.partner.id}
          />
          <RelationshipForm
            opened={editingRelationship !== null}
            onClose={() => setEditingRelationship(null)}
            partnerId={o.partner.id}
            relationship={o.relationships.find((r) => r.id === editingRelationship)}
          />
        </Stack>
      )}
    </QueryState>
  );
}
