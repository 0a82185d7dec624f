import { Button, Group, Stack, Tabs, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { agreementKindLabels, agreementTermLabels } from '../../../../common/src/labels/agreements.ts';
import {
  type Agreement,
  useAgreementChanges,
  useAgreementVersions,
  useChangeAgreement,
} from '../../api/agreements.ts';
import { AttachmentsPanel } from '../AttachmentsPanel.tsx';
import { formatDate, formatDateTime, saved, showServerErrors } from '../forms.ts';
import { Empty, QueryState } from '../States.tsx';
import { ChangeCard, Differences } from './ChangeCard.tsx';
import { ProposeChangeForm } from './ProposeChangeForm.tsx';

const textTerms = ['universityCommitments', 'partnerCommitments', 'keyTerms'] as const;

/** One agreement: its terms in force, the changes proposed, every version, and its signed documents. */
export function AgreementDetail({ agreement }: { agreement: Agreement }) {
  const changes = useAgreementChanges(agreement.id);
  const versions = useAgreementVersions(agreement.id);
  const move = useChangeAgreement();
  const [proposing, setProposing] = useState(false);
  const setStatus = (status: 'active' | 'ended') =>
    move.mutate(
      { agreement, changes: { status } },
      {
        onSuccess: () => saved(status === 'active' ? 'The agreement is in force' : 'The agreement has ended'),
        onError: (e) => showServerErrors(e, () => {}),
      },
    );
  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        {agreementKindLabels[agreement.kind]} · {agreement.unit.name} · owner {agreement.owner.name}
        {agreement.partnerContact ? ` · signatory ${agreement.partnerContact.name}` : ''}
        {agreement.revision > 0 ? ` · version ${agreement.revision}` : ''}
      </Text>
      <Text size="sm">
        {formatDate(agreement.startDate)} to {formatDate(agreement.endDate)} · review{' '}
        {formatDate(agreement.reviewDate)}
      </Text>
      {textTerms.map((k) =>
        agreement[k] ? (
          <div key={k}>
            <Text size="sm" fw={600}>
              {agreementTermLabels[k]}
            </Text>
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
              {agreement[k]}
            </Text>
          </div>
        ) : null,
      )}
      <Group gap="xs">
        {agreement.status === 'draft' && agreement.can.update && (
          <Button size="compact-sm" onClick={() => setStatus('active')} loading={move.isPending}>
            Bring into force
          </Button>
        )}
        {agreement.can.proposeChange && !proposing && (
          <Button size="compact-sm" onClick={() => setProposing(true)}>
            Propose a change
          </Button>
        )}
        {agreement.status === 'active' && agreement.can.update && (
          <Button size="compact-sm" variant="default" onClick={() => setStatus('ended')}>
            End the agreement
          </Button>
        )}
      </Group>
      {proposing && <ProposeChangeForm agreement={agreement} onDone={() => setProposing(false)} />}
      <Tabs defaultValue="changes">
        <Tabs.List>
          <Tabs.Tab value="changes">Changes</Tabs.Tab>
          <Tabs.Tab value="versions">Versions</Tabs.Tab>
          <Tabs.Tab value="files">Signed documents</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="changes" pt="sm">
          <QueryState isPending={changes.isPending} error={changes.error}>
            <Stack gap="sm">
              {changes.data?.items.length ? (
                changes.data.items.map((c) => <ChangeCard key={c.id} change={c} />)
              ) : (
                <Empty>No change has been proposed.</Empty>
              )}
            </Stack>
          </QueryState>
        </Tabs.Panel>
        <Tabs.Panel value="versions" pt="sm">
          <QueryState isPending={versions.isPending} error={versions.error}>
            <Stack gap="sm">
              {versions.data?.items.length ? (
                [...versions.data.items].reverse().map((v) => (
                  <section key={v.revision} aria-labelledby={`version-${v.revision}`}>
                    <Title order={4} size="h6" id={`version-${v.revision}`}>
                      Version {v.revision}, {formatDateTime(v.createdAt)}
                    </Title>
                    <Text size="sm">{v.reason ?? 'Came into force'}</Text>
                    {v.differences.length > 0 && (
                      <Differences items={v.differences} label={`What version ${v.revision} changed`} />
                    )}
                  </section>
                ))
              ) : (
                <Empty>A draft has no versions until it comes into force.</Empty>
              )}
            </Stack>
          </QueryState>
        </Tabs.Panel>
        <Tabs.Panel value="files" pt="sm">
          <AttachmentsPanel kind="agreements" id={agreement.id} recordName="the agreement" headingOrder={4} />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
