import { Button, Group, Modal, Radio, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import {
  type ListName,
  type SavedViewSharing,
  savedViewSharingLabels,
  savedViewSharings,
} from '../../../common/src/lists/catalogue.ts';
import { useSavedViewWrites } from '../api/savedViews.ts';
import { saved, showServerErrors } from './forms.ts';

/** Saves a list's current filters as a view, for yourself or (when you may share) your unit or everyone. */
export function SaveViewModal({
  opened,
  onClose,
  list,
  queryString,
  mayShare,
}: {
  opened: boolean;
  onClose: () => void;
  list: ListName;
  queryString: string;
  mayShare: boolean;
}) {
  const writes = useSavedViewWrites(list);
  const form = useForm({
    initialValues: { name: '', sharing: 'personal' as SavedViewSharing },
    validate: { name: (v) => (v.trim() ? null : 'Enter a name') },
  });

  const submit = form.onSubmit(async (values) => {
    try {
      await writes.create.mutateAsync({
        list,
        name: values.name,
        query: queryString,
        sharing: values.sharing,
      });
      saved(`View “${values.name}” saved`);
      onClose();
      form.reset();
    } catch (error) {
      showServerErrors(error, form.setErrors, ['name', 'sharing']);
    }
  });

  return (
    <Modal opened={opened} onClose={onClose} title="Save these filters as a view">
      <form onSubmit={submit} noValidate>
        <Stack>
          <TextInput label="Name" required data-autofocus {...form.getInputProps('name')} />
          <Radio.Group label="Who can use it" {...form.getInputProps('sharing')}>
            <Stack gap="xs" mt="xs">
              {savedViewSharings
                .filter((s) => s === 'personal' || mayShare)
                .map((s) => (
                  <Radio key={s} value={s} label={savedViewSharingLabels[s]} />
                ))}
            </Stack>
          </Radio.Group>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={writes.create.isPending}>
              Save view
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
