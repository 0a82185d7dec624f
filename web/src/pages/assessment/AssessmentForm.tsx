import {
  Alert,
  Anchor,
  Button,
  Card,
  Checkbox,
  CopyButton,
  Group,
  Radio,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { type RelationshipAssessments, stageOf } from '../../../../common/src/contracts/assessments.ts';
import {
  type ChecklistItem,
  checklistItemLabels,
  checklistItems,
  maturityStageLabels,
  scoreLabels,
} from '../../../../common/src/labels/assessments.ts';
import { useAssessmentEvidence, useCreateAssessment } from '../../api/assessments.ts';
import { ApiError } from '../../api/client.ts';
import { saved, showServerErrors } from '../../components/forms.ts';

type Row = { score: string; evidence: string; action: string };
const blank: Row = { score: '', evidence: '', action: '' };

/**
 * The assessment form: each checklist item scored 0–4, with evidence (suggested from this
 * term's records the assessor may read) and an improvement action, which becomes their task.
 * Naming a key contact asks the partner's side: the private link is e-mailed to them (when they
 * have an address and may be contacted about surveys) or shown once, to pass on.
 */
export function AssessmentForm({ data }: { data: RelationshipAssessments }) {
  const [rows, setRows] = useState<Record<ChecklistItem, Row>>(
    () => Object.fromEntries(checklistItems.map((i) => [i, blank])) as Record<ChecklistItem, Row>,
  );
  const [contactId, setContactId] = useState<string | null>(null);
  const [closesOn, setClosesOn] = useState('');
  const [dueOn, setDueOn] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [link, setLink] = useState<string | null>(null);
  const [emailPartner, setEmailPartner] = useState(false);
  const [emailedTo, setEmailedTo] = useState<string | null>(null);
  const chosen = data.contacts.find((c) => c.id === contactId);
  const evidence = useAssessmentEvidence(data.relationshipId, true);
  const create = useCreateAssessment(data.relationshipId);
  const set = (item: ChecklistItem, patch: Partial<Row>) =>
    setRows((old) => ({ ...old, [item]: { ...old[item], ...patch } }));
  const scored = checklistItems.filter((i) => rows[i].score !== '');
  const preview = stageOf(scored.map((i) => Number(rows[i].score)));
  const suggestion = (item: ChecklistItem) => evidence.data?.items.find((e) => e.item === item)?.suggestion;

  const submit = () => {
    setErrors({});
    const items = scored.map((item) => ({
      item,
      score: Number(rows[item].score),
      evidence: rows[item].evidence,
      action: rows[item].action,
    }));
    if (items.length === 0) {
      setErrors({ items: 'Score at least one item' });
      return;
    }
    create.mutate(
      {
        items,
        partnerContactId: contactId,
        partnerClosesOn: contactId && closesOn ? closesOn : null,
        actionsDueOn: dueOn || null,
        emailPartner: Boolean(chosen?.canEmail && emailPartner),
      },
      {
        onSuccess: (r) => {
          saved(`Assessed: ${r.assessment.result ? maturityStageLabels[r.assessment.result.stage] : ''}`);
          setLink(r.partnerLink ? `${window.location.origin}${r.partnerLink}` : null);
          setEmailedTo(r.partnerEmailed ? (chosen?.name ?? null) : null);
          setRows(Object.fromEntries(checklistItems.map((i) => [i, blank])) as Record<ChecklistItem, Row>);
        },
        onError: (e) =>
          showServerErrors(
            e instanceof ApiError
              ? new ApiError(
                  e.status,
                  e.message,
                  // items.N.score → the item's own field: the server counts the items sent, the form all of them.
                  e.errors.map((x) => {
                    const m = /^items\.(\d+)\.(\w+)$/.exec(x.field);
                    return m ? { ...x, field: `${items[Number(m[1])]?.item}.${m[2]}` } : x;
                  }),
                )
              : e,
            setErrors,
          ),
      },
    );
  };

  return (
    <Card withBorder component="section" aria-labelledby="assess-now">
      <Title order={2} size="h3" id="assess-now" mb="xs">
        Assess the relationship
      </Title>
      <Text size="sm" mb="sm">
        Score each responsibility 0 (not at all) to 4 (fully); leave out what you cannot judge. The stage is
        the mean score: below 0.8 ad hoc, 1.6 order taker, 2.4 service provider, 3.2 trusted advisor, else
        strategic partner.
      </Text>
      {emailedTo && (
        <Alert color="success" title="The partner's link" mb="sm" role="status">
          <Text size="sm">The private link is being e-mailed to {emailedTo}. It works once.</Text>
        </Alert>
      )}
      {link && (
        <Alert color="success" title="The partner's link" mb="sm" role="status">
          <Text size="sm">
            Send this private link to the key contact. It works once, and is shown only now:
          </Text>
          <Group gap="xs" mt={4} wrap="nowrap">
            <Anchor href={link} size="sm" style={{ wordBreak: 'break-all' }}>
              {link}
            </Anchor>
            <CopyButton value={link}>
              {({ copied, copy }) => (
                <Button size="compact-xs" variant="light" onClick={copy}>
                  {copied ? 'Copied' : 'Copy'}
                </Button>
              )}
            </CopyButton>
          </Group>
        </Alert>
      )}
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <Stack>
          {checklistItems.map((item, n) => (
            <Card key={item} withBorder component="fieldset" style={{ minWidth: 0 }} p="sm">
              <Text component="legend" fw={600} size="sm" px={4}>
                {n + 1}. {checklistItemLabels[item]}
              </Text>
              <Radio.Group
                aria-label={`Score for ${checklistItemLabels[item]}`}
                value={rows[item].score}
                onChange={(v) => set(item, { score: v })}
                error={errors[`${item}.score`]}
              >
                <Group gap="sm" mt={4} wrap="wrap">
                  {scoreLabels.map((label, s) => (
                    <Radio key={label} value={String(s)} label={label} />
                  ))}
                </Group>
              </Radio.Group>
              <SimpleGrid cols={{ base: 1, sm: 2 }} mt="xs">
                <Stack gap={4}>
                  <Textarea
                    label="Evidence"
                    value={rows[item].evidence}
                    onChange={(e) => set(item, { evidence: e.currentTarget.value })}
                    error={errors[`${item}.evidence`]}
                    autosize
                    minRows={1}
                    maxLength={2000}
                  />
                  {suggestion(item) && (
                    <Group gap={4} wrap="nowrap" align="flex-start">
                      <Text size="xs" c="dimmed">
                        From the records: {suggestion(item)}
                      </Text>
                      <Button
                        size="compact-xs"
                        variant="subtle"
                        onClick={() => set(item, { evidence: suggestion(item)! })}
                        aria-label={`Use the suggested evidence for ${checklistItemLabels[item]}`}
                      >
                        Use
                      </Button>
                    </Group>
                  )}
                </Stack>
                <TextInput
                  label="Improvement action (becomes your task)"
                  value={rows[item].action}
                  onChange={(e) => set(item, { action: e.currentTarget.value })}
                  error={errors[`${item}.action`]}
                  maxLength={500}
                />
              </SimpleGrid>
            </Card>
          ))}
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <Select
              label="Ask the partner's key contact"
              placeholder="Not this time"
              data={data.contacts.map((c) => ({ value: c.id, label: c.name }))}
              value={contactId}
              onChange={(v) => {
                setContactId(v);
                setEmailPartner(Boolean(data.contacts.find((c) => c.id === v)?.canEmail));
              }}
              error={errors.partnerContactId}
              clearable
              searchable
            />
            <TextInput
              type="date"
              label="Their link closes on"
              description="In 30 days if left empty"
              value={closesOn}
              onChange={(e) => setClosesOn(e.currentTarget.value)}
              error={errors.partnerClosesOn}
              disabled={!contactId}
            />
            <TextInput
              type="date"
              label="Actions due on"
              value={dueOn}
              onChange={(e) => setDueOn(e.currentTarget.value)}
              error={errors.actionsDueOn}
            />
          </SimpleGrid>
          {chosen && (
            <Checkbox
              label={`E-mail the link to ${chosen.name}`}
              description={
                chosen.canEmail
                  ? 'Otherwise the link is shown to you once, to pass on'
                  : 'They have no e-mail address, are marked do not contact or may not be contacted about surveys: the link is shown to you once, to pass on'
              }
              checked={chosen.canEmail && emailPartner}
              onChange={(e) => setEmailPartner(e.currentTarget.checked)}
              disabled={!chosen.canEmail}
              error={errors.emailPartner}
            />
          )}
          {errors.items && (
            <Text c="red" size="sm" role="alert">
              {errors.items}
            </Text>
          )}
          <Group justify="space-between">
            <Text size="sm" aria-live="polite">
              {preview
                ? `${scored.length} of ${checklistItems.length} scored: mean ${preview.mean.toFixed(2)}, ${maturityStageLabels[preview.stage]}`
                : 'Nothing scored yet'}
            </Text>
            <Button type="submit" loading={create.isPending}>
              Save the assessment
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
