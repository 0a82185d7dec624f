import { Alert, Anchor, Badge, Button, Card, Group, Progress, Stack, Text, Title } from '@mantine/core';
import { importStatusLabels } from '../../../../common/src/labels/imports.ts';
import { ApiError } from '../../api/client.ts';
import { fileUrl, type Import, reportUrl, useRunImport, useUndoImport } from '../../api/imports.ts';

const count = (n: number) => n.toLocaleString('en-GB');
const when = (iso: string) =>
  new Date(iso).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });

/** "about 2 minutes", "about 40 seconds": the time left, as a person would say it. */
function timeLeft(seconds: number) {
  if (seconds < 60) return `about ${seconds} ${seconds === 1 ? 'second' : 'seconds'}`;
  const minutes = Math.round(seconds / 60);
  return `about ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}`;
}

/** The status says itself in words; only a stopped run is marked in red (both pass AA contrast). */
const statusColours: Record<string, string> = { failed: 'red.9' };

/** The run of an import: its progress while it runs, then what it did, the report and the undo. */
export function RunCard({ upload }: { upload: Import }) {
  const { run } = upload;
  const again = useRunImport(upload.id);
  const undo = useUndoImport(upload.id);
  const percent = upload.rowCount ? Math.floor((run.rowsDone / upload.rowCount) * 100) : 100;
  const active = run.status === 'running' || run.status === 'undoing';
  const refusal = again.error ?? undo.error;
  const refusalText =
    refusal instanceof ApiError && refusal.errors.length
      ? refusal.errors.map((e) => e.message).join('; ')
      : refusal?.message;
  const canUndo =
    run.status === 'finished' && run.undoableUntil && Date.parse(run.undoableUntil) > Date.now();
  return (
    <Card withBorder component="section" aria-labelledby="import-run">
      <Stack>
        <Group justify="space-between" wrap="wrap">
          <Title order={3} id="import-run">
            Import run
          </Title>
          <Badge color={statusColours[run.status] ?? 'gray.8'} variant="outline">
            {importStatusLabels[run.status]}
          </Badge>
        </Group>
        <Progress.Root size="lg">
          <Progress.Section value={percent} aria-label="Rows done" animated={run.status === 'running'} />
        </Progress.Root>
        <Text size="sm" aria-live="polite">
          {count(run.rowsDone)} of {count(upload.rowCount)} rows done
          {run.rowsPerSecond !== null && `, ${count(run.rowsPerSecond)} rows a second`}
          {run.status === 'running' && run.secondsLeft !== null && `, ${timeLeft(run.secondsLeft)} left`}.
        </Text>
        <Group gap="lg" wrap="wrap" aria-label="What happened to the rows" role="group">
          <Text size="sm">Created: {count(run.created)}</Text>
          <Text size="sm">Updated: {count(run.updated)}</Text>
          <Text size="sm">Skipped: {count(run.skipped)}</Text>
          <Text size="sm">Failed: {count(run.failed)}</Text>
        </Group>
        {run.status === 'undoing' && (
          <Text size="sm">Putting back what the import did: {count(run.undone)} rows so far.</Text>
        )}
        {run.status === 'undone' && run.undoneAt && (
          <Text size="sm">
            Undone on {when(run.undoneAt)}: {count(run.undone)} rows put back. The report says what became of
            each.
          </Text>
        )}
        {run.error && (
          <Alert color="red" role="alert" title="The import stopped">
            {run.error}
          </Alert>
        )}
        {!active && (
          <Group wrap="wrap">
            <Anchor href={reportUrl(upload.id, 'csv')} download>
              Download the report (CSV)
            </Anchor>
            <Anchor href={reportUrl(upload.id, 'xlsx')} download>
              Download the report (XLSX)
            </Anchor>
            <Anchor href={fileUrl(upload.id)} download>
              Download the file as uploaded
            </Anchor>
          </Group>
        )}
        {run.status === 'failed' && (
          <Button
            onClick={() => again.mutate()}
            loading={again.isPending}
            style={{ alignSelf: 'flex-start' }}
          >
            Run it again from where it stopped
          </Button>
        )}
        {canUndo && (
          <Stack gap="xs">
            <Text size="sm">
              Until {when(run.undoableUntil!)}, the whole import can be undone: what it created is removed and
              what it changed is put back.
            </Text>
            <Button
              variant="default"
              color="red"
              onClick={() => undo.mutate()}
              loading={undo.isPending}
              style={{ alignSelf: 'flex-start' }}
            >
              Undo this import
            </Button>
          </Stack>
        )}
        {refusal && (
          <Alert color="red" role="alert" title={refusal.message}>
            {refusalText}
          </Alert>
        )}
      </Stack>
    </Card>
  );
}
