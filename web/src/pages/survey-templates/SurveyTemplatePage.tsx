import { Alert, Anchor, Button, Group, List, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useEffect } from 'react';
import { Link, useParams } from 'react-router';
import { useChangeSurveyTemplate, useSurveyTemplate } from '../../api/surveys.ts';
import { formatDateTime, saved, showServerErrors } from '../../components/forms.ts';
import { QueryState } from '../../components/States.tsx';
import { usePageTitle } from '../../components/usePageTitle.ts';
import { QuestionEditor } from './QuestionEditor.tsx';
import {
  blankQuestion,
  onScreen,
  type TemplateValues,
  toBody,
  toValues,
  validateTemplate,
} from './questionForm.ts';

/** Edit a survey template's questions: add, remove, reorder, reword; saving adds a version, the earlier ones kept. */
export function SurveyTemplatePage() {
  const { id = '' } = useParams();
  const template = useSurveyTemplate(id);
  const change = useChangeSurveyTemplate(id);
  const t = template.data;
  usePageTitle(t ? `Survey template: ${t.name}` : 'Survey template');
  const form = useForm<TemplateValues>({
    initialValues: { name: '', questions: [] },
    validate: validateTemplate,
  });
  // biome-ignore lint/correctness/useExhaustiveDependencies: fill the form once per saved version
  useEffect(() => {
    if (!t) return;
    form.setValues({ name: t.name, questions: t.questions.map(toValues) });
    form.resetDirty();
  }, [t?.id, t?.version]);

  const submit = form.onSubmit(
    (values) =>
      t &&
      change.mutate(
        { version: t.version, body: toBody(values) },
        {
          onSuccess: (next) => saved(`Saved as version ${next.version}`),
          onError: (error) => showServerErrors(error, (errors) => form.setErrors(onScreen(errors))),
        },
      ),
  );
  const listError = form.errors.questions;

  return (
    <Stack>
      <Anchor component={Link} to="/survey-templates" size="sm">
        All survey templates
      </Anchor>
      <QueryState isPending={template.isPending} error={template.error}>
        {t && (
          <>
            <Title order={2}>{t.name}</Title>
            <Text size="sm" c="dimmed">
              Version {t.version}, saved by {t.createdByName}. Saving makes a new version; surveys already
              sent keep the questions they were sent with.
            </Text>
            {!t.canEdit && (
              <Alert color="blue" title="Read only">
                Only the template’s author or an administrator can edit it.
              </Alert>
            )}
            <form onSubmit={submit} noValidate aria-label="Edit the template">
              <fieldset
                disabled={!t.canEdit || change.isPending}
                style={{ border: 0, padding: 0, margin: 0 }}
              >
                <Stack>
                  <TextInput label="Name" required maxLength={200} {...form.getInputProps('name')} />
                  {listError && (
                    <Alert color="red" role="alert" title="Questions">
                      {listError}
                    </Alert>
                  )}
                  <Stack
                    component="ol"
                    gap="sm"
                    m={0}
                    p={0}
                    style={{ listStyle: 'none' }}
                    aria-label="Questions"
                  >
                    {form.values.questions.map((q, index) => (
                      <QuestionEditor
                        key={q.rowKey}
                        form={form}
                        index={index}
                        count={form.values.questions.length}
                      />
                    ))}
                  </Stack>
                  <Group>
                    <Button
                      variant="default"
                      disabled={form.values.questions.length >= 20}
                      onClick={() =>
                        form.insertListItem(
                          'questions',
                          blankQuestion(form.values.questions.map((q) => q.id)),
                        )
                      }
                    >
                      Add a question
                    </Button>
                    <Button type="submit" loading={change.isPending}>
                      Save as a new version
                    </Button>
                  </Group>
                </Stack>
              </fieldset>
            </form>
            <section aria-labelledby="template-versions">
              <Title order={3} size="h4" id="template-versions">
                Versions
              </Title>
              <List size="sm">
                {t.versions.map((v) => (
                  <List.Item key={v.version}>
                    Version {v.version}: {v.questions.length} questions, saved by {v.savedByName} on{' '}
                    {formatDateTime(v.savedAt)}
                  </List.Item>
                ))}
              </List>
            </section>
          </>
        )}
      </QueryState>
    </Stack>
  );
}
