/** Attachments: a record's files, attaching one, removing one. */
import { useQuery } from '@tanstack/react-query';
import type { AttachmentDto, AttachmentList } from '../../../common/src/contracts/attachments.ts';
import type { AttachableKind } from '../../../common/src/labels/attachments.ts';
import { api } from './client.ts';
import { useWrite } from './hooks.ts';

export type Attachment = AttachmentDto;
export type { AttachableKind };

export const useAttachments = (kind: AttachableKind, id: string) =>
  useQuery({
    queryKey: ['attachments', kind, id],
    queryFn: () => api<AttachmentList>('GET', `/${kind}/${id}/attachments`),
  });

export const useAttachFile = (kind: AttachableKind, id: string) =>
  useWrite('attachment', (file: File) => {
    const form = new FormData();
    form.append('file', file, file.name);
    return api<Attachment>('POST', `/${kind}/${id}/attachments`, form);
  });

export const useRemoveAttachment = () =>
  useWrite('attachment', (attachment: Attachment) => api<void>('DELETE', `/attachments/${attachment.id}`));

/** Where the browser downloads the file from (the server sends it as a download). */
export const downloadUrl = (attachment: Attachment) => `/api/v1/attachments/${attachment.id}`;
