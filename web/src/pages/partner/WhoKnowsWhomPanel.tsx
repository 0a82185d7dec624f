import {
  Accordion,
  Badge,
  Button,
  Card,
  Group,
  List,
  Modal,
  Progress,
  Stack,
  Table,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconMessageShare } from '@tabler/icons-react';
import { useState } from 'react';
import { askForIntroductionBody, type Link } from '../../../../common/src/contracts/who-knows-whom.ts';
import { touchpointKindLabels } from '../../../../common/src/labels/touchpoints.ts';
import { linkPartLabels } from '../../../../common/src/labels/who-knows-whom.ts';
import { useAskForIntroduction, useWhoKnowsWhom } from '../../api/whoKnowsWhom.ts';
import { checkWith, formatDate, saved, showServerErrors } from '../../components/forms.ts';
import { Empty, QueryState } from '../../components/States.tsx';
import type { PartnerPanelProps } from './panel.ts';

function AskModal({
  partnerId,
  partnerName,
  colleague,
  onClose,
}: {
  partnerId: string;
  partnerName: string;
  colleague: Link['colleague'] | null;
  onClose: () => void;
}) {
  const ask = useAskForIntroduction(partnerId);
  const form = useForm({
    initialValues: { message: '' },
    validate: (v) =>
      checkWith(askForIntroductionBody)({ colleagueId: colleague?.id ?? '', message: v.message }),
  });
  const submit = form.onSubmit((v) => {
    if (!colleague) return;
    ask.mutate(
      { colleagueId: colleague.id, message: v.message },
      {
        onSuccess: () => {
          saved(`${colleague.name} has been asked for an introduction`);
          form.reset();
          onClose();
        },
        onError: (e) => showServerErrors(e, form.setErrors, ['message']),
      },
    );
  });
  return (
    <Modal
      opened={colleague !== null}
      onClose={onClose}
      title={`Ask ${colleague?.name ?? ''} for an introduction`}
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Text size="sm">
            {colleague?.name} is told in Rapport and by e-mail that you would like an introduction to{' '}
            {partnerName}.
          </Text>
          <Textarea
            label="Message (optional)"
            description="Who you would like to meet, and why"
            autosize
            minRows={3}
            {...form.getInputProps('message')}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={ask.isPending}>
              Send the request
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function Evidence({ link }: { link: Link }) {
  return (
    <Stack gap="xs">
      <Table
        withRowBorders={false}
        verticalSpacing={4}
        aria-label={`Why ${link.colleague.name} ranks ${link.rank}`}
      >
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Part</Table.Th>
            <Table.Th ta="right">Points</Table.Th>
            <Table.Th>From</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {link.parts.map((p) => (
            <Table.Tr key={p.key}>
              <Table.Td>{linkPartLabels[p.key]}</Table.Td>
              <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                {p.points.toFixed(1)} / {p.weight}
              </Table.Td>
              <Table.Td>{p.evidence}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Text size="sm" fw={600}>
        Latest touch points
      </Text>
      <List size="sm" spacing={2}>
        {link.recent.map((r) => (
          <List.Item key={r.id}>
            {formatDate(r.occurredAt)} · {touchpointKindLabels[r.kind]} · {r.subject}
            {r.twoWay ? ' (two-way)' : ''}
          </List.Item>
        ))}
      </List>
    </Stack>
  );
}

/** Who knows whom: colleagues ranked by the strength of their links with the partner, and why. */
export function WhoKnowsWhomPanel({ overview }: PartnerPanelProps) {
  const { partner } = overview;
  const query = useWhoKnowsWhom(partner.id);
  const [asking, setAsking] = useState<Link['colleague'] | null>(null);
  return (
    <Card withBorder component="section" aria-labelledby="partner-who-knows-whom">
      <Title order={3} size="h4" id="partner-who-knows-whom">
        Who knows whom
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        Colleagues ranked by their links with {partner.name}: recent, frequent, two-way and long-standing
        contact, and events attended together. Only touch points you may see count.
      </Text>
      <QueryState isPending={query.isPending} error={query.error}>
        {query.data?.links.length ? (
          <Accordion variant="separated" chevronPosition="left">
            {query.data.links.map((link) => (
              <Accordion.Item key={link.colleague.id} value={link.colleague.id}>
                <Group wrap="nowrap" gap="xs" pr="xs">
                  <Accordion.Control style={{ flex: 1, minWidth: 0 }}>
                    <Group justify="space-between" wrap="wrap" gap="xs">
                      <div>
                        <Text fw={600}>
                          {link.rank}. {link.colleague.name}
                        </Text>
                        <Text size="sm" c="dimmed">
                          {[
                            link.unitName,
                            `${link.touchpoints} ${link.touchpoints === 1 ? 'touch point' : 'touch points'}, ${link.twoWay} two-way`,
                            `last ${formatDate(link.lastContact)}`,
                          ]
                            .filter(Boolean)
                            .join(' · ')}
                        </Text>
                      </div>
                      <Group gap="xs" wrap="nowrap">
                        <Progress value={link.strength} w={80} aria-hidden />
                        <Badge variant="light" style={{ flexShrink: 0 }}>
                          Strength {link.strength}
                        </Badge>
                      </Group>
                    </Group>
                  </Accordion.Control>
                  {query.data.canAskForIntroduction && (
                    <Button
                      size="xs"
                      variant="light"
                      style={{ flexShrink: 0 }}
                      leftSection={<IconMessageShare size={16} aria-hidden />}
                      onClick={() => setAsking(link.colleague)}
                      aria-label={`Ask ${link.colleague.name} for an introduction`}
                    >
                      Ask
                    </Button>
                  )}
                </Group>
                <Accordion.Panel>
                  <Evidence link={link} />
                </Accordion.Panel>
              </Accordion.Item>
            ))}
          </Accordion>
        ) : (
          <Empty>No colleague has a touch point with this partner that you may see.</Empty>
        )}
      </QueryState>
      <AskModal
        partnerId={partner.id}
        partnerName={partner.name}
        colleague={asking}
        onClose={() => setAsking(null)}
      />
    </Card>
  );
}
