import {
  Button,
  Card,
  Group,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { surveyQuestionKindLabels, surveyQuestionKinds } from '../../../../common/src/labels/surveys.ts';
import type { TemplateValues } from './questionForm.ts';

/** One question of the template being edited: its key, kind, wording and the kind's own fields; move or remove it. */
export function QuestionEditor({
  form,
  index,
  count,
}: {
  form: UseFormReturnType<TemplateValues>;
  index: number;
  count: number;
}) {
  const q = form.values.questions[index]!;
  const path = (field: string) => `questions.${index}.${field}`;
  const headingId = `question-${q.rowKey}`;
  const label = `question ${index + 1}`;
  return (
    <Card withBorder component="li" aria-labelledby={headingId}>
      <Stack gap="xs">
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Title order={3} size="h5" id={headingId}>
            Question {index + 1}
          </Title>
          <Group gap="xs">
            <Button
              size="xs"
              variant="default"
              disabled={index === 0}
              onClick={() => form.reorderListItem('questions', { from: index, to: index - 1 })}
              aria-label={`Move ${label} up`}
            >
              Up
            </Button>
            <Button
              size="xs"
              variant="default"
              disabled={index === count - 1}
              onClick={() => form.reorderListItem('questions', { from: index, to: index + 1 })}
              aria-label={`Move ${label} down`}
            >
              Down
            </Button>
            <Button
              size="xs"
              color="red"
              variant="light"
              onClick={() => form.removeListItem('questions', index)}
              aria-label={`Remove ${label}`}
            >
              Remove
            </Button>
          </Group>
        </Group>
        <Textarea
          label="Question"
          required
          autosize
          minRows={1}
          maxLength={300}
          {...form.getInputProps(path('text'))}
        />
        <Group grow align="flex-start" wrap="wrap">
          <TextInput
            label="Key"
            description="Lower-case letters, digits and underscores; results are kept under it"
            required
            maxLength={40}
            {...form.getInputProps(path('id'))}
          />
          <Select
            label="Kind of answer"
            data={surveyQuestionKinds.map((k) => ({ value: k, label: surveyQuestionKindLabels[k] }))}
            allowDeselect={false}
            {...form.getInputProps(path('kind'))}
          />
        </Group>
        {q.kind === 'scale' && (
          <SimpleGrid cols={{ base: 2, sm: 4 }}>
            <NumberInput label="From" min={0} max={1} {...form.getInputProps(path('min'))} />
            <NumberInput label="To" min={2} max={10} {...form.getInputProps(path('max'))} />
            <TextInput
              label="Label of the low end"
              maxLength={60}
              {...form.getInputProps(path('lowLabel'))}
            />
            <TextInput
              label="Label of the high end"
              maxLength={60}
              {...form.getInputProps(path('highLabel'))}
            />
          </SimpleGrid>
        )}
        {q.kind === 'choice' && (
          <Textarea
            label="Options"
            description="One a line, two to ten"
            required
            autosize
            minRows={2}
            {...form.getInputProps(path('optionsText'))}
          />
        )}
      </Stack>
    </Card>
  );
}
