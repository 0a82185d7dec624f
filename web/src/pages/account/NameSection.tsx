import { Button, Group, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { updateMeBody } from '../../../../common/src/contracts/accounts.ts';
import { useRenameMe } from '../../api/account.ts';
import type { User } from '../../api/types.ts';
import { checkWith, saved, showServerErrors } from '../../components/forms.ts';

export function NameSection({ me }: { me: User }) {
  const rename = useRenameMe();
  const form = useForm({ initialValues: { name: me.name }, validate: checkWith(updateMeBody) });
  return (
    <form
      noValidate
      onSubmit={form.onSubmit((values) =>
        rename.mutate(values.name, {
          onSuccess: () => saved('Your name is changed'),
          onError: (error) => showServerErrors(error, form.setErrors, ['name']),
        }),
      )}
    >
      <Title order={3} id="name-heading" size="h4" mb="sm">
        Name
      </Title>
      <Group align="flex-end">
        <TextInput
          label="Your name, as colleagues see it"
          required
          style={{ flex: '1 1 16rem' }}
          autoComplete="name"
          {...form.getInputProps('name')}
        />
        <Button type="submit" loading={rename.isPending}>
          Save name
        </Button>
      </Group>
    </form>
  );
}
