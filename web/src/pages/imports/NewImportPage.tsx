import { Alert, Anchor, Button, Card, FileInput, List, Radio, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import {
  type ImportKind,
  importKindLabels,
  importKinds,
  importStatusLabels,
} from '../../../../common/src/labels/imports.ts';
import { ApiError } from '../../api/client.ts';
import { type Import, useImports, useUploadImport } from '../../api/imports.ts';
import { usePageTitle } from '../../components/usePageTitle.ts';

/** The first step of an import: what the rows are, and the file. */
export function NewImportPage() {
  usePageTitle('Import a spreadsheet');
  const navigate = useNavigate();
  const upload = useUploadImport();
  const [kind, setKind] = useState<ImportKind>('partners');
  const [file, setFile] = useState<File | null>(null);
  const problem =
    upload.error instanceof ApiError
      ? (upload.error.errors.find((e) => e.field === 'file')?.message ?? upload.error.message)
      : upload.error?.message;

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    if (!file) return;
    upload.mutate({ file, kind }, { onSuccess: (created) => navigate(`/imports/${created.id}`) });
  };

  return (
    <Stack maw={640}>
      <Title order={2}>Import a spreadsheet</Title>
      <Text size="sm">
        Bring a unit’s spreadsheet into Rapport: a CSV file (any encoding, any delimiter) or an Excel workbook
        (XLSX). The first row holds the headings. Nothing is stored as a record until you have checked the
        preview.
      </Text>
      <Card withBorder component="form" onSubmit={submit}>
        <Stack>
          <Radio.Group label="The rows are" value={kind} onChange={(v) => setKind(v as ImportKind)} required>
            <Stack gap="xs" mt="xs">
              {importKinds.map((k) => (
                <Radio key={k} value={k} label={importKindLabels[k]} />
              ))}
            </Stack>
          </Radio.Group>
          <FileInput
            label="Spreadsheet"
            description="CSV or XLSX"
            placeholder="Choose a file"
            accept=".csv,.txt,.tsv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            value={file}
            onChange={setFile}
            required
            clearable
            clearButtonProps={{ 'aria-label': 'Remove the chosen file' }}
          />
          {problem && (
            <Alert color="red" role="alert" title="This file cannot be imported">
              {problem}
            </Alert>
          )}
          <Button
            type="submit"
            loading={upload.isPending}
            disabled={!file}
            style={{ alignSelf: 'flex-start' }}
          >
            Upload and read it
          </Button>
        </Stack>
      </Card>
      <EarlierImports />
    </Stack>
  );
}

const day = (iso: string) =>
  new Date(iso).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric' });

/** The latest imports, each with its report and its file; a newcomer can try the wizard with one's file. */
function EarlierImports() {
  const imports = useImports();
  const items: Import[] = imports.data?.items ?? [];
  return (
    <section aria-labelledby="earlier-imports">
      <Title order={3} id="earlier-imports" size="h4" mb="xs">
        Earlier imports
      </Title>
      {imports.isPending ? (
        <Text size="sm">Loading earlier imports…</Text>
      ) : items.length === 0 ? (
        <Text size="sm">None yet.</Text>
      ) : (
        <List spacing="xs" size="sm">
          {items.map((i) => (
            <List.Item key={i.id}>
              <Anchor component={Link} to={`/imports/${i.id}`}>
                {i.fileName}
              </Anchor>{' '}
              ({importKindLabels[i.kind]}, {day(i.uploadedAt)}): {importStatusLabels[i.run.status]}
            </List.Item>
          ))}
        </List>
      )}
    </section>
  );
}
