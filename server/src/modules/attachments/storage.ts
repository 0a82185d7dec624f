import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/**
 * Where the bytes of attachments are kept. Keys are slash-separated words of letters, digits,
 * `-` and `_` (`touchpoints/<record id>/<attachment id>`), so a record's files share a prefix
 * and can go together. The local folder is the default; another store (an S3 bucket) is another
 * implementation of these five calls.
 */
export interface Storage {
  /** Writes the stream under `key`, whole or not at all (a failed write leaves nothing). */
  put(key: string, source: Readable): Promise<void>;
  /** The bytes under `key`, or null when there are none. */
  get(key: string): Promise<Readable | null>;
  /** Removes the bytes under `key`; nothing there is not an error. */
  delete(key: string): Promise<void>;
  /** Removes every key under `prefix` (a record's files). */
  deletePrefix(prefix: string): Promise<void>;
  /** Every key with when it was written, for the orphan sweep. */
  list(): AsyncIterable<{ key: string; writtenAt: Date }>;
}

const KEY = /^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*$/;

/** A key as a path inside the folder; anything else (`..`, an absolute path) is a programming error. */
function pathOf(root: string, key: string) {
  if (!KEY.test(key)) throw new Error(`Not a storage key: ${JSON.stringify(key)}`);
  return path.join(root, ...key.split('/'));
}

/** Half-written files are named `.<name>.partial-<uuid>` and never listed. */
const isPartial = (name: string) => name.startsWith('.');

/** Where uploaded spreadsheets are kept: beside the attachments, in a folder whose dot keeps it out of their orphan sweep. */
export const importFilesIn = (attachmentsDir: string) =>
  localFolderStorage(path.join(attachmentsDir, '.imports'));

/** Attachments in a folder on this machine (or a mounted share, for several servers). */
export function localFolderStorage(root: string): Storage {
  async function* walk(folder: string, prefix: string): AsyncGenerator<{ key: string; writtenAt: Date }> {
    let entries: import('node:fs').Dirent[];
    try {
      entries = await readdir(folder, { withFileTypes: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw err;
    }
    for (const entry of entries) {
      if (isPartial(entry.name)) continue;
      const key = prefix ? `${prefix}/${entry.name}` : entry.name;
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) yield* walk(full, key);
      else if (entry.isFile()) yield { key, writtenAt: (await stat(full)).mtime };
    }
  }

  return {
    async put(key, source) {
      const target = pathOf(root, key);
      await mkdir(path.dirname(target), { recursive: true });
      // Written beside its place and renamed: a reader never sees half a file.
      const partial = path.join(path.dirname(target), `.${path.basename(target)}.partial-${randomUUID()}`);
      try {
        await pipeline(source, createWriteStream(partial, { flags: 'wx', mode: 0o640 }));
        await rename(partial, target);
      } catch (err) {
        await rm(partial, { force: true });
        throw err;
      }
    },
    async get(key) {
      const file = pathOf(root, key);
      try {
        if (!(await stat(file)).isFile()) return null;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw err;
      }
      return createReadStream(file);
    },
    async delete(key) {
      await rm(pathOf(root, key), { force: true });
    },
    async deletePrefix(prefix) {
      await rm(pathOf(root, prefix), { recursive: true, force: true });
    },
    list: () => walk(root, ''),
  };
}
