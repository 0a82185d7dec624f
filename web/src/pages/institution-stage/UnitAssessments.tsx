import { Card, Table, Text, Title } from '@mantine/core';
import type { AssessmentsByUnit } from '../../../../common/src/contracts/assessments.ts';
import { maturityStageLabels, maturityStages } from '../../../../common/src/labels/assessments.ts';
import { useAssessmentsByUnit } from '../../api/assessments.ts';
import { Empty, QueryState } from '../../components/States.tsx';
import { TableBox } from '../../components/TableBox.tsx';

const figure = (n: number | null) => (n === null ? '—' : n.toFixed(2));
const gapText = (n: number | null) => (n === null ? '—' : n > 0 ? `+${n.toFixed(2)}` : n.toFixed(2));

function UnitRows({ data }: { data: AssessmentsByUnit }) {
  if (!data.units.length) return <Empty>No unit has an active relationship yet.</Empty>;
  return (
    <TableBox minWidth={900} label="Maturity assessments by unit">
      <Table striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Unit</Table.Th>
            <Table.Th scope="col" ta="right">
              Relationships assessed
            </Table.Th>
            {maturityStages.map((s) => (
              <Table.Th key={s} scope="col" ta="right">
                {maturityStageLabels[s]}
              </Table.Th>
            ))}
            <Table.Th scope="col" ta="right">
              Our mean
            </Table.Th>
            <Table.Th scope="col" ta="right">
              Partners' mean
            </Table.Th>
            <Table.Th scope="col" ta="right">
              Gap
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {data.units.map((u) => (
            <Table.Tr key={u.unitId}>
              <Table.Th scope="row" fw={400}>
                {u.unitName}
              </Table.Th>
              <Table.Td ta="right">
                {u.assessed} of {u.activeRelationships}
              </Table.Td>
              {maturityStages.map((s) => (
                <Table.Td key={s} ta="right">
                  {u.stages[s]}
                </Table.Td>
              ))}
              <Table.Td ta="right">{figure(u.unitMean)}</Table.Td>
              <Table.Td ta="right">
                {figure(u.partnerMean)}
                {u.partnerAnswered ? ` (${u.partnerAnswered} answered)` : ''}
              </Table.Td>
              <Table.Td ta="right">{gapText(u.meanGap)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </TableBox>
  );
}

/** Maturity assessments across units: the latest of each relationship, stages, both sides and the gap. */
export function UnitAssessments({ enabled }: { enabled: boolean }) {
  const query = useAssessmentsByUnit(enabled);
  return (
    <Card withBorder component="section" aria-labelledby="unit-assessments">
      <Title order={3} size="h4" id="unit-assessments">
        Maturity assessments by unit
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        The latest assessment of each relationship on the relationship manager's checklist: how many gave each
        stage, the mean of the unit's scores (0–4), the partners' where their key contact answered, and the
        gap (the partners' mean less the unit's: below zero, the partners see it less well).
      </Text>
      <QueryState isPending={query.isPending} error={query.error}>
        {query.data && <UnitRows data={query.data} />}
      </QueryState>
    </Card>
  );
}
