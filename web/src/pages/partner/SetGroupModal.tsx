import { Button, Group, Modal, Stack } from '@mantine/core';
import { useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import { useWrite } from '../../api/hooks.ts';
import type { Partner } from '../../api/types.ts';
import { saved, showServerErrors } from '../../components/forms.ts';
import { PartnerPicker } from '../../components/PartnerPicker.tsx';

/** Puts a partner in a group (a company group, a federation) or takes it out of one. */
export function SetGroupModal({
  partner,
  opened,
  onClose,
}: {
  partner: Partner;
  opened: boolean;
  onClose: () => void;
}) {
  const [parentId, setParentId] = useState<string | null>(partner.parentId);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (opened) {
      setParentId(partner.parentId);
      setError(null);
    }
  }, [opened, partner.parentId]);
  const write = useWrite('partner', (next: string | null) =>
    api<Partner>('PATCH', `/partners/${partner.id}`, { parentId: next }, { version: partner.version }),
  );
  const save = (next: string | null) =>
    write.mutate(next, {
      onSuccess: (p) => {
        saved(p.parentName ? `${p.name} is part of ${p.parentName}` : `${p.name} is in no group`);
        onClose();
      },
      onError: (e) => showServerErrors(e, (errors) => setError(errors.parentId ?? null), ['parentId']),
    });
  return (
    <Modal opened={opened} onClose={onClose} title={`Group of ${partner.name}`}>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (!parentId) setError('Choose the group this partner belongs to');
          else save(parentId);
        }}
      >
        <Stack gap="sm">
          <PartnerPicker
            label="Group"
            value={parentId}
            onChange={(v) => {
              setParentId(v);
              setError(null);
            }}
            active={opened}
            fixed={false}
            excludeId={partner.id}
            error={error}
          />
          <Group justify="space-between">
            {partner.parentId ? (
              <Button variant="subtle" color="red.8" onClick={() => save(null)} loading={write.isPending}>
                Remove from group
              </Button>
            ) : (
              <span />
            )}
            <Group>
              <Button variant="default" onClick={onClose}>
                Cancel
              </Button>
              <Button type="submit" loading={write.isPending}>
                Save group
              </Button>
            </Group>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
