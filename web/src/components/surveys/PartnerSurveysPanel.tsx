import { Badge, Button, Card, Group, List, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import type { SurveyResult } from '../../../../common/src/contracts/surveys.ts';
import { visibilityBadges } from '../../../../common/src/labels/visibility.ts';
import { useCloseSurvey, usePartnerSurveys } from '../../api/surveys.ts';
import { SendSurveyModal } from '../dialogs.tsx';
import { ExportMenu } from '../ExportMenu.tsx';
import { formatDate, saved } from '../forms.ts';
import { Empty, QueryState } from '../States.tsx';
import { SurveyChart } from './SurveyChart.tsx';
import { SurveyTrend } from './SurveyTrend.tsx';

function SurveyResults({ survey }: { survey: SurveyResult }) {
  const close = useCloseSurvey();
  const comments = survey.questions.filter((q) => q.kind === 'text' && q.comments?.length);
  return (
    <Stack gap="xs" component="article" aria-label={`${survey.title}, ${survey.unitName}`}>
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Title order={4} size="h5">
          {survey.title}
        </Title>
        <Group gap="xs">
          {survey.visibility !== 'institution' && (
            <Badge variant="outline" color="gray">
              {visibilityBadges[survey.visibility]}
            </Badge>
          )}
          <Badge variant="light" color={survey.open ? 'blue' : 'gray'}>
            {survey.open ? 'Open' : 'Closed'}
          </Badge>
        </Group>
      </Group>
      <Text size="sm">
        {survey.unitName} · sent {formatDate(survey.createdAt)} by {survey.createdByName} ·{' '}
        {survey.open ? 'closes' : 'closed'}{' '}
        {formatDate(new Date(Date.parse(survey.closesAt) - 1).toISOString())}
        {survey.template
          ? ` · from the template ${survey.template.name}, version ${survey.template.version}`
          : ''}
      </Text>
      <Text size="sm" fw={600}>
        {survey.answered} of {survey.asked} answered
        {survey.responseRate !== null ? ` (response rate ${survey.responseRate}%)` : ''}
      </Text>
      {survey.shown ? (
        <>
          <SurveyChart survey={survey} />
          {comments.map((q) => (
            <div key={q.id}>
              <Text size="sm" fw={600}>
                {q.text}
              </Text>
              <List size="sm" spacing={2}>
                {q.comments!.map((c, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: anonymous comments have no id, and the list never reorders
                  <List.Item key={i}>{c}</List.Item>
                ))}
              </List>
            </div>
          ))}
        </>
      ) : (
        <Text size="sm" c="dimmed">
          Results are shown once {survey.anonymityThreshold} have answered, so no one's answers can be told
          apart.
        </Text>
      )}
      {survey.canClose && (
        <Group>
          <Button
            size="compact-sm"
            variant="default"
            loading={close.isPending}
            onClick={() => close.mutate(survey.id, { onSuccess: () => saved('Survey closed') })}
          >
            Close the survey now
          </Button>
        </Group>
      )}
    </Stack>
  );
}

/** The partner page's surveys: each relationship survey's response rate and results, and sending a new one. */
export function PartnerSurveysPanel({ partnerId }: { partnerId: string }) {
  const surveys = usePartnerSurveys(partnerId);
  const [sending, setSending] = useState(false);
  const data = surveys.data;
  return (
    <Card withBorder component="section" aria-labelledby="partner-surveys">
      <Group justify="space-between" mb="sm">
        <Title order={3} size="h4" id="partner-surveys">
          Surveys
        </Title>
        <Group gap="xs">
          {data?.items.length ? (
            <ExportMenu
              list={`partners/${partnerId}/surveys`}
              queryString=""
              label="Export results"
              size="xs"
            />
          ) : null}
          {data?.canSendFor.length ? (
            <Button size="xs" variant="light" onClick={() => setSending(true)}>
              Send a survey
            </Button>
          ) : null}
        </Group>
      </Group>
      <QueryState isPending={surveys.isPending} error={surveys.error}>
        {data?.items.length ? (
          <Stack gap="lg">
            <SurveyTrend surveys={data.items} />
            {data.items.map((s) => (
              <SurveyResults key={s.id} survey={s} />
            ))}
          </Stack>
        ) : (
          <Empty>No survey of this partner's contacts yet.</Empty>
        )}
      </QueryState>
      {data && <SendSurveyModal opened={sending} onClose={() => setSending(false)} data={data} />}
    </Card>
  );
}
