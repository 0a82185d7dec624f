/** Tasks: the list, and setting, changing and deleting one. */
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { api, type Page, qs } from './client.ts';
import { useWrite } from './hooks.ts';
import type { NewTask, Task, TaskChanges } from './types.ts';

/** The task list page by page ("Show more"), for the filters in the address. */
export const useTaskPages = (queryString: string, pageSize = 50) =>
  useInfiniteQuery({
    queryKey: ['tasks', 'pages', queryString, pageSize],
    queryFn: ({ pageParam }) =>
      api<Page<Task>>(
        'GET',
        `/tasks${qs({ ...Object.fromEntries(new URLSearchParams(queryString)), limit: pageSize, cursor: pageParam })}`,
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
  });

export const useCreateTask = () => useWrite('task', (body: NewTask) => api<Task>('POST', '/tasks', body));

export const useChangeTask = () =>
  useWrite('task', ({ task, changes }: { task: Task; changes: TaskChanges }) =>
    api<Task>('PATCH', `/tasks/${task.id}`, changes, { version: task.version }),
  );

export const useDeleteTask = () =>
  useWrite('task', (task: Task) =>
    api<void>('DELETE', `/tasks/${task.id}`, undefined, { version: task.version }),
  );
