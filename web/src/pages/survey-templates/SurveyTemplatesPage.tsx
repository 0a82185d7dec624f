import { Anchor, Stack, Table, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { useSurveyTemplates } from '../../api/surveys.ts';
import { formatDate } from '../../components/forms.ts';
import { Empty, QueryState } from '../../components/States.tsx';
import { TableBox } from '../../components/TableBox.tsx';
import { usePageTitle } from '../../components/usePageTitle.ts';

/** The saved survey templates, by name; each opens in the question editor. */
export function SurveyTemplatesPage() {
  usePageTitle('Survey templates');
  const templates = useSurveyTemplates();
  return (
    <Stack>
      <Title order={2}>Survey templates</Title>
      <Text size="sm" c="dimmed">
        Sets of questions saved by name. A template is saved from the “Send a survey” dialogue on a partner’s
        page.
      </Text>
      <QueryState isPending={templates.isPending} error={templates.error}>
        {templates.data?.items.length ? (
          <TableBox minWidth={420} label="Survey templates">
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Questions</Table.Th>
                  <Table.Th>Version</Table.Th>
                  <Table.Th>Saved</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {templates.data.items.map((x) => (
                  <Table.Tr key={x.id}>
                    <Table.Td>
                      <Anchor component={Link} to={`/survey-templates/${x.id}`}>
                        {x.name}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>{x.questions.length}</Table.Td>
                    <Table.Td>{x.version}</Table.Td>
                    <Table.Td>{formatDate(x.updatedAt)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </TableBox>
        ) : (
          <Empty>No template saved yet.</Empty>
        )}
      </QueryState>
    </Stack>
  );
}
