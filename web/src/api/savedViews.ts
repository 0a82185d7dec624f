import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ListName } from '../../../common/src/lists/catalogue.ts';
import type { CreateSavedView, SavedView, UpdateSavedView } from '../../../common/src/lists/saved-views.ts';
import { api, type Page, qs } from './client.ts';

const key = (list: ListName) => ['saved-views', list] as const;

/** The saved views of a list the signed-in person may use: their own, their unit's, everyone's. */
export const useSavedViews = (list: ListName) =>
  useQuery({
    queryKey: key(list),
    queryFn: () => api<Page<SavedView>>('GET', `/saved-views${qs({ list, limit: 500 })}`),
  });

/** Create, change and remove saved views; each refreshes only that list's views. */
export function useSavedViewWrites(list: ListName) {
  const client = useQueryClient();
  const onSuccess = () => client.invalidateQueries({ queryKey: key(list) });
  return {
    create: useMutation({
      mutationFn: (body: CreateSavedView) => api<SavedView>('POST', '/saved-views', body),
      onSuccess,
    }),
    update: useMutation({
      mutationFn: ({ view, changes }: { view: SavedView; changes: UpdateSavedView }) =>
        api<SavedView>('PATCH', `/saved-views/${view.id}`, changes, { version: view.version }),
      onSuccess,
    }),
    remove: useMutation({
      mutationFn: (view: SavedView) =>
        api<void>('DELETE', `/saved-views/${view.id}`, undefined, { version: view.version }),
      onSuccess,
    }),
  };
}
