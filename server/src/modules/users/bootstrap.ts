import type { Config } from '../../config.ts';
import type { Db } from '../../db/client.ts';
import { hashPassword } from '../auth/password.ts';
import { hasActiveAdministrator, insertUser } from './users.repository.ts';

/**
 * On start: when no active administrator exists and RAPPORT_ADMIN_EMAIL/PASSWORD are set,
 * create that administrator, so a fresh installation can be signed in to.
 */
export async function ensureBootstrapAdministrator(
  db: Db,
  config: Config,
): Promise<'created' | 'exists' | 'not-configured'> {
  if (await hasActiveAdministrator(db)) return 'exists';
  if (!config.admin) return 'not-configured';
  const passwordHash = await hashPassword(config.admin.password);
  await insertUser(db, {
    email: config.admin.email,
    name: 'Administrator',
    jobTitle: null,
    role: 'administrator',
    unitId: null,
    passwordHash,
  });
  return 'created';
}
