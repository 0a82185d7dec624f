import {
  Badge,
  Button,
  Card,
  Checkbox,
  Code,
  Group,
  Modal,
  PasswordInput,
  Radio,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import {
  createSignOnProviderBody,
  signInPolicyBody,
  updateSignOnProviderBody,
} from '../../../../common/src/contracts/sign-on.ts';
import {
  passwordPolicies,
  passwordPolicyLabels,
  signOnProtocolLabels,
} from '../../../../common/src/labels/sign-on.ts';
import type { Role } from '../../../../common/src/labels/users.ts';
import type { Page } from '../../api/client.ts';
import { api } from '../../api/client.ts';
import { useUnits } from '../../api/hooks.ts';
import {
  type SignOnProviderDto,
  useRemoveProvider,
  useSavePolicy,
  useSaveProvider,
  useSignInPolicy,
  useSignOnProviders,
} from '../../api/signOn.ts';
import type { User } from '../../api/types.ts';
import { checkWith, saved, showServerErrors } from '../../components/forms.ts';
import { Empty, QueryState } from '../../components/States.tsx';
import { TableBox } from '../../components/TableBox.tsx';
import { usePageTitle } from '../../components/usePageTitle.ts';
import { NewAccountsFieldset, type RuleValues, toRules } from './NewAccountsFieldset.tsx';
import { SamlProviderForm } from './SamlProviderForm.tsx';

type Values = {
  key: string;
  name: string;
  issuer: string;
  clientId: string;
  clientSecret: string;
  scopes: string;
  enabled: boolean;
  linkByVerifiedEmail: boolean;
  defaultRole: Role;
  defaultUnitId: string;
  rules: RuleValues[];
};

/** The body to send: an empty secret field keeps the stored secret (or stores none). */
const toCreate = (v: Values) => ({
  ...v,
  clientSecret: v.clientSecret || null,
  defaultUnitId: v.defaultUnitId || null,
  rules: toRules(v.rules),
});
const toUpdate = ({ key: _fixed, clientSecret, ...v }: Values) => ({
  ...v,
  ...(clientSecret ? { clientSecret } : {}),
  defaultUnitId: v.defaultUnitId || null,
  rules: toRules(v.rules),
});

function ProviderForm({
  provider,
  canStoreSecrets,
  close,
}: {
  provider?: SignOnProviderDto;
  canStoreSecrets: boolean;
  close: () => void;
}) {
  const units = useUnits();
  const unitOptions = (units.data?.items ?? []).map((u) => ({ value: u.id, label: u.name }));
  const form = useForm<Values>({
    initialValues: {
      key: provider?.key ?? '',
      name: provider?.name ?? '',
      issuer: provider?.issuer ?? '',
      clientId: provider?.clientId ?? '',
      clientSecret: '',
      scopes: provider?.scopes ?? 'openid email profile',
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
      : checkWith(createSignOnProviderBody, toCreate),
  });
  const save = useSaveProvider(provider);
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
  const secretHelp = !canStoreSecrets
    ? 'No secret can be stored until RAPPORT_SECRET_KEY is set in the configuration.'
    : provider?.hasClientSecret
      ? 'A secret is stored (encrypted). Leave this empty to keep it.'
      : 'Kept encrypted; never shown again.';
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
          description="Lower-case letters, digits and hyphens; part of the sign-in address and fixed once added."
          required
          disabled={Boolean(provider)}
          {...form.getInputProps('key')}
        />
        <TextInput
          label="Issuer"
          description="The provider's issuer address; its settings are discovered from it."
          placeholder="https://login.microsoftonline.com/<tenant>/v2.0"
          required
          {...form.getInputProps('issuer')}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label="Client id" required {...form.getInputProps('clientId')} />
          <PasswordInput
            label="Client secret"
            description={secretHelp}
            disabled={!canStoreSecrets}
            autoComplete="new-password"
            {...form.getInputProps('clientSecret')}
          />
        </SimpleGrid>
        <TextInput label="Scopes" {...form.getInputProps('scopes')} />
        {provider && (
          <Text size="sm">
            Register this redirect address at the provider: <Code>{provider.redirectUri}</Code>
          </Text>
        )}
        <Checkbox
          label="Offered on the sign-in page"
          {...form.getInputProps('enabled', { type: 'checkbox' })}
        />
        <Checkbox
          label="Link an existing Rapport account with the same e-mail address, when the provider says it is verified"
          {...form.getInputProps('linkByVerifiedEmail', { type: 'checkbox' })}
        />
        <NewAccountsFieldset form={form} unitOptions={unitOptions} claimWord="claim" />
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

function ProvidersCard() {
  const providers = useSignOnProviders();
  const [editing, setEditing] = useState<SignOnProviderDto | 'new' | 'new-saml' | null>(null);
  const close = () => setEditing(null);
  const stored = providers.data?.items ?? [];
  const environment = providers.data?.environment ?? [];
  return (
    <Card withBorder component="section" aria-labelledby="providers">
      <Group justify="space-between" mb="xs">
        <Title order={3} size="h4" id="providers">
          Identity providers
        </Title>
        <Group gap="xs">
          <Button onClick={() => setEditing('new')}>Add an OpenID Connect provider</Button>
          <Button variant="default" onClick={() => setEditing('new-saml')}>
            Add a SAML provider
          </Button>
        </Group>
      </Group>
      <Text size="sm" mb="sm">
        Staff sign in through the university's OpenID Connect provider (such as Microsoft Entra ID) or its
        SAML 2.0 identity provider (such as Shibboleth in the UK Access Management Federation). Providers set
        in the configuration (RAPPORT_SIGN_ON_PROVIDERS) are listed too, and changed there.
      </Text>
      <QueryState isPending={providers.isPending} error={providers.error}>
        {stored.length + environment.length ? (
          <TableBox minWidth={640} label="Identity providers">
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Key</Table.Th>
                  <Table.Th>Protocol</Table.Th>
                  <Table.Th>Issuer or entity id</Table.Th>
                  <Table.Th>Rules</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th>
                    <span className="visually-hidden">Actions</span>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {[
                  ...stored.map((p) => ({ ...p, stored: p })),
                  ...environment.map((p) => ({ ...p, stored: null })),
                ].map((p) => (
                  <Table.Tr key={p.key}>
                    <Table.Td>{p.name}</Table.Td>
                    <Table.Td>{p.key}</Table.Td>
                    <Table.Td>{signOnProtocolLabels[p.protocol]}</Table.Td>
                    <Table.Td style={{ wordBreak: 'break-all' }}>{p.issuer}</Table.Td>
                    <Table.Td>{p.rules.length}</Table.Td>
                    <Table.Td>
                      <Group gap={4}>
                        <Badge color={p.enabled ? '#216e39' : 'gray.7'}>{p.enabled ? 'On' : 'Off'}</Badge>
                        {!p.stored && <Badge color="indigo">Set by configuration</Badge>}
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      {p.stored && (
                        <Button
                          size="compact-xs"
                          variant="subtle"
                          onClick={() => setEditing(p.stored)}
                          aria-label={`Change ${p.name}`}
                        >
                          Change
                        </Button>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </TableBox>
        ) : (
          <Empty>No identity provider yet: staff sign in with passwords.</Empty>
        )}
      </QueryState>
      <Modal
        opened={editing !== null}
        onClose={close}
        size="lg"
        title={
          editing === 'new'
            ? 'Add an OpenID Connect provider'
            : editing === 'new-saml'
              ? 'Add a SAML provider'
              : editing
                ? `Change ${editing.name}`
                : ''
        }
      >
        {editing === 'new-saml' || (typeof editing === 'object' && editing?.protocol === 'saml') ? (
          <SamlProviderForm provider={editing === 'new-saml' ? undefined : editing} close={close} />
        ) : (
          editing !== null && (
            <ProviderForm
              provider={editing === 'new' ? undefined : editing}
              canStoreSecrets={providers.data?.canStoreSecrets ?? false}
              close={close}
            />
          )
        )}
      </Modal>
    </Card>
  );
}

type PolicyValues = { passwords: (typeof passwordPolicies)[number]; breakGlassUserId: string };
const toPolicy = (v: PolicyValues) => ({
  passwords: v.passwords,
  breakGlassUserId: v.breakGlassUserId || null,
});

function PasswordPolicyCard() {
  const policy = useSignInPolicy();
  const admins = useQuery({
    queryKey: ['users', 'administrators'],
    queryFn: () => api<Page<User>>('GET', '/users?role=administrator&active=true&limit=500'),
  });
  const form = useForm<PolicyValues>({
    initialValues: { passwords: 'everyone', breakGlassUserId: '' },
    validate: checkWith(signInPolicyBody, toPolicy),
  });
  // biome-ignore lint/correctness/useExhaustiveDependencies: load the saved policy once it arrives
  useEffect(() => {
    if (policy.data)
      form.setValues({
        passwords: policy.data.passwords,
        breakGlassUserId: policy.data.breakGlassUserId ?? '',
      });
  }, [policy.data]);
  const save = useSavePolicy(policy.data?.version ?? 0);
  return (
    <Card withBorder component="section" aria-labelledby="passwords">
      <Title order={3} size="h4" mb="xs" id="passwords">
        Password sign-in
      </Title>
      <QueryState isPending={policy.isPending} error={policy.error}>
        <form
          noValidate
          onSubmit={form.onSubmit((v) =>
            save.mutate(toPolicy(v), {
              onSuccess: () => saved('Password sign-in changed'),
              onError: (e) => showServerErrors(e, form.setErrors),
            }),
          )}
        >
          <Stack gap="sm">
            <Radio.Group label="Who may sign in with a password" {...form.getInputProps('passwords')}>
              <Stack gap="xs" mt="xs">
                {passwordPolicies.map((p) => (
                  <Radio key={p} value={p} label={passwordPolicyLabels[p]} />
                ))}
              </Stack>
            </Radio.Group>
            <Select
              label="Break-glass administrator"
              description="Still signs in with a password when the identity provider cannot be reached."
              clearable
              searchable
              data={(admins.data?.items ?? []).map((u) => ({ value: u.id, label: `${u.name} (${u.email})` }))}
              {...form.getInputProps('breakGlassUserId')}
            />
            <Group>
              <Button type="submit" loading={save.isPending}>
                Save password sign-in
              </Button>
            </Group>
          </Stack>
        </form>
      </QueryState>
    </Card>
  );
}

/** Administration of single sign-on: the providers with their rules, and whether passwords are taken. */
export function SignOnPage() {
  usePageTitle('Single sign-on', 'Administration');
  return (
    <Stack>
      <Title order={2}>Single sign-on</Title>
      <ProvidersCard />
      <PasswordPolicyCard />
    </Stack>
  );
}
