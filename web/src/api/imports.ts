/** Imports: upload a spreadsheet, map its columns, preview its rows; saved mappings. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  ImportChoices,
  ImportDto,
  ImportPreview,
  SavedMappingDto,
  UpdateImport,
} from '../../../common/src/contracts/imports.ts';
import type { ImportKind } from '../../../common/src/labels/imports.ts';
import { api, qs } from './client.ts';
import { useWrite } from './hooks.ts';

export type Import = ImportDto;
export type { ImportKind, ImportPreview, SavedMappingDto };

/** An import; asked again every second while it runs or is being undone (progress survives a reload). */
export const useImport = (id: string) =>
  useQuery({
    queryKey: ['imports', id],
    queryFn: () => api<Import>('GET', `/imports/${id}`),
    refetchInterval: (query) => {
      const status = query.state.data?.run.status;
      return status === 'running' || status === 'undoing' ? 1000 : false;
    },
  });

/** Starts the run (or the undo) in the background; the import as it is then. */
function useStart(id: string, step: 'run' | 'undo') {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api<Import>('POST', `/imports/${id}/${step}`),
    onSuccess: (saved) => client.setQueryData(['imports', id], saved),
  });
}
export const useRunImport = (id: string) => useStart(id, 'run');
export const useUndoImport = (id: string) => useStart(id, 'undo');

/** The latest imports: one's own, or everyone's for an administrator. */
export const useImports = () =>
  useQuery({ queryKey: ['imports'], queryFn: () => api<{ items: Import[] }>('GET', '/imports') });

/** Where the spreadsheet as uploaded downloads from. */
export const fileUrl = (id: string) => `/api/v1/imports/${id}/file`;

/** Where the report of an import downloads from. */
export const reportUrl = (id: string, format: 'csv' | 'xlsx') =>
  `/api/v1/imports/${id}/report${qs({ format })}`;

export const useUploadImport = () =>
  useWrite('import', ({ file, kind }: { file: File; kind: ImportKind }) => {
    const form = new FormData();
    form.append('file', file, file.name);
    return api<Import>('POST', `/imports${qs({ kind })}`, form);
  });

export const useChangeImport = (id: string) =>
  useWrite('import', (body: UpdateImport) => api<Import>('PATCH', `/imports/${id}`, body));

/** The preview of the mapping as saved; `enabled` once the mapping is complete. */
export const useImportPreview = (id: string, mapping: string, enabled: boolean) =>
  useQuery({
    queryKey: ['import-preview', id, mapping],
    queryFn: () => api<ImportPreview>('GET', `/imports/${id}/preview`),
    enabled,
    retry: false,
  });

export const useSavedMappings = (kind: ImportKind) =>
  useQuery({
    queryKey: ['import-mappings', kind],
    queryFn: () => api<{ items: SavedMappingDto[] }>('GET', `/import-mappings${qs({ kind })}`),
  });

export const useSaveMapping = () =>
  useWrite('importMapping', (body: { name: string; kind: ImportKind; mapping: Record<string, string> }) =>
    api<SavedMappingDto>('POST', '/import-mappings', body),
  );

/** Saves the choices for rows with matches; the preview is not read again (it shows the choices made here). */
export function useChooseForRows(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (choices: ImportChoices) => api<Import>('PATCH', `/imports/${id}`, { choices }),
    onSuccess: (saved) => client.setQueryData(['imports', id], saved),
  });
}
