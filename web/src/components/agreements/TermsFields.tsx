import { Group, Textarea, TextInput } from '@mantine/core';
import type { GetInputPropsReturnType } from '@mantine/form';
import type { AgreementTerms } from '../../../../common/src/contracts/agreements.ts';

/**
 * An agreement's terms as fields: what each side commits to, the key terms and the dates. The same
 * on a new agreement and on a proposed change, so a change reads like the agreement it amends.
 */
export function TermsFields({
  inputProps,
  titleRequired = false,
}: {
  inputProps: (field: keyof AgreementTerms) => GetInputPropsReturnType;
  titleRequired?: boolean;
}) {
  return (
    <>
      <TextInput label="Title" required={titleRequired} {...inputProps('title')} />
      <Textarea
        label="The university commits to"
        autosize
        minRows={2}
        {...inputProps('universityCommitments')}
      />
      <Textarea label="The partner commits to" autosize minRows={2} {...inputProps('partnerCommitments')} />
      <Textarea label="Key terms" autosize minRows={2} {...inputProps('keyTerms')} />
      <Group grow align="flex-start">
        <TextInput label="Start date" type="date" {...inputProps('startDate')} />
        <TextInput label="End date" type="date" {...inputProps('endDate')} />
        <TextInput label="Review date" type="date" {...inputProps('reviewDate')} />
      </Group>
    </>
  );
}
