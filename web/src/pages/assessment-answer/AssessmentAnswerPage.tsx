import {
  Alert,
  Button,
  Card,
  Center,
  Container,
  Group,
  Loader,
  Radio,
  Stack,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { useParams } from 'react-router';
import { type ChecklistItem, scoreLabels } from '../../../../common/src/labels/assessments.ts';
import { dayInWords } from '../../../../common/src/wording.ts';
import { useAnswerAssessment, usePublicAssessment } from '../../api/assessments.ts';
import { ApiError } from '../../api/client.ts';

type Row = { score: string; comment: string };

/**
 * The page the partner's private link opens: no account. The key contact scores the same
 * checklist the unit scored, once, without seeing the unit's scores.
 */
export function AssessmentAnswerPage() {
  const { token = '' } = useParams();
  const page = usePublicAssessment(token);
  const answer = useAnswerAssessment(token);
  const [rows, setRows] = useState<Partial<Record<ChecklistItem, Row>>>({});
  const data = page.data;
  const error = page.error;
  const set = (item: ChecklistItem, patch: Partial<Row>) =>
    setRows((old) => ({ ...old, [item]: { score: '', comment: '', ...old[item], ...patch } }));

  return (
    <Container size="sm" py="xl" px="sm" component="main" id="main">
      {page.isPending && (
        <Center p="xl" role="status" aria-label="Loading the assessment">
          <Loader aria-hidden />
        </Center>
      )}
      {error && (
        <Stack>
          <Title order={1} size="h2">
            How is our relationship working?
          </Title>
          <Alert color="red" role="alert" title="This link does not work">
            {error instanceof ApiError && error.status === 404
              ? 'We could not find this assessment. Check that you opened the whole link.'
              : error instanceof ApiError && error.status === 410
                ? 'This assessment has closed. Thank you for your interest.'
                : error.message}
          </Alert>
        </Stack>
      )}
      {data && (
        <Stack>
          <Text c="dimmed" size="sm">
            {data.unitName} and {data.partnerName}
          </Text>
          <Title order={1} size="h2">
            How is our relationship working?
          </Title>
          {data.answered ? (
            <Alert color="success" role="status" title="Thank you">
              Your scores are in. This link has been used and cannot be used again.
            </Alert>
          ) : (
            <form
              noValidate
              onSubmit={(e) => {
                e.preventDefault();
                answer.mutate({
                  items: data.items
                    .filter((i) => (rows[i.item]?.score ?? '') !== '')
                    .map((i) => ({
                      item: i.item,
                      score: Number(rows[i.item]!.score),
                      comment: rows[i.item]!.comment,
                    })),
                });
              }}
            >
              <Stack>
                <Text>
                  Dear {data.contactName}, {data.unitName} has scored how well it looks after its relationship
                  with {data.partnerName}. We would value your view on the same points: score each 0 (not at
                  all) to 4 (fully), and leave out any you cannot judge. Open until the end of{' '}
                  {dayInWords(new Date(Date.parse(data.closesAt) - 1))}.
                </Text>
                {data.items.map((i, n) => (
                  <Card key={i.item} withBorder component="fieldset" style={{ minWidth: 0 }} p="sm">
                    <Text component="legend" fw={600} size="sm" px={4}>
                      {n + 1}. {i.label}
                    </Text>
                    <Radio.Group
                      aria-label={`Score for ${i.label}`}
                      value={rows[i.item]?.score ?? ''}
                      onChange={(v) => set(i.item, { score: v })}
                    >
                      <Group gap="sm" mt={4} wrap="wrap">
                        {scoreLabels.map((label, s) => (
                          <Radio key={label} value={String(s)} label={label} />
                        ))}
                      </Group>
                    </Radio.Group>
                    <Textarea
                      mt="xs"
                      label="Comment (optional)"
                      value={rows[i.item]?.comment ?? ''}
                      onChange={(e) => set(i.item, { comment: e.currentTarget.value })}
                      autosize
                      minRows={1}
                      maxLength={2000}
                    />
                  </Card>
                ))}
                {answer.error && (
                  <Alert color="red" role="alert" title="Not sent">
                    {answer.error.message}
                  </Alert>
                )}
                <Group>
                  <Button type="submit" loading={answer.isPending}>
                    Send my scores
                  </Button>
                </Group>
              </Stack>
            </form>
          )}
        </Stack>
      )}
    </Container>
  );
}
