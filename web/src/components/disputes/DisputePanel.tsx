import {
  Alert,
  Badge,
  Button,
  Card,
  Code,
  CopyButton,
  Group,
  Select,
  Stack,
  Stepper,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { disputeStep, recordOutcomeBody } from '../../../../common/src/contracts/disputes.ts';
import { type DisputeStage, disputeStageLabels } from '../../../../common/src/labels/disputes.ts';
import {
  type Dispute,
  type NewOutcome,
  useDispute,
  useMoveDisputeStage,
  useRecordOutcome,
} from '../../api/disputes.ts';
import { usePartnerAffiliations } from '../../api/hooks.ts';
import { checkWith, formatDate, formatDateTime, saved, showServerErrors } from '../forms.ts';
import { QueryState } from '../States.tsx';

type OutcomeValues = { agreed: string; contactId: string; lessons: string };
const toBody = (v: OutcomeValues): NewOutcome => ({
  agreed: v.agreed,
  contactId: v.contactId,
  lessons: v.lessons
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean),
});

function OutcomeForm({
  requestId,
  partnerId,
  onLink,
}: {
  requestId: string;
  partnerId: string;
  onLink: (path: string) => void;
}) {
  const record = useRecordOutcome(requestId);
  const contacts = usePartnerAffiliations(partnerId);
  const people = [...new Map((contacts.data?.items ?? []).map((a) => [a.contactId, a])).values()];
  const form = useForm<OutcomeValues>({
    initialValues: { agreed: '', contactId: '', lessons: '' },
    validate: checkWith(recordOutcomeBody, toBody),
  });
  const submit = form.onSubmit((v) =>
    record.mutate(toBody(v), {
      onSuccess: (result) => {
        saved('Outcome recorded');
        onLink(result.acknowledgementPath);
      },
      onError: (e) => showServerErrors(e, form.setErrors),
    }),
  );
  return (
    <form onSubmit={submit} noValidate aria-label="Record the outcome">
      <Stack gap="xs">
        <Textarea label="What was agreed" required autosize minRows={2} {...form.getInputProps('agreed')} />
        <Select
          label="The partner's contact who acknowledges it"
          required
          data={people.map((a) => ({ value: a.contactId, label: a.contactName }))}
          {...form.getInputProps('contactId')}
        />
        <Textarea
          label="Lessons learned"
          description="One a line: each becomes an improvement task"
          autosize
          minRows={2}
          {...form.getInputProps('lessons')}
        />
        <Group justify="flex-end">
          <Button type="submit" loading={record.isPending}>
            Record outcome
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

const nextStages = (stage: DisputeStage): DisputeStage[] =>
  stage === 'informal_discussion'
    ? ['formal_review']
    : stage === 'formal_review'
      ? ['senior_panel', 'mediation']
      : [];

function Moves({ dispute, requestId }: { dispute: Dispute; requestId: string }) {
  const move = useMoveDisputeStage(requestId);
  return (
    <Stack gap="xs">
      {move.error && (
        <Alert color="red" role="alert" title="Not moved" withCloseButton onClose={() => move.reset()}>
          {move.error.message}
        </Alert>
      )}
      <Group gap="xs">
        {nextStages(dispute.stage).map((stage) => (
          <Button
            key={stage}
            variant="light"
            loading={move.isPending && move.variables?.stage === stage}
            onClick={() =>
              move.mutate(
                { stage: stage as 'formal_review' },
                { onSuccess: () => saved(`Moved to ${disputeStageLabels[stage].toLowerCase()}`) },
              )
            }
          >
            Move to {disputeStageLabels[stage].toLowerCase()}
          </Button>
        ))}
      </Group>
    </Stack>
  );
}

/** A dispute's place in the procedure: its stages, the current one's timescale, the outcome and its acknowledgement. */
export function DisputePanel({ requestId, partnerId }: { requestId: string; partnerId: string }) {
  const dispute = useDispute(requestId, true);
  const [link, setLink] = useState<string | null>(null);
  const d = dispute.data;
  return (
    <Card withBorder component="section" aria-labelledby="dispute-procedure">
      <Title order={3} size="h4" mb="xs" id="dispute-procedure">
        Dispute procedure
      </Title>
      <QueryState isPending={dispute.isPending} error={dispute.error}>
        {d && (
          <Stack gap="sm">
            <Stepper
              active={d.stage === 'outcome' ? 4 : disputeStep[d.stage] - 1}
              size="xs"
              orientation="vertical"
              allowNextStepsSelect={false}
            >
              <Stepper.Step label={disputeStageLabels.informal_discussion} />
              <Stepper.Step label={disputeStageLabels.formal_review} />
              <Stepper.Step label={d.stage === 'mediation' ? 'Mediation' : 'Senior panel or mediation'} />
              <Stepper.Step label={disputeStageLabels.outcome} />
            </Stepper>
            {d.stageDueOn && (
              <Group gap="xs">
                <Text size="sm">
                  {disputeStageLabels[d.stage]} since {formatDate(d.stageStartedAt)}, due by{' '}
                  {formatDate(d.stageDueOn)} ({d.timescales[d.stage as 'formal_review']} days
                  {d.timescalesFrom ? `, from ${d.timescalesFrom.title}` : ', the usual timescale'})
                </Text>
                {d.overdue && (
                  <Badge color="red.9" autoContrast>
                    Past its timescale
                  </Badge>
                )}
              </Group>
            )}
            {d.can.move && <Moves dispute={d} requestId={requestId} />}
            {d.can.move && disputeStep[d.stage] === 3 && (
              <OutcomeForm requestId={requestId} partnerId={partnerId} onLink={setLink} />
            )}
            {d.outcome && (
              <Stack gap={4}>
                <Text fw={600} size="sm">
                  What was agreed
                </Text>
                <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                  {d.outcome.agreed}
                </Text>
                {d.outcome.lessons.length > 0 && (
                  <Text size="sm">Lessons (improvement tasks set): {d.outcome.lessons.join('; ')}</Text>
                )}
                <Text size="sm">
                  {d.outcome.acknowledgedAt
                    ? `Acknowledged by ${d.outcome.contact.name} on ${formatDateTime(d.outcome.acknowledgedAt)}`
                    : `Waiting for ${d.outcome.contact.name} to acknowledge it (the link works until ${formatDate(d.outcome.linkExpiresAt)})`}
                </Text>
              </Stack>
            )}
            {link && (
              <Alert color="blue" title="The private link for the partner" role="status">
                <Stack gap="xs">
                  <Text size="sm">
                    Rapport e-mails it to them when they have an address and may be contacted about our
                    arrangements. It is shown only now, and works once.
                  </Text>
                  <Code block style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap' }}>
                    {`${window.location.origin}${link}`}
                  </Code>
                  <CopyButton value={`${window.location.origin}${link}`}>
                    {({ copied, copy }) => (
                      <Button size="compact-sm" variant="default" onClick={copy}>
                        {copied ? 'Copied' : 'Copy the link'}
                      </Button>
                    )}
                  </CopyButton>
                </Stack>
              </Alert>
            )}
          </Stack>
        )}
      </QueryState>
    </Card>
  );
}
