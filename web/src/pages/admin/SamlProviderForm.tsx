import {
  Button,
  Checkbox,
  Code,
  FileButton,
  Group,
  Radio,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import {
  createSamlProviderBody,
  updateSignOnProviderBody,
} from '../../../../common/src/contracts/sign-on.ts';
import type { Role } from '../../../../common/src/labels/users.ts';
import { useUnits } from '../../api/hooks.ts';
import { type SignOnProviderDto, useRemoveProvider, useSaveSamlProvider } from '../../api/signOn.ts';
import { checkWith, saved, showServerErrors } from '../../components/forms.ts';
import { NewAccountsFieldset, type RuleValues, toRules } from './NewAccountsFieldset.tsx';

type Values = {
  key: string;
  name: string;
  by: 'url' | 'metadata' | 'values';
  metadataUrl: string;
  metadataXml: string;
  entityId: string;
  ssoUrl: string;
  sloUrl: string;
  certificate: string;
  enabled: boolean;
  linkByVerifiedEmail: boolean;
  defaultRole: Role;
  defaultUnitId: string;
  rules: RuleValues[];
};

/** The identity provider's settings as the body sends them: its metadata, or the values given one by one. */
const identityProvider = (v: Values, changing: boolean) =>
  v.by === 'url'
    ? { metadataUrl: v.metadataUrl }
    : v.by === 'metadata'
      ? v.metadataXml || !changing
        ? { metadataXml: v.metadataXml }
        : {}
      : {
          entityId: v.entityId,
          ssoUrl: v.ssoUrl,
          sloUrl: v.sloUrl || null,
          // Changing: an empty certificate field keeps the certificates stored.
          ...(v.certificate || !changing ? { certificate: v.certificate } : {}),
        };
const common = (v: Values) => ({
  name: v.name,
  enabled: v.enabled,
  linkByVerifiedEmail: v.linkByVerifiedEmail,
  defaultRole: v.defaultRole,
  defaultUnitId: v.defaultUnitId || null,
  rules: toRules(v.rules),
});
const toCreate = (v: Values) => ({ key: v.key, ...common(v), ...identityProvider(v, false) });
const toUpdate = (v: Values) => ({ ...common(v), ...identityProvider(v, true) });

/** Adding or changing a SAML 2.0 identity provider: by its metadata XML, or entity id, address and certificate. */
export function SamlProviderForm({ provider, close }: { provider?: SignOnProviderDto; close: () => void }) {
  const units = useUnits();
  const unitOptions = (units.data?.items ?? []).map((u) => ({ value: u.id, label: u.name }));
  const [fileError, setFileError] = useState<string | null>(null);
  const form = useForm<Values>({
    initialValues: {
      key: provider?.key ?? '',
      name: provider?.name ?? '',
      by: provider ? 'values' : 'metadata',
      metadataUrl: '',
      metadataXml: '',
      entityId: provider?.issuer ?? '',
      ssoUrl: provider?.saml?.ssoUrl ?? '',
      sloUrl: provider?.saml?.sloUrl ?? '',
      certificate: '',
      enabled: provider?.enabled ?? true,
      linkByVerifiedEmail: provider?.linkByVerifiedEmail ?? false,
      defaultRole: provider?.defaultRole ?? 'viewer',
      defaultUnitId: provider?.defaultUnitId ?? '',
      rules: (provider?.rules ?? []).map((r) => ({
        claim: r.claim,
        value: r.value,
        role: r.role ?? '',
        unitId: r.unitId ?? '',
      })),
    },
    validate: provider
      ? checkWith(updateSignOnProviderBody, toUpdate)
      : checkWith(createSamlProviderBody, toCreate),
  });
  const save = useSaveSamlProvider(provider);
  const remove = useRemoveProvider(provider ?? ({} as SignOnProviderDto));
  const submit = form.onSubmit((v) =>
    save.mutate(provider ? toUpdate(v) : toCreate(v), {
      onSuccess: () => {
        saved(provider ? 'Provider changed' : 'Provider added');
        close();
      },
      onError: (e) => showServerErrors(e, form.setErrors),
    }),
  );
  const readFile = async (file: File | null) => {
    setFileError(null);
    if (!file) return;
    if (file.size > 500_000) return setFileError('That file is larger than a metadata file can be (500 kB).');
    form.setFieldValue('metadataXml', await file.text());
  };
  return (
    <form noValidate onSubmit={submit}>
      <Stack gap="sm">
        <TextInput
          label="Name on the sign-in button"
          required
          data-autofocus
          {...form.getInputProps('name')}
        />
        <TextInput
          label="Key"
          description="Lower-case letters, digits and hyphens; part of Rapport's addresses for this provider and fixed once added."
          required
          disabled={Boolean(provider)}
          {...form.getInputProps('key')}
        />
        {provider?.saml && (
          <Stack gap={4}>
            <Text size="sm">Give the identity provider Rapport's metadata address (also its entity id):</Text>
            <Code block style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap' }}>
              {provider.saml.serviceEntityId}
            </Code>
            <Text size="sm">
              Assertion consumer service (HTTP-POST):{' '}
              <Code style={{ wordBreak: 'break-all' }}>{provider.saml.acsUrl}</Code>
            </Text>
            <Text size="sm">
              Signing certificate{provider.saml.certificateFingerprints.length > 1 ? 's' : ''} trusted
              (SHA-256):{' '}
              {provider.saml.certificateFingerprints.map((f) => (
                <Code key={f} style={{ wordBreak: 'break-all' }}>
                  {f}
                </Code>
              ))}
            </Text>
          </Stack>
        )}
        <Radio.Group
          label={provider ? 'Change the identity provider’s settings' : 'The identity provider’s settings'}
          {...form.getInputProps('by')}
        >
          <Group mt="xs">
            <Radio value="url" label="From its metadata address" />
            <Radio value="metadata" label="From its metadata (XML)" />
            <Radio value="values" label="Entity id, address and certificate" />
          </Group>
        </Radio.Group>
        {form.values.by === 'url' ? (
          <TextInput
            label="Metadata address"
            description="Where the identity provider publishes its metadata (https://). Rapport reads it when you save (by default at most 1 MB, within 10 seconds)."
            required
            placeholder="https://login.microsoftonline.com/…/federationmetadata/2007-06/federationmetadata.xml"
            {...form.getInputProps('metadataUrl')}
          />
        ) : form.values.by === 'metadata' ? (
          <Stack gap="xs">
            <Textarea
              label="Identity provider metadata"
              description="Paste the EntityDescriptor (for the UK federation, your identity provider's entry), or read it from a file."
              autosize
              minRows={4}
              maxRows={10}
              required={!provider}
              styles={{ input: { fontFamily: 'monospace', fontSize: 12 } }}
              {...form.getInputProps('metadataXml')}
            />
            <Group>
              <FileButton
                onChange={readFile}
                accept=".xml,application/xml,text/xml,application/samlmetadata+xml"
              >
                {(props) => (
                  <Button variant="default" {...props}>
                    Read a metadata file
                  </Button>
                )}
              </FileButton>
              {fileError && (
                <Text size="sm" c="red.9" role="alert">
                  {fileError}
                </Text>
              )}
            </Group>
          </Stack>
        ) : (
          <Stack gap="xs">
            <TextInput label="Entity id" required {...form.getInputProps('entityId')} />
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput
                label="Sign-in address (HTTP-Redirect)"
                required
                placeholder="https://idp.example.ac.uk/idp/profile/SAML2/Redirect/SSO"
                {...form.getInputProps('ssoUrl')}
              />
              <TextInput
                label="Sign-out address (optional)"
                description="For single logout, when the identity provider offers it."
                {...form.getInputProps('sloUrl')}
              />
            </SimpleGrid>
            <Textarea
              label="Signing certificate"
              description={
                provider
                  ? 'Leave this empty to keep the certificate trusted now.'
                  : 'PEM, as the identity provider publishes it.'
              }
              required={!provider}
              autosize
              minRows={3}
              maxRows={8}
              styles={{ input: { fontFamily: 'monospace', fontSize: 12 } }}
              {...form.getInputProps('certificate')}
            />
          </Stack>
        )}
        <Checkbox
          label="Offered on the sign-in page"
          {...form.getInputProps('enabled', { type: 'checkbox' })}
        />
        <Checkbox
          label="Link an existing Rapport account with the same e-mail address (mail attribute)"
          {...form.getInputProps('linkByVerifiedEmail', { type: 'checkbox' })}
        />
        <NewAccountsFieldset form={form} unitOptions={unitOptions} claimWord="attribute" />
        <Group justify="space-between">
          {provider ? (
            <Button
              variant="outline"
              color="red.9"
              loading={remove.isPending}
              onClick={() => {
                if (
                  !window.confirm(`Remove ${provider.name}? Its users stay, but cannot sign in through it.`)
                )
                  return;
                remove.mutate(undefined, {
                  onSuccess: () => {
                    saved(`${provider.name} removed`);
                    close();
                  },
                  onError: (e) => showServerErrors(e, form.setErrors),
                });
              }}
            >
              Remove provider
            </Button>
          ) : (
            <span />
          )}
          <Button type="submit" loading={save.isPending}>
            {provider ? 'Save provider' : 'Add provider'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
