import {
  Button,
  Checkbox,
  Group,
  Modal,
  MultiSelect,
  NumberInput,
  Select,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useEffect } from 'react';
import {
  ANONYMITY_THRESHOLD_DEFAULT,
  type PartnerSurveys,
  type SurveyQuestion,
  surveyTemplate,
} from '../../../../common/src/contracts/surveys.ts';
import { useCreateSurveyTemplate, useSendSurvey, useSurveyTemplates } from '../../api/surveys.ts';
import { saved, showServerErrors } from '../forms.ts';

/** The built-in questions, when no saved template is chosen. */
const STANDARD = 'standard';

const describe = (q: SurveyQuestion) =>
  q.kind === 'scale'
    ? `Scale ${q.min}–${q.max}`
    : q.kind === 'choice'
      ? `One of: ${q.options.join(', ')}`
      : 'Free text';

type Values = {
  relationshipId: string;
  templateId: string;
  saveAs: string;
  title: string;
  questionIds: string[];
  contactIds: string[];
  closesOn: string;
  visibility: 'institution' | 'unit' | 'confidential';
  anonymityThreshold: number | string;
};

/** A fortnight from now (a day either side of midnight makes no difference to a closing day this far off). */
const inTwoWeeks = () => new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);

/** Send a survey: which relationship, the questions from the template, the contacts asked, the closing day. */
export function SendSurveyModal({
  opened,
  onClose,
  data,
}: {
  opened: boolean;
  onClose: () => void;
  data: PartnerSurveys;
}) {
  const send = useSendSurvey();
  const templates = useSurveyTemplates(opened);
  const saveTemplate = useCreateSurveyTemplate();
  const form = useForm<Values>({
    initialValues: {
      relationshipId: '',
      templateId: STANDARD,
      saveAs: '',
      title: 'How are we doing?',
      questionIds: surveyTemplate.map((q) => q.id),
      contactIds: [],
      closesOn: inTwoWeeks(),
      visibility: 'institution',
      anonymityThreshold: ANONYMITY_THRESHOLD_DEFAULT,
    },
    validate: {
      relationshipId: (v) => (v ? null : 'Choose the relationship'),
      title: (v) => (v.trim() ? null : 'Enter a title'),
      questionIds: (v) => (v.length ? null : 'Choose at least one question'),
      contactIds: (v) => (v.length ? null : 'Choose at least one contact'),
      closesOn: (v) => (v ? null : 'Choose the closing day'),
    },
  });
  // biome-ignore lint/correctness/useExhaustiveDependencies: fill the form when the dialog opens
  useEffect(() => {
    if (!opened) return;
    form.reset();
    form.setFieldValue(
      'relationshipId',
      data.canSendFor.length === 1 ? data.canSendFor[0]!.relationshipId : '',
    );
  }, [opened]);

  const chosen = templates.data?.items.find((x) => x.id === form.values.templateId);
  const offered = chosen?.questions ?? surveyTemplate;

  const submit = form.onSubmit(async (v) => {
    const questions = offered.filter((q) => v.questionIds.includes(q.id));
    let templateId = chosen?.id ?? null;
    if (v.saveAs.trim()) {
      // Saved first, so the survey records the template (version 1) it was sent from.
      try {
        templateId = (await saveTemplate.mutateAsync({ name: v.saveAs, questions })).id;
      } catch (error) {
        showServerErrors(error, (errors) =>
          form.setErrors({ saveAs: errors.name ?? Object.values(errors)[0] }),
        );
        return;
      }
    }
    send.mutate(
      {
        relationshipId: v.relationshipId,
        body: {
          title: v.title,
          questions,
          templateId,
          contactIds: v.contactIds,
          closesOn: v.closesOn,
          visibility: v.visibility,
          anonymityThreshold: Number(v.anonymityThreshold),
        },
      },
      {
        onSuccess: ({ sent }) => {
          const left = sent.noConsent + sent.noEmail;
          saved(
            `Survey sent to ${sent.asked} ${sent.asked === 1 ? 'contact' : 'contacts'}${left ? `; ${left} left out (no consent for surveys or no e-mail address)` : ''}`,
          );
          onClose();
        },
        onError: (error) =>
          showServerErrors(error, form.setErrors, [
            'title',
            'templateId',
            'contactIds',
            'closesOn',
            'anonymityThreshold',
          ]),
      },
    );
  });

  return (
    <Modal opened={opened} onClose={onClose} title="Send a survey" size="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          <Select
            label="Relationship"
            description="Whose relationship the contacts are asked about"
            data={data.canSendFor.map((r) => ({ value: r.relationshipId, label: r.unitName }))}
            required
            {...form.getInputProps('relationshipId')}
          />
          <TextInput label="Title" required maxLength={200} {...form.getInputProps('title')} />
          <Select
            label="Questions from"
            data={[
              { value: STANDARD, label: 'The standard questions' },
              ...(templates.data?.items ?? []).map((x) => ({
                value: x.id,
                label: `${x.name} (version ${x.version})`,
              })),
            ]}
            allowDeselect={false}
            {...form.getInputProps('templateId')}
            onChange={(value) => {
              const next = templates.data?.items.find((x) => x.id === value);
              form.setFieldValue('templateId', value ?? STANDARD);
              form.setFieldValue(
                'questionIds',
                (next?.questions ?? surveyTemplate).map((q) => q.id),
              );
            }}
          />
          <Checkbox.Group label="Questions" required {...form.getInputProps('questionIds')}>
            <Stack gap="xs" mt="xs">
              {offered.map((q) => (
                <Checkbox key={q.id} value={q.id} label={q.text} description={describe(q)} />
              ))}
            </Stack>
          </Checkbox.Group>
          <TextInput
            label="Save these questions as a template named"
            description="Optional: colleagues can then start from them"
            maxLength={200}
            {...form.getInputProps('saveAs')}
          />
          <MultiSelect
            label="Contacts asked"
            description="Current contacts of the partner with an e-mail address; consent and do not contact are checked on sending"
            data={data.recipients.map((c) => ({
              value: c.contactId,
              label: c.role ? `${c.name} (${c.role})` : c.name,
            }))}
            searchable
            required
            nothingFoundMessage="No contact with an e-mail address"
            {...form.getInputProps('contactIds')}
          />
          <Group grow align="flex-start" wrap="wrap">
            <TextInput label="Last day to answer" type="date" required {...form.getInputProps('closesOn')} />
            <NumberInput
              label="Anonymity threshold"
              description="No breakdown below this many answers"
              min={3}
              max={100}
              {...form.getInputProps('anonymityThreshold')}
            />
          </Group>
          <Select
            label="Who may read the results"
            data={[
              { value: 'institution', label: 'Everyone at the university' },
              { value: 'unit', label: 'My unit only' },
              { value: 'confidential', label: 'Confidential: only me' },
            ]}
            allowDeselect={false}
            {...form.getInputProps('visibility')}
          />
          <Text size="sm" c="dimmed">
            Each contact gets their own link by e-mail. It needs no account and can be used once.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={send.isPending || saveTemplate.isPending}>
              Send
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
