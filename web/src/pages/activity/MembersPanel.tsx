import {
  Alert,
  Badge,
  Button,
  Card,
  Center,
  Group,
  Loader,
  Modal,
  SegmentedControl,
  Select,
  Stack,
  Table,
  TextInput,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import {
  type Activity,
  type Member,
  useAddMember,
  useEndMembership,
  useMembers,
} from '../../api/activities.ts';
import { useContact } from '../../api/hooks.ts';
import { formatDate, saved, showServerErrors } from '../../components/forms.ts';
import { PersonPicker } from '../../components/PersonPicker.tsx';
import { Empty } from '../../components/States.tsx';
import { TableBox } from '../../components/TableBox.tsx';
import { SearchPicker } from './SearchPicker.tsx';

/** The partners a chosen contact is with: which one they represent on the group. */
function PartnerChoice({
  contactId,
  value,
  onChange,
  error,
}: {
  contactId: string;
  value: string | null;
  onChange: (id: string | null) => void;
  error?: string;
}) {
  const contact = useContact(contactId);
  const options = (contact.data?.affiliations ?? []).map((a) => ({
    value: a.partnerId,
    label: a.partnerName,
  }));
  return (
    <Select
      label="For partner"
      description="Who they represent on the group"
      data={options}
      value={value ?? (options.length === 1 ? options[0]!.value : null)}
      onChange={onChange}
      error={error}
      disabled={contact.isPending}
    />
  );
}

function AddMember({ activity }: { activity: Activity }) {
  const add = useAddMember(activity.id);
  const [side, setSide] = useState<'partner' | 'university'>('partner');
  const [contactIds, setContacts] = useState<string[]>([]);
  const [partnerId, setPartner] = useState<string | null>(null);
  const [userId, setUser] = useState<string | null>(null);
  const [role, setRole] = useState('');
  const [joinedOn, setJoinedOn] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const contactId = contactIds[0] ?? null;
  const submit = () => {
    setErrors({});
    add.mutate(
      side === 'partner'
        ? { contactId, partnerId, role: role || null, joinedOn: joinedOn || undefined }
        : { userId, role: role || null, joinedOn: joinedOn || undefined },
      {
        onSuccess: (m) => {
          saved(`${m.name} has joined the group`);
          setContacts([]);
          setPartner(null);
          setUser(null);
          setRole('');
          setJoinedOn('');
        },
        onError: (e) =>
          showServerErrors(e, setErrors, ['contactId', 'partnerId', 'userId', 'role', 'joinedOn']),
      },
    );
  };
  return (
    <Stack gap="sm">
      <Title order={3} size="h5">
        Add a member
      </Title>
      <SegmentedControl
        aria-label="Who joins"
        value={side}
        onChange={(v) => setSide(v as 'partner' | 'university')}
        data={[
          { value: 'partner', label: "A partner's contact" },
          { value: 'university', label: 'A member of staff' },
        ]}
      />
      {side === 'partner' ? (
        <>
          <SearchPicker
            label="Contact"
            kind="contacts"
            value={contactIds}
            onChange={(ids) => {
              setContacts(ids.slice(-1));
              setPartner(null);
            }}
          />
          {errors.contactId && (
            <Alert color="red" role="alert">
              {errors.contactId}
            </Alert>
          )}
          {contactId && (
            <PartnerChoice
              contactId={contactId}
              value={partnerId}
              onChange={setPartner}
              error={errors.partnerId}
            />
          )}
        </>
      ) : (
        <PersonPicker label="Member of staff" value={userId} onChange={setUser} error={errors.userId} />
      )}
      <Group grow wrap="wrap" align="flex-start">
        <TextInput
          label="Role"
          placeholder="e.g. Chair"
          value={role}
          onChange={(e) => setRole(e.currentTarget.value)}
          error={errors.role}
          maxLength={200}
        />
        <TextInput
          label="Joined on"
          type="date"
          description="Default: today"
          value={joinedOn}
          onChange={(e) => setJoinedOn(e.currentTarget.value)}
          error={errors.joinedOn}
        />
      </Group>
      <Group>
        <Button onClick={submit} loading={add.isPending} disabled={side === 'partner' ? !contactId : !userId}>
          Add member
        </Button>
      </Group>
    </Stack>
  );
}

function LeaveDialog({
  activity,
  member,
  onClose,
}: {
  activity: Activity;
  member: Member | null;
  onClose: () => void;
}) {
  const end = useEndMembership(activity.id);
  const [leftOn, setLeftOn] = useState(new Date().toISOString().slice(0, 10));
  const [error, setError] = useState<string | undefined>();
  return (
    <Modal opened={member !== null} onClose={onClose} title={member ? `${member.name} leaves the group` : ''}>
      <Stack>
        <TextInput
          label="Left on"
          type="date"
          value={leftOn}
          onChange={(e) => setLeftOn(e.currentTarget.value)}
          error={error}
          data-autofocus
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button
            loading={end.isPending}
            onClick={() =>
              member &&
              end.mutate(
                { memberId: member.id, leftOn },
                {
                  onSuccess: () => {
                    saved(`${member.name} has left the group`);
                    setError(undefined);
                    onClose();
                  },
                  onError: (e) => showServerErrors(e, (errs) => setError(errs.leftOn), ['leftOn']),
                },
              )
            }
          >
            Record leaving
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** A working group's members over time, and adding or recording leavers for its organisers. */
export function MembersPanel({ activity }: { activity: Activity }) {
  const members = useMembers(activity.id);
  const [leaving, setLeaving] = useState<Member | null>(null);
  const data = members.data;
  return (
    <Card withBorder component="section" aria-labelledby="members">
      <Title order={2} size="h4" id="members" mb="xs">
        Members{data ? ` (${data.current})` : ''}
      </Title>
      {members.isPending && (
        <Center role="status" aria-label="Loading members">
          <Loader aria-hidden />
        </Center>
      )}
      {members.error && (
        <Alert color="red" role="alert">
          {members.error.message}
        </Alert>
      )}
      {data && (
        <Stack>
          {data.items.length === 0 ? (
            <Empty>Nobody has joined yet.</Empty>
          ) : (
            <TableBox minWidth={640} label="Members, current and past">
              <Table>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Name</Table.Th>
                    <Table.Th>For</Table.Th>
                    <Table.Th>Role</Table.Th>
                    <Table.Th>Joined</Table.Th>
                    <Table.Th>Left</Table.Th>
                    {data.can.change && <Table.Th>Action</Table.Th>}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.items.map((m) => (
                    <Table.Tr key={m.id}>
                      <Table.Td>{m.name}</Table.Td>
                      <Table.Td>
                        {m.side === 'university' ? (
                          <Badge variant="light" color="gray">
                            University staff
                          </Badge>
                        ) : (
                          m.partnerName
                        )}
                      </Table.Td>
                      <Table.Td>{m.role ?? '—'}</Table.Td>
                      <Table.Td>{formatDate(m.joinedOn)}</Table.Td>
                      <Table.Td>{m.leftOn ? formatDate(m.leftOn) : 'Current member'}</Table.Td>
                      {data.can.change && (
                        <Table.Td>
                          {!m.leftOn && (
                            <Button
                              size="xs"
                              variant="default"
                              aria-label={`Record leaving: ${m.name}`}
                              onClick={() => setLeaving(m)}
                            >
                              Record leaving
                            </Button>
                          )}
                        </Table.Td>
                      )}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </TableBox>
          )}
          {data.can.change && <AddMember activity={activity} />}
        </Stack>
      )}
      <LeaveDialog activity={activity} member={leaving} onClose={() => setLeaving(null)} />
    </Card>
  );
}
