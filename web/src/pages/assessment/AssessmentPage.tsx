import { Anchor, Container, Stack, Text, Title } from '@mantine/core';
import { Link, useParams } from 'react-router';
import { useRelationshipAssessments } from '../../api/assessments.ts';
import { QueryState } from '../../components/States.tsx';
import { AssessmentHistory, GapView } from './AssessmentCharts.tsx';
import { AssessmentForm } from './AssessmentForm.tsx';

/** A relationship's maturity assessment: the latest two-sided view and gap, the history, and the form. */
export function AssessmentPage() {
  const { id = '' } = useParams();
  const query = useRelationshipAssessments(id);
  const data = query.data;
  // The gap is shown for the newest assessment the partner answered, else the newest.
  const shown = data?.items.find((a) => a.partner?.answeredAt) ?? data?.items[0];
  return (
    <Container size="lg" px={0}>
      <QueryState isPending={query.isPending} error={query.error}>
        {data && (
          <Stack>
            <div>
              <Anchor component={Link} to={`/partners/${data.partnerId}`} size="sm">
                {data.partnerName}
              </Anchor>
              <Title order={1} size="h2">
                Maturity assessment: {data.unitName} and {data.partnerName}
              </Title>
              <Text size="sm" c="dimmed">
                The relationship manager's checklist, scored by the unit and by the partner's key contact.
              </Text>
            </div>
            {shown ? <GapView assessment={shown} /> : null}
            <AssessmentHistory items={data.items} />
            {data.canAssess && <AssessmentForm data={data} />}
          </Stack>
        )}
      </QueryState>
    </Container>
  );
}
