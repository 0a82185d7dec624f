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
import type { SurveyAnswer, SurveyQuestion } from '../../../../common/src/contracts/surveys.ts';
import { dayInWords } from '../../../../common/src/wording.ts';
import { ApiError } from '../../api/client.ts';
import { useAnswerSurvey, usePublicSurvey } from '../../api/surveys.ts';

type Values = Record<string, string>;

/** The answers to send: scales as numbers, choices and text as given; unanswered questions left out. */
const answersOf = (questions: SurveyQuestion[], values: Values): SurveyAnswer[] =>
  questions
    .filter((q) => (values[q.id] ?? '').trim() !== '')
    .map((q) => ({ questionId: q.id, value: q.kind === 'scale' ? Number(values[q.id]) : values[q.id]! }));

function Question({
  question,
  index,
  value,
  onChange,
}: {
  question: SurveyQuestion;
  index: number;
  value: string;
  onChange: (v: string) => void;
}) {
  const label = `${index + 1}. ${question.text}`;
  if (question.kind === 'text')
    return (
      <Textarea
        label={label}
        value={value}
        onChange={(e) => onChange(e.currentTarget.value)}
        autosize
        minRows={3}
        maxLength={4000}
      />
    );
  const options =
    question.kind === 'scale'
      ? Array.from({ length: question.max - question.min + 1 }, (_, i) => String(question.min + i))
      : question.options;
  const description =
    question.kind === 'scale' && (question.lowLabel || question.highLabel)
      ? `${question.min} = ${question.lowLabel || 'lowest'}, ${question.max} = ${question.highLabel || 'highest'}`
      : undefined;
  return (
    <Radio.Group label={label} description={description} value={value} onChange={onChange}>
      <Group gap="md" mt="xs" wrap="wrap">
        {options.map((o) => (
          <Radio key={o} value={o} label={o} />
        ))}
      </Group>
    </Radio.Group>
  );
}

/**
 * The page a survey's private link opens: no account, no sign-in. The contact answers the
 * questions once; the answers are kept apart from their name.
 */
export function SurveyAnswerPage() {
  const { token = '' } = useParams();
  const survey = usePublicSurvey(token);
  const answer = useAnswerSurvey(token);
  const [values, setValues] = useState<Values>({});
  const data = survey.data;
  const error = survey.error;

  return (
    <Container size="sm" py="xl" px="sm" component="main" id="main">
      {survey.isPending && (
        <Center p="xl" role="status" aria-label="Loading the survey">
          <Loader aria-hidden />
        </Center>
      )}
      {error && (
        <Stack>
          <Title order={1} size="h2">
            Survey
          </Title>
          <Alert color="red" role="alert" title="This link does not work">
            {error instanceof ApiError && error.status === 404
              ? 'We could not find this survey. Check that you opened the whole link from the e-mail.'
              : error instanceof ApiError && error.status === 410
                ? 'This survey has closed. Thank you for your interest.'
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
            {data.title}
          </Title>
          {data.answered ? (
            <Alert color="success" role="status" title="Thank you">
              Your answers are in. This link has been used and cannot be used again.
            </Alert>
          ) : (
            <form
              noValidate
              onSubmit={(e) => {
                e.preventDefault();
                answer.mutate({ answers: answersOf(data.questions, values) });
              }}
            >
              <Stack>
                <Text>
                  Dear {data.contactName}, we would value your view of how our work together is going. Answer
                  any of the questions below; it takes a few minutes. Your answers are kept apart from your
                  name and shown to us only together with others'. Open until the end of{' '}
                  {dayInWords(new Date(Date.parse(data.closesAt) - 1))}.
                </Text>
                <Card withBorder component="fieldset" aria-label="The questions" style={{ minWidth: 0 }}>
                  <Stack gap="lg">
                    {data.questions.map((q, i) => (
                      <Question
                        key={q.id}
                        question={q}
                        index={i}
                        value={values[q.id] ?? ''}
                        onChange={(v) => setValues((old) => ({ ...old, [q.id]: v }))}
                      />
                    ))}
                  </Stack>
                </Card>
                {answer.error && (
                  <Alert color="red" role="alert" title="Not sent">
                    {answer.error.message}
                  </Alert>
                )}
                <Group>
                  <Button type="submit" loading={answer.isPending}>
                    Send my answers
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
