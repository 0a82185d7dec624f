import { Button, Group, Stack, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import type { AgreementTerms } from '../../../../common/src/contracts/agreements.ts';
import { agreementTermFields } from '../../../../common/src/labels/agreements.ts';
import { type Agreement, useProposeChange } from '../../api/agreements.ts';
import { saved, showServerErrors } from '../forms.ts';
import { TermsFields } from './TermsFields.tsx';

type Values = Record<keyof AgreementTerms, string> & { reason: string };
const keys = agreementTermFields;

/** New terms for an agreement in force: only the fields that differ are sent, with the reason. */
export function ProposeChangeForm({ agreement, onDone }: { agreement: Agreement; onDone: () => void }) {
  const propose = useProposeChange();
  const form = useForm<Values>({
    initialValues: {
      reason: '',
      ...(Object.fromEntries(keys.map((k) => [k, agreement[k] ?? ''])) as Record<
        keyof AgreementTerms,
        string
      >),
    },
  });
  const submit = form.onSubmit((v) => {
    const terms = Object.fromEntries(
      keys.filter((k) => v[k] !== (agreement[k] ?? '')).map((k) => [k, v[k] === '' ? null : v[k]]),
    );
    propose.mutate(
      { id: agreement.id, body: { reason: v.reason, terms } },
      {
        onSuccess: () => {
          saved('Change proposed: the approvers are told');
          onDone();
        },
        onError: (e) =>
          showServerErrors(e, (errors) =>
            form.setErrors(
              Object.fromEntries(
                Object.entries(errors).map(([field, message]) => [field.replace(/^terms\./, ''), message]),
              ),
            ),
          ),
      },
    );
  });
  return (
    <form onSubmit={submit} noValidate aria-label="Propose a change">
      <Stack gap="sm">
        <Textarea label="Why the change" required autosize minRows={2} {...form.getInputProps('reason')} />
        <TermsFields inputProps={(field) => form.getInputProps(field)} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={propose.isPending}>
            Propose change
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
