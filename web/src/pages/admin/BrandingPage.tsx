import {
  Alert,
  Button,
  ColorInput,
  FileButton,
  Group,
  Paper,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconPhotoUp, IconTrash } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { AA_TEXT, contrastRatio } from '../../../../common/src/colour.ts';
import {
  type Branding,
  LOGO_MAX_BYTES,
  type UpdateBranding,
  updateBrandingBody,
} from '../../../../common/src/contracts/branding.ts';
import { logoTypes } from '../../../../common/src/labels/branding.ts';
import { useBranding } from '../../api/branding.ts';
import { ApiError, api, csrfHeader } from '../../api/client.ts';
import { checkWith, saved, showServerErrors } from '../../components/forms.ts';
import { QueryState } from '../../components/States.tsx';
import { usePageTitle } from '../../components/usePageTitle.ts';

type Values = { name: string; primaryColour: string };
const toBody = (v: Values): UpdateBranding => ({
  name: v.name.trim() || null,
  primaryColour: v.primaryColour.trim() ? v.primaryColour.trim().toLowerCase() : null,
});

/** How white text reads on a colour, in words a web team checks against WCAG. */
function contrastInWords(colour: string) {
  if (!/^#[0-9a-fA-F]{6}$/.test(colour)) return null;
  const ratio = contrastRatio(colour, '#ffffff');
  return `White text on it reads at ${ratio.toFixed(1)}:1 (${ratio >= AA_TEXT ? 'meets' : 'below'} the ${AA_TEXT}:1 of WCAG 2.2 AA).`;
}

function NameAndColour({ branding }: { branding: Branding }) {
  const client = useQueryClient();
  const form = useForm<Values>({
    initialValues: { name: branding.name ?? '', primaryColour: branding.primaryColour ?? '' },
    validate: checkWith(updateBrandingBody, toBody),
  });
  const [saving, setSaving] = useState(false);
  const submit = form.onSubmit(async (values) => {
    setSaving(true);
    try {
      const next = await api<Branding>('PUT', '/branding', toBody(values));
      client.setQueryData(['branding'], next);
      saved('Branding saved');
    } catch (error) {
      showServerErrors(error, form.setErrors);
    } finally {
      setSaving(false);
    }
  });
  const words = contrastInWords(form.values.primaryColour);
  return (
    <form noValidate onSubmit={submit}>
      <Stack gap="sm">
        <TextInput
          label="University name"
          description="Shown beside Rapport in the header and on the sign-in page"
          {...form.getInputProps('name')}
        />
        <ColorInput
          label="Primary colour"
          description={words ?? 'Leave empty to keep Rapport’s teal'}
          format="hex"
          eyeDropperButtonProps={{ 'aria-label': 'Pick a colour from the screen' }}
          placeholder="#0b6d68"
          swatches={['#0b6d68', '#1f3a93', '#6a1b9a', '#8b1a1a', '#1b5e20', '#37474f']}
          {...form.getInputProps('primaryColour')}
        />
        <Group>
          <Button type="submit" loading={saving}>
            Save name and colour
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function Logo({ branding }: { branding: Branding }) {
  const client = useQueryClient();
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const send = async (method: 'PUT' | 'DELETE', file?: File) => {
    setProblem(null);
    if (file && file.size > LOGO_MAX_BYTES) {
      setProblem(
        `The logo must be at most ${LOGO_MAX_BYTES / 1024} KB; this file is ${Math.ceil(file.size / 1024)} KB.`,
      );
      return;
    }
    setBusy(true);
    try {
      // The image goes as the body, typed as what it is (the server checks the bytes again).
      const response = await fetch('/api/v1/branding/logo', {
        method,
        credentials: 'same-origin',
        headers: {
          ...csrfHeader(),
          ...(file ? { 'content-type': file.type || 'application/octet-stream' } : {}),
        },
        body: file,
      });
      const data = await response.json().catch(() => ({}));
      if (!response.ok) {
        const errors = (data as { errors?: { message: string }[] }).errors;
        throw new ApiError(
          response.status,
          errors?.[0]?.message ?? (data as { detail?: string }).detail ?? 'Not saved',
        );
      }
      client.setQueryData(['branding'], data as Branding);
      saved(method === 'PUT' ? 'Logo saved' : 'Logo removed');
    } catch (error) {
      setProblem(
        error instanceof ApiError && error.status === 415
          ? 'Choose a PNG, JPEG or WebP image.'
          : error instanceof Error
            ? error.message
            : 'The logo was not saved.',
      );
    } finally {
      setBusy(false);
    }
  };
  return (
    <Stack gap="sm">
      <Group gap="md">
        {branding.logoUrl ? (
          <img
            src={branding.logoUrl}
            alt="The current logo"
            height={48}
            style={{ maxWidth: 192, objectFit: 'contain' }}
          />
        ) : (
          <Text size="sm">No logo yet: Rapport’s mark is shown.</Text>
        )}
      </Group>
      <Text size="sm" c="dimmed">
        A PNG, JPEG or WebP image of at most {LOGO_MAX_BYTES / 1024} KB, shown 28 px high in the header.
      </Text>
      {problem && (
        <Alert color="red" role="alert" title="Logo not saved">
          {problem}
        </Alert>
      )}
      <Group>
        <FileButton onChange={(file) => file && send('PUT', file)} accept={logoTypes.join(',')}>
          {(props) => (
            <Button {...props} loading={busy} leftSection={<IconPhotoUp size={18} aria-hidden />}>
              {branding.logoUrl ? 'Replace logo' : 'Upload logo'}
            </Button>
          )}
        </FileButton>
        {branding.logoUrl && (
          <Button
            variant="default"
            onClick={() => send('DELETE')}
            leftSection={<IconTrash size={18} aria-hidden />}
          >
            Remove logo
          </Button>
        )}
      </Group>
    </Stack>
  );
}

/** Administration: the university's own name, colour and logo. */
export function BrandingPage() {
  usePageTitle('Branding', 'Administration');
  const branding = useBranding();
  return (
    <Stack maw={640}>
      <Title order={2}>Branding</Title>
      <Text>How Rapport shows your university: its name, its colour and its logo.</Text>
      <QueryState isPending={branding.isPending} error={branding.error}>
        {branding.data && (
          <>
            <Paper withBorder p="md">
              <Title order={3} size="h4" mb="sm">
                Name and colour
              </Title>
              <NameAndColour key={branding.data.version} branding={branding.data} />
            </Paper>
            <Paper withBorder p="md">
              <Title order={3} size="h4" mb="sm">
                Logo
              </Title>
              <Logo branding={branding.data} />
            </Paper>
          </>
        )}
      </QueryState>
    </Stack>
  );
}
