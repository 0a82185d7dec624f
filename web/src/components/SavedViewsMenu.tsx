import { Button, Group, Menu, Select } from '@mantine/core';
import { useState } from 'react';
import type { ListName } from '../../../common/src/lists/catalogue.ts';
import type { SavedView } from '../../../common/src/lists/saved-views.ts';
import { useSession } from '../api/hooks.ts';
import { useSavedViews, useSavedViewWrites } from '../api/savedViews.ts';
import { SaveViewModal } from './dialogs.tsx';
import { saved, showServerErrors } from './forms.ts';

const groupOf = (view: SavedView, me: string | undefined) =>
  view.ownerId === me
    ? 'Yours'
    : view.sharing === 'unit'
      ? `Shared with ${view.unitName}`
      : 'Shared with everyone';

/**
 * Saved views of a list, kept on the server: choose one to apply its filters, save the current
 * filters for yourself, your unit or everyone, and update or remove the views you may change.
 */
export function SavedViewsMenu({
  list,
  queryString,
  onApply,
}: {
  list: ListName;
  queryString: string;
  onApply(query: string): void;
}) {
  const session = useSession();
  const me = session.data?.user.id;
  const mayShare = session.data?.abilities.editSharedRecord === true;
  const views = useSavedViews(list).data?.items ?? [];
  const writes = useSavedViewWrites(list);
  const [saving, setSaving] = useState(false);
  const current =
    views.find((v) => v.query === queryString && v.ownerId === me) ??
    views.find((v) => v.query === queryString);
  const groups = [...new Set(views.map((v) => groupOf(v, me)))].map((group) => ({
    group,
    items: views.filter((v) => groupOf(v, me) === group).map((v) => ({ value: v.id, label: v.name })),
  }));

  const updateCurrent = async (view: SavedView) => {
    try {
      await writes.update.mutateAsync({ view, changes: { query: queryString } });
      saved(`View “${view.name}” updated`);
    } catch (error) {
      showServerErrors(error, () => {});
    }
  };

  return (
    <Group align="flex-end" gap="xs" wrap="nowrap">
      <Select
        label="Saved views"
        placeholder={views.length ? 'Choose a view' : 'None yet'}
        data={groups}
        value={current?.id ?? null}
        onChange={(id) => {
          const view = views.find((v) => v.id === id);
          if (view) onApply(view.query);
        }}
        searchable
        disabled={!views.length}
        miw={180}
      />
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <Button variant="default">Views…</Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item onClick={() => setSaving(true)}>Save these filters as a view</Menu.Item>
          {current?.can.update && (
            <Menu.Item onClick={() => updateCurrent(current)}>Update “{current.name}”</Menu.Item>
          )}
          {views
            .filter((v) => v.can.delete)
            .map((v) => (
              <Menu.Item
                key={v.id}
                color="red"
                onClick={async () => {
                  if (!window.confirm(`Remove the view “${v.name}”?`)) return;
                  try {
                    await writes.remove.mutateAsync(v);
                  } catch (error) {
                    showServerErrors(error, () => {});
                  }
                }}
              >
                Remove “{v.name}”
              </Menu.Item>
            ))}
        </Menu.Dropdown>
      </Menu>
      <SaveViewModal
        opened={saving}
        onClose={() => setSaving(false)}
        list={list}
        queryString={queryString}
        mayShare={mayShare}
      />
    </Group>
  );
}
