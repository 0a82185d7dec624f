import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Code,
  CopyButton,
  Group,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { createTokenBody } from '../../../../common/src/contracts/tokens.ts';
import {
  type ApiToken,
  type CreatedToken,
  useCreateToken,
  useRevokeToken,
  useTokens,
} from '../../api/account.ts';
import { checkWith, formatDate, saved, showServerErrors } from '../../components/forms.ts';
import { Empty, QueryState } from '../../components/States.tsx';
import { TableBox } from '../../components/TableBox.tsx';

const stateOf = (t: ApiToken) =>
  t.revokedAt ? 'Revoked' : t.expiresAt && Date.parse(t.expiresAt) < Date.now() ? 'Expired' : 'Active';

/** My API tokens: create one (its secret shown this once), see when each was last used, revoke. */
export function TokensSection() {
  const tokens = useTokens();
  const create = useCreateToken();
  const revoke = useRevokeToken();
  const [created, setCreated] = useState<CreatedToken | null>(null);
  const form = useForm({
    initialValues: { name: '', readOnly: false },
    validate: checkWith(createTokenBody),
  });
  return (
    <>
      <Title order={3} id="tokens-heading" size="h4" mb="xs">
        API tokens
      </Title>
      <Text size="sm" mb="sm">
        A token lets another system use Rapport's API with your rights. Treat it like a password.
      </Text>
      {created && (
        <Alert color="success" role="status" title={`Token “${created.name}” created`} mb="sm">
          <Text size="sm" mb={4}>
            Copy it now: it is shown this once only.
          </Text>
          <Group gap="xs" wrap="nowrap" align="flex-start">
            <Code
              block
              style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap', flex: 1 }}
              aria-label="New token"
            >
              {created.token}
            </Code>
            <CopyButton value={created.token}>
              {({ copied, copy }) => (
                <Button variant="default" size="xs" onClick={copy}>
                  {copied ? 'Copied' : 'Copy'}
                </Button>
              )}
            </CopyButton>
          </Group>
        </Alert>
      )}
      <form
        noValidate
        onSubmit={form.onSubmit((values) =>
          create.mutate(values, {
            onSuccess: (token) => {
              setCreated(token);
              form.reset();
            },
            onError: (error) => showServerErrors(error, form.setErrors, ['name', 'readOnly']),
          }),
        )}
      >
        <Group align="flex-end" mb="md">
          <TextInput
            label="Name of the new token"
            description="What uses it, e.g. “Timetable sync”"
            required
            style={{ flex: '1 1 14rem' }}
            {...form.getInputProps('name')}
          />
          <Checkbox label="Read only" mb={8} {...form.getInputProps('readOnly', { type: 'checkbox' })} />
          <Button type="submit" loading={create.isPending}>
            Create token
          </Button>
        </Group>
      </form>
      <QueryState isPending={tokens.isPending} error={tokens.error}>
        {tokens.data?.items.length ? (
          <TableBox minWidth={560} label="My API tokens">
            <Table aria-label="My API tokens">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Name</Table.Th>
                  <Table.Th scope="col">State</Table.Th>
                  <Table.Th scope="col">Created</Table.Th>
                  <Table.Th scope="col">Expires</Table.Th>
                  <Table.Th scope="col">Last used</Table.Th>
                  <Table.Th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {tokens.data.items.map((t) => (
                  <Table.Tr key={t.id}>
                    <Table.Td>
                      {t.name}
                      {t.readOnly ? ' (read only)' : ''}
                    </Table.Td>
                    <Table.Td>
                      <Badge color={stateOf(t) === 'Active' ? 'success' : 'gray.7'}>{stateOf(t)}</Badge>
                    </Table.Td>
                    <Table.Td>{formatDate(t.createdAt)}</Table.Td>
                    <Table.Td>{formatDate(t.expiresAt)}</Table.Td>
                    <Table.Td>{t.lastUsedAt ? formatDate(t.lastUsedAt) : 'Never'}</Table.Td>
                    <Table.Td>
                      {stateOf(t) === 'Active' && (
                        <Button
                          variant="default"
                          color="red"
                          size="xs"
                          aria-label={`Revoke ${t.name}`}
                          loading={revoke.isPending && revoke.variables === t.id}
                          onClick={() =>
                            revoke.mutate(t.id, {
                              onSuccess: () => {
                                if (created?.id === t.id) setCreated(null);
                                saved(`Token “${t.name}” revoked`);
                              },
                            })
                          }
                        >
                          Revoke
                        </Button>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </TableBox>
        ) : (
          <Empty>No tokens yet.</Empty>
        )}
      </QueryState>
    </>
  );
}
