import lockfile from 'proper-lockfile';

export class DataDirLockedError extends Error {
  override name = 'DataDirLockedError';
}

/**
 * PGlite does not lock its data folder; two processes on one folder corrupt it.
 * We take a lock file beside the data and refuse a second server with a clear message.
 */
export async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  try {
    return await lockfile.lock(dataDir, {
      lockfilePath: `${dataDir}/.rapport.lock`,
      stale: 15_000,
      update: 5_000,
    });
  } catch (error) {
    if ((error as { code?: string }).code === 'ELOCKED') {
      throw new DataDirLockedError(
        `The data folder ${dataDir} is in use by another Rapport process. Stop it first, or set RAPPORT_DATA_DIR to another folder.`,
      );
    }
    throw error;
  }
}
