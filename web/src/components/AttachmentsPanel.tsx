import {
  Alert,
  Anchor,
  Box,
  Button,
  Group,
  Loader,
  Modal,
  Stack,
  Text,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useState } from 'react';
import { type FileRejection, useDropzone } from 'react-dropzone';
import {
  attachmentExtensions,
  attachmentTypeLabel,
  formatBytes,
} from '../../../common/src/contracts/attachments.ts';
import {
  type AttachableKind,
  type Attachment,
  downloadUrl,
  useAttachFile,
  useAttachments,
  useRemoveAttachment,
} from '../api/attachments.ts';
import { ApiError } from '../api/client.ts';
import { formatDateTime, saved } from './forms.ts';
import { Empty } from './States.tsx';

/** What went wrong with one file, in the words the server used for its `file` field. */
function problemOf(fileName: string, error: unknown): string {
  const field = error instanceof ApiError ? error.errors.find((e) => e.field === 'file') : undefined;
  const message = field ? field.message : error instanceof Error ? error.message : 'could not be attached';
  return `${fileName} ${message}`;
}

/** Why the browser refused a dropped file before sending it (its size; the server checks the type from the bytes). */
function rejectionOf(rejection: FileRejection, maxBytes: number): string {
  const { file, errors } = rejection;
  if (errors.some((e) => e.code === 'file-too-large'))
    return `${file.name} is larger than ${formatBytes(maxBytes)}, the most Rapport takes`;
  if (errors.some((e) => e.code === 'file-invalid-type'))
    return `${file.name} is not a kind of file Rapport takes`;
  return `${file.name} could not be attached`;
}

/**
 * The files attached to one record: each to download, with its size, kind and who attached it,
 * removed by whoever may (its `can`), and a drop zone with a button to attach more.
 */
export function AttachmentsPanel({
  kind,
  id,
  recordName,
  headingOrder = 3,
}: {
  kind: AttachableKind;
  id: string;
  /** "the request", "this touch point": what the files are attached to, for labels. */
  recordName: string;
  headingOrder?: 2 | 3 | 4 | 5;
}) {
  const list = useAttachments(kind, id);
  const attach = useAttachFile(kind, id);
  const remove = useRemoveAttachment();
  const [problems, setProblems] = useState<string[]>([]);
  const [removing, setRemoving] = useState<Attachment | null>(null);
  const [uploading, setUploading] = useState<string | null>(null);
  const headingId = `attachments-${kind}-${id}`;

  async function upload(files: File[]) {
    const found: string[] = [];
    for (const file of files) {
      setUploading(file.name);
      try {
        await attach.mutateAsync(file);
        saved(`${file.name} attached`);
      } catch (error) {
        found.push(problemOf(file.name, error));
      }
    }
    setUploading(null);
    setProblems(found);
  }

  const data = list.data;
  const accept = data
    ? Object.fromEntries(data.limits.types.map((type) => [type, attachmentExtensions[type] ?? []]))
    : undefined;
  // The zone takes dropped files; the button (the keyboard's and the phone's way) opens the
  // browser's own file input. The zone itself is not a tab stop: the button is.
  const zone = useDropzone({
    onDropAccepted: (files) => void upload(files),
    onDropRejected: (rejections) =>
      data && setProblems(rejections.map((r) => rejectionOf(r, data.limits.maxBytes))),
    maxSize: data?.limits.maxBytes,
    accept,
    noClick: true,
    noKeyboard: true,
    // The input's own dialog, not the File System Access picker: the same everywhere, and the
    // file chooser the browser tests drive.
    useFsAccessApi: false,
    disabled: uploading !== null,
  });
  const inputId = `${headingId}-input`;
  return (
    <section aria-labelledby={headingId}>
      <Title order={headingOrder} size="h4" mb="xs" id={headingId}>
        Attachments
      </Title>
      {list.isPending && (
        <Group gap="xs" role="status">
          <Loader size="sm" aria-hidden />
          <Text size="sm">Loading the attachments…</Text>
        </Group>
      )}
      {list.error && (
        <Alert color="red" role="alert" title="Could not load the attachments">
          {list.error.message}
        </Alert>
      )}
      {data && (
        <Stack gap="sm">
          {data.items.length === 0 ? (
            <Empty>Nothing is attached to {recordName} yet.</Empty>
          ) : (
            <Stack gap="xs" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
              {data.items.map((a) => (
                <Group
                  key={a.id}
                  component="li"
                  justify="space-between"
                  wrap="nowrap"
                  align="flex-start"
                  gap="xs"
                >
                  <div style={{ minWidth: 0 }}>
                    <Anchor href={downloadUrl(a)} download={a.fileName} style={{ overflowWrap: 'anywhere' }}>
                      {a.fileName}
                    </Anchor>
                    <Text size="sm" c="dimmed">
                      {attachmentTypeLabel(a.contentType)} · {formatBytes(a.size)} · {a.uploadedByName} ·{' '}
                      <time dateTime={a.uploadedAt}>{formatDateTime(a.uploadedAt)}</time>
                    </Text>
                  </div>
                  {a.can.delete && (
                    <Button
                      size="compact-sm"
                      variant="subtle"
                      style={{ flexShrink: 0 }}
                      onClick={() => setRemoving(a)}
                      aria-label={`Remove ${a.fileName}`}
                    >
                      Remove
                    </Button>
                  )}
                </Group>
              ))}
            </Stack>
          )}
          {data.can.upload && (
            <Box
              {...zone.getRootProps({
                role: 'group',
                'aria-label': `Drop files here to attach them to ${recordName}`,
              })}
              p="md"
              data-active={zone.isDragActive || undefined}
              style={{
                border: `1px dashed ${zone.isDragActive ? 'var(--mantine-primary-color-filled)' : 'var(--mantine-color-default-border)'}`,
                borderRadius: 'var(--mantine-radius-default)',
                background: zone.isDragActive ? 'var(--mantine-primary-color-light)' : undefined,
              }}
            >
              {/* biome-ignore lint/a11y/noLabelWithoutControl: the input is named by htmlFor */}
              <VisuallyHidden renderRoot={(props) => <label {...props} htmlFor={inputId} />}>
                Files to attach to {recordName}
              </VisuallyHidden>
              <input {...zone.getInputProps({ id: inputId, 'aria-label': undefined })} />
              <Stack gap={4} align="center">
                <Text size="sm" ta="center">
                  {zone.isDragActive ? 'Drop the files to attach them' : 'Drop files here, or'}
                </Text>
                <Button size="compact-sm" variant="default" onClick={zone.open} loading={uploading !== null}>
                  Choose files
                </Button>
                <Text size="xs" c="dimmed" ta="center">
                  {data.limits.types.map(attachmentTypeLabel).join(', ')}; up to{' '}
                  {formatBytes(data.limits.maxBytes)} each
                </Text>
              </Stack>
            </Box>
          )}
          {uploading && (
            <Text size="sm" role="status">
              Attaching {uploading}…
            </Text>
          )}
          {problems.length > 0 && (
            <Alert
              color="red"
              role="alert"
              title="Not attached"
              withCloseButton
              closeButtonLabel="Dismiss"
              onClose={() => setProblems([])}
            >
              {problems.map((p) => (
                <Text key={p} size="sm">
                  {p}
                </Text>
              ))}
            </Alert>
          )}
        </Stack>
      )}
      <Modal opened={removing !== null} onClose={() => setRemoving(null)} title="Remove the file?">
        <Text size="sm">
          “{removing?.fileName}” will be removed from {recordName}. This cannot be undone.
        </Text>
        <Group justify="flex-end" mt="md">
          <Button variant="default" onClick={() => setRemoving(null)}>
            Keep it
          </Button>
          <Button
            color="red.9"
            loading={remove.isPending}
            onClick={() =>
              removing &&
              remove.mutate(removing, {
                onSuccess: () => {
                  saved(`${removing.fileName} removed`);
                  setRemoving(null);
                },
                onError: (e) => {
                  setProblems([problemOf(removing.fileName, e)]);
                  setRemoving(null);
                },
              })
            }
          >
            Remove
          </Button>
        </Group>
      </Modal>
    </section>
  );
}
