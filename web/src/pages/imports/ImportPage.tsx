import {
  Alert,
  Badge,
  Button,
  Card,
  Group,
  MultiSelect,
  SegmentedControl,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import {
  type ImportChoices,
  importActionsOf,
  importFields,
} from '../../../../common/src/contracts/imports.ts';
import {
  type ImportAction,
  importActionLabels,
  importKindLabels,
} from '../../../../common/src/labels/imports.ts';
import { ApiError } from '../../api/client.ts';
import {
  type Import,
  type ImportPreview,
  useChangeImport,
  useChooseForRows,
  useImport,
  useImportPreview,
  useRunImport,
  useSavedMappings,
  useSaveMapping,
} from '../../api/imports.ts';
import { QueryState } from '../../components/States.tsx';
import { TableBox } from '../../components/TableBox.tsx';
import { usePageTitle } from '../../components/usePageTitle.ts';
import { RunCard } from './RunCard.tsx';

const encodingNames: Record<string, string> = {
  'utf-8': 'UTF-8',
  'utf-16le': 'UTF-16',
  'utf-16be': 'UTF-16',
  'windows-1252': 'Windows-1252',
  'iso-8859-1': 'ISO-8859-1',
  'iso-8859-15': 'ISO-8859-15',
  'windows-1250': 'Windows-1250',
  'iso-8859-2': 'ISO-8859-2',
};
const delimiterNames: Record<string, string> = {
  ',': 'commas',
  ';': 'semicolons',
  '\t': 'tabs',
  '|': 'bars',
};
/** The choice of no column (a heading is never this: headings are at most 200 characters of text). */
const NOT_IMPORTED = '\u0000none';
const count = (n: number) => n.toLocaleString('en-GB');

/** An uploaded spreadsheet: how it was read, the mapping of its columns, and the preview. */
export function ImportPage() {
  const { id = '' } = useParams();
  const found = useImport(id);
  usePageTitle(found.data?.fileName, 'Import');
  return (
    <QueryState isPending={found.isPending} error={found.error}>
      {found.data && <ImportSteps key={found.data.id} upload={found.data} />}
    </QueryState>
  );
}

function ImportSteps({ upload }: { upload: Import }) {
  return (
    <Stack>
      <Group justify="space-between" wrap="wrap">
        <Title order={2}>Import {upload.fileName}</Title>
        <Button component={Link} to="/imports" variant="default">
          Import another file
        </Button>
      </Group>
      <Text size="sm">
        {importKindLabels[upload.kind]}: {count(upload.rowCount)} {upload.rowCount === 1 ? 'row' : 'rows'}{' '}
        under {count(upload.columns.length)} headings
        {upload.format === 'csv'
          ? `, read as ${encodingNames[upload.encoding ?? ''] ?? upload.encoding} with ${delimiterNames[upload.delimiter ?? ''] ?? upload.delimiter} between cells.`
          : `, from the sheet “${upload.sheet}”.`}
      </Text>
      {upload.sameFileAs && upload.run.status === 'uploaded' && <SameFile upload={upload} />}
      {upload.run.status !== 'uploaded' ? <RunCard upload={upload} /> : <Wizard upload={upload} />}
    </Stack>
  );
}

/** The same bytes were uploaded before: offer to update what that import brought in, not to duplicate it. */
function SameFile({ upload }: { upload: Import }) {
  const choose = useChooseForRows(upload.id);
  const same = upload.sameFileAs!;
  const imported = same.status === 'finished';
  const updating = upload.choices.all === 'update';
  return (
    <Alert color="yellow" title="You have imported this file before">
      <Stack gap="xs">
        <Text size="sm">
          The same file ({same.fileName}) was uploaded on{' '}
          {new Date(same.uploadedAt).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' })}
          {imported ? ` and imported: it created ${count(same.created)} records.` : ', but not imported.'}
        </Text>
        {imported &&
          (updating ? (
            <Text size="sm" role="status">
              Rows that match a record will update it rather than make a new one.
            </Text>
          ) : (
            <Button
              size="xs"
              variant="default"
              style={{ alignSelf: 'flex-start' }}
              loading={choose.isPending}
              onClick={() => choose.mutate({ ...upload.choices, all: 'update' })}
            >
              Update the records it brought in instead of duplicating them
            </Button>
          ))}
      </Stack>
    </Alert>
  );
}

function Wizard({ upload }: { upload: Import }) {
  const change = useChangeImport(upload.id);
  const [mapping, setMapping] = useState<Record<string, string>>(upload.mapping);
  const [checked, setChecked] = useState(false);
  useEffect(() => setMapping(upload.mapping), [upload.mapping]);
  const fields = importFields[upload.kind];
  const missing = fields.filter((f) => f.required && !mapping[f.key]);
  const saved = JSON.stringify(upload.mapping);
  const preview = useImportPreview(upload.id, saved, checked && saved === JSON.stringify(mapping));
  const refusal = change.error instanceof ApiError ? change.error : null;

  const setField = (key: string, column: string | null) => {
    setChecked(false);
    setMapping((current) => {
      const next = { ...current };
      if (column) next[key] = column;
      else delete next[key];
      return next;
    });
  };

  const check = () => change.mutate({ mapping }, { onSuccess: () => setChecked(true) });

  return (
    <>
      {upload.format === 'xlsx' && upload.sheets.length > 1 && (
        <Select
          label="Sheet"
          data={upload.sheets}
          value={upload.sheet}
          allowDeselect={false}
          onChange={(sheet) => sheet && change.mutate({ sheet }, { onSuccess: () => setChecked(false) })}
          maw={320}
        />
      )}
      <MappingCard upload={upload} mapping={mapping} setField={setField} apply={setMapping} />
      {refusal && (
        <Alert color="red" role="alert" title={refusal.message}>
          <ul style={{ margin: 0, paddingInlineStart: '1.2em' }}>
            {refusal.errors.map((e) => (
              <li key={e.field + e.message}>
                {fields.find((f) => `mapping.${f.key}` === e.field)?.label ?? e.field} {e.message}
              </li>
            ))}
          </ul>
        </Alert>
      )}
      <Group>
        <Button
          onClick={check}
          loading={change.isPending || preview.isFetching}
          disabled={missing.length > 0}
        >
          Check the rows
        </Button>
        {missing.length > 0 && (
          <Text size="sm" c="var(--mantine-color-error)">
            Choose the column for {missing.map((f) => f.label).join(' and ')}: it is required.
          </Text>
        )}
      </Group>
      {checked && <Preview upload={upload} preview={preview} />}
    </>
  );
}

function MappingCard({
  upload,
  mapping,
  setField,
  apply,
}: {
  upload: Import;
  mapping: Record<string, string>;
  setField: (key: string, column: string | null) => void;
  apply: (mapping: Record<string, string>) => void;
}) {
  const savedMappings = useSavedMappings(upload.kind);
  const save = useSaveMapping();
  const [name, setName] = useState('');
  const used = new Set(Object.values(mapping));
  const choices = savedMappings.data?.items ?? [];
  const saveError =
    save.error instanceof ApiError ? (save.error.fieldErrors().name ?? save.error.message) : null;
  return (
    <Card withBorder>
      <Stack>
        <Title order={3}>Columns</Title>
        <Text size="sm" c="dimmed">
          Each field is filled from the column chosen; the columns were matched by their headings. Columns not
          chosen are not imported.
        </Text>
        {choices.length > 0 && (
          <Select
            label="Use a saved mapping"
            placeholder="Choose one"
            data={choices.map((m) => ({ value: m.id, label: m.name }))}
            onChange={(chosen) => {
              const found = choices.find((m) => m.id === chosen);
              if (found)
                apply(
                  Object.fromEntries(
                    Object.entries(found.mapping).filter(([, c]) => upload.columns.includes(c)),
                  ),
                );
            }}
            maw={360}
          />
        )}
        <TableBox label="Columns for each field" minWidth={480}>
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Field</Table.Th>
                <Table.Th scope="col">Column in the file</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {importFields[upload.kind].map((field) => (
                <Table.Tr key={field.key}>
                  <Table.Td>
                    <Text size="sm" fw={500}>
                      {field.label}
                      {field.required && (
                        <Badge ml="xs" size="xs" variant="outline" color="red.9">
                          required
                        </Badge>
                      )}
                    </Text>
                    {field.hint && (
                      <Text size="xs" c="dimmed">
                        {field.hint}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Select
                      aria-label={`Column for ${field.label}`}
                      allowDeselect={false}
                      value={mapping[field.key] ?? NOT_IMPORTED}
                      onChange={(column) => setField(field.key, column === NOT_IMPORTED ? null : column)}
                      data={[
                        { value: NOT_IMPORTED, label: 'Not imported' },
                        ...upload.columns.map((c) => ({
                          value: c,
                          label: c,
                          disabled: used.has(c) && mapping[field.key] !== c,
                        })),
                      ]}
                      error={field.required && !mapping[field.key] ? 'Required: choose a column' : undefined}
                    />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </TableBox>
        <Group align="flex-end" wrap="wrap">
          <TextInput
            label="Save this mapping as"
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={saveError}
            maw={320}
          />
          <Button
            variant="default"
            disabled={!name.trim()}
            loading={save.isPending}
            onClick={() =>
              save.mutate({ name, kind: upload.kind, mapping }, { onSuccess: () => setName('') })
            }
          >
            Save mapping
          </Button>
          {save.isSuccess && (
            <Text size="sm" role="status">
              Saved as “{save.data.name}”.
            </Text>
          )}
        </Group>
      </Stack>
    </Card>
  );
}

function Preview({ upload, preview }: { upload: Import; preview: ReturnType<typeof useImportPreview> }) {
  return (
    <Card withBorder>
      <QueryState isPending={preview.isPending} error={preview.error}>
        {preview.data && (
          <Stack>
            <Title order={3}>Preview</Title>
            <Text size="sm" aria-live="polite">
              {count(preview.data.rowCount)} rows checked:{' '}
              {preview.data.rowsWithErrors === 0
                ? 'no problems found.'
                : `${count(preview.data.rowsWithErrors)} with problems (${count(preview.data.errorCount)} in all).`}
            </Text>
            <TableBox
              label="The first rows as they will be stored"
              minWidth={160 * preview.data.fields.length}
            >
              <Table striped>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">Row</Table.Th>
                    {preview.data.fields.map((f) => (
                      <Table.Th scope="col" key={f.key}>
                        {f.label}
                      </Table.Th>
                    ))}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {preview.data.rows.map((r) => (
                    <Table.Tr key={r.row}>
                      <Table.Td>{r.row}</Table.Td>
                      {r.values.map((v, i) => (
                        <Table.Td key={preview.data.fields[i]!.key}>{v ?? '—'}</Table.Td>
                      ))}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </TableBox>
            {preview.data.errors.length > 0 && (
              <>
                <Title order={4}>Problems</Title>
                <TableBox label="Problems by row and column" minWidth={480}>
                  <Table>
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th scope="col">Row</Table.Th>
                        <Table.Th scope="col">Column</Table.Th>
                        <Table.Th scope="col">Problem</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {preview.data.errors.map((e) => (
                        <Table.Tr key={`${e.row}-${e.column}-${e.message}`}>
                          <Table.Td>{e.row}</Table.Td>
                          <Table.Td>{e.column ?? 'the whole row'}</Table.Td>
                          <Table.Td>{e.message}</Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </TableBox>
                {preview.data.errorCount > preview.data.errors.length && (
                  <Text size="sm" c="dimmed">
                    The first {count(preview.data.errors.length)} of {count(preview.data.errorCount)} problems
                    are shown.
                  </Text>
                )}
              </>
            )}
            <Duplicates upload={upload} preview={preview.data} />
            <RunButton upload={upload} />
          </Stack>
        )}
      </QueryState>
    </Card>
  );
}

/** Runs the import in the background; the page then shows its progress. */
function RunButton({ upload }: { upload: Import }) {
  const run = useRunImport(upload.id);
  const refusal = run.error instanceof ApiError ? run.error : null;
  return (
    <Stack gap="xs">
      <Text size="sm">
        Rows with problems are not imported; the report says why. A row with a match and no choice is skipped.
      </Text>
      <Button onClick={() => run.mutate()} loading={run.isPending} style={{ alignSelf: 'flex-start' }}>
        Run the import
      </Button>
      {run.error && (
        <Alert color="red" role="alert" title={run.error.message}>
          {refusal?.errors.map((e) => e.message).join('; ')}
        </Alert>
      )}
    </Stack>
  );
}

const actionWords: Record<ImportAction, string> = { create: 'Create', update: 'Update', skip: 'Skip' };

/** Rows that may be records Rapport has (or an earlier row): what becomes of each, or of all alike. */
function Duplicates({ upload, preview }: { upload: Import; preview: ImportPreview }) {
  const change = useChooseForRows(upload.id);
  const [choices, setChoices] = useState<ImportChoices>(upload.choices);
  if (preview.duplicates.length === 0) return null;
  const save = (next: ImportChoices) => {
    setChoices(next);
    change.mutate(next);
  };
  const mapped = importFields[upload.kind].filter((f) => upload.mapping[f.key]);
  return (
    <Stack gap="sm">
      <Title order={4}>Possible duplicates ({count(preview.duplicateCount)})</Title>
      <Select
        label="For every row with a match"
        data={[
          { value: '', label: 'Choose row by row' },
          ...importActionsOf[upload.kind].map((a) => ({ value: a, label: importActionLabels[a] })),
        ]}
        value={choices.all ?? ''}
        allowDeselect={false}
        onChange={(value) => save({ ...choices, all: (value || null) as ImportAction | null })}
        maw={360}
      />
      {preview.duplicates.map((d) => {
        const own = choices.rows[String(d.row)];
        // A row with no choice is skipped by the run: shown so.
        const action = own?.action ?? choices.all ?? 'skip';
        const setRow = (next: Partial<NonNullable<typeof own>>) =>
          save({
            ...choices,
            rows: { ...choices.rows, [String(d.row)]: { action, ...own, ...next } },
          });
        const records = d.matches.filter((m) => m.recordId);
        return (
          <Card withBorder key={d.row} component="section" aria-label={`Row ${d.row}: ${d.name}`}>
            <Stack gap="xs">
              <Text size="sm" fw={600}>
                Row {d.row}: {d.name}
              </Text>
              <ul style={{ margin: 0, paddingInlineStart: '1.2em' }}>
                {d.matches.map((m) => (
                  <li key={m.recordId ?? `row-${m.row}`}>
                    <Text size="sm" span>
                      {m.recordId ? `${m.name}, in Rapport` : `${m.name}, row ${m.row} of this file`}:{' '}
                      {m.evidence.join(', ')}
                    </Text>
                  </li>
                ))}
              </ul>
              <SegmentedControl
                aria-label={`What becomes of row ${d.row}`}
                value={action}
                onChange={(value) => setRow({ action: value as ImportAction })}
                data={importActionsOf[upload.kind].map((a) => ({ value: a, label: actionWords[a] }))}
                style={{ alignSelf: 'flex-start' }}
              />
              {action === 'update' && records.length > 1 && (
                <Select
                  label="The record to update"
                  data={records.map((m) => ({ value: m.recordId!, label: m.name }))}
                  value={own?.recordId ?? records[0]!.recordId}
                  allowDeselect={false}
                  onChange={(recordId) => setRow({ recordId })}
                  maw={360}
                />
              )}
              {action === 'update' && (
                <MultiSelect
                  label="Fields taken from the file"
                  description="The others keep the value Rapport has"
                  data={mapped.map((f) => ({ value: f.key, label: f.label }))}
                  value={own?.fields ?? mapped.map((f) => f.key)}
                  onChange={(fields) => setRow({ fields })}
                  maw={480}
                />
              )}
            </Stack>
          </Card>
        );
      })}
      {preview.duplicateCount > preview.duplicates.length && (
        <Text size="sm" c="dimmed">
          The first {count(preview.duplicates.length)} rows with matches are shown; the choice for every row
          applies to the rest.
        </Text>
      )}
      {change.error && (
        <Alert color="red" role="alert" title="The choices were not saved">
          {change.error.message}
        </Alert>
      )}
    </Stack>
  );
}
