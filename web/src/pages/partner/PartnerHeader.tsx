import { Anchor, Badge, Button, Group, Text, Title } from '@mantine/core';
import { IconMessagePlus, IconNotes, IconPencil } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { partnerStatusLabels } from '../../../../common/src/labels/partners.ts';
import { LogTouchpointModal, PartnerForm, RaiseRequestModal } from '../../components/dialogs.tsx';
import type { PartnerPanelProps } from './panel.ts';

const ICON = { size: 18, stroke: 1.6, 'aria-hidden': true } as const;

/** The partner's name, type, status and group, and the actions a person takes before or after a call. */
export function PartnerHeader({ overview, can }: PartnerPanelProps) {
  const [dialog, setDialog] = useState<'edit' | 'log' | 'request' | null>(null);
  const { partner } = overview;
  const close = () => setDialog(null);
  return (
    <Group justify="space-between" align="flex-start">
      <div style={{ minWidth: 0 }}>
        <Title order={2} style={{ overflowWrap: 'anywhere' }}>
          {partner.name}
        </Title>
        <Group gap="xs" mt={4}>
          <Badge variant="light">{partner.typeName}</Badge>
          <Badge color={partner.status === 'active' ? 'success' : 'gray.7'}>
            {partnerStatusLabels[partner.status]}
          </Badge>
          {partner.parentName && (
            <Text size="sm">
              Part of{' '}
              <Anchor component={Link} to={`/partners/${partner.parentId}`}>
                {partner.parentName}
              </Anchor>
            </Text>
          )}
        </Group>
      </div>
      <Group gap="xs">
        {can.editSharedRecord && (
          <Button variant="default" leftSection={<IconPencil {...ICON} />} onClick={() => setDialog('edit')}>
            Edit partner
          </Button>
        )}
        {can.raiseRequests && (
          <Button
            variant="default"
            leftSection={<IconMessagePlus {...ICON} />}
            onClick={() => setDialog('request')}
          >
            Raise request
          </Button>
        )}
        {can.editSharedRecord && (
          <Button leftSection={<IconNotes {...ICON} />} onClick={() => setDialog('log')}>
            Log touch point
          </Button>
        )}
      </Group>
      <PartnerForm opened={dialog === 'edit'} onClose={close} partner={partner} />
      <LogTouchpointModal opened={dialog === 'log'} onClose={close} partnerId={partner.id} />
      <RaiseRequestModal opened={dialog === 'request'} onClose={close} partnerId={partner.id} />
    </Group>
  );
}
