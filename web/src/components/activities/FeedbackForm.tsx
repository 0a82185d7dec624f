import { Button, Group, Radio, Stack, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { type GiveFeedback, giveFeedbackBody } from '../../../../common/src/contracts/activity-feedback.ts';
import { FEEDBACK_RATINGS, feedbackRatingLabels } from '../../../../common/src/labels/activity-feedback.ts';
import { checkWith, showServerErrors } from '../forms.ts';

type Values = { rating: string; useful: string; change: string };

const toBody = (v: Values): GiveFeedback => ({
  rating: v.rating ? Number(v.rating) : (undefined as unknown as number),
  useful: v.useful || null,
  change: v.change || null,
});

/** The short feedback form: a rating, what was useful, what to change. Used by the link page and by staff. */
export function FeedbackForm({
  onSubmit,
  pending,
  idPrefix,
}: {
  onSubmit: (body: GiveFeedback, onError: (e: unknown) => void) => void;
  pending: boolean;
  idPrefix: string;
}) {
  const form = useForm<Values>({
    initialValues: { rating: '', useful: '', change: '' },
    validate: checkWith(giveFeedbackBody, toBody),
  });
  const submit = form.onSubmit((v) =>
    onSubmit(toBody(v), (e) => showServerErrors(e, form.setErrors, ['rating', 'useful', 'change'])),
  );
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <Radio.Group
          label="How was it?"
          withAsterisk
          id={`${idPrefix}-rating`}
          {...form.getInputProps('rating')}
        >
          <Group gap="md" mt={4} wrap="wrap">
            {[...FEEDBACK_RATINGS].reverse().map((r) => (
              <Radio key={r} value={String(r)} label={feedbackRatingLabels[r]} />
            ))}
          </Group>
        </Radio.Group>
        <Textarea
          label="What was useful?"
          autosize
          minRows={2}
          maxLength={2000}
          id={`${idPrefix}-useful`}
          {...form.getInputProps('useful')}
        />
        <Textarea
          label="What should we change?"
          autosize
          minRows={2}
          maxLength={2000}
          id={`${idPrefix}-change`}
          {...form.getInputProps('change')}
        />
        <Group>
          <Button type="submit" loading={pending}>
            Send feedback
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
