import { eq, or } from 'drizzle-orm';
import { installStaffMessages } from '../../../common/src/contracts/messages.ts';
import { createUserBody } from '../../../common/src/contracts/users.ts';
import { roles } from '../../../common/src/labels/users.ts';
import type { Db } from '../db/client.ts';
import { units } from '../db/schema/units.ts';
import { hashPassword } from '../modules/auth/password.ts';
import { isWeakPassword, WEAK_PASSWORD_MESSAGE } from '../modules/auth/password-strength.ts';
import { findActiveUserByEmail } from '../modules/auth/users-lookup.repository.ts';
import { insertUser } from '../modules/users/users.repository.ts';

export class CliError extends Error {
  override name = 'CliError';
}

type Options = { email: string; password: string; role: string; unit?: string; name?: string };

/** `rapport create-user`: validates like the API, then creates the account. */
export async function createUserCommand(db: Db, options: Options) {
  if (!(roles as readonly string[]).includes(options.role)) {
    throw new CliError(`--role must be one of: ${roles.join(', ')}`);
  }
  let unitId: string | null = null;
  if (options.unit) {
    const found = await db
      .select({ id: units.id })
      .from(units)
      .where(or(eq(units.name, options.unit), eq(units.code, options.unit)));
    if (found.length !== 1)
      throw new CliError(`--unit "${options.unit}" does not name one unit (give its exact name or code)`);
    unitId = found[0]!.id;
  }
  installStaffMessages();
  const parsed = createUserBody.safeParse({
    email: options.email,
    name: options.name ?? options.email.split('@')[0],
    role: options.role,
    unitId,
    password: options.password,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new CliError(`--${String(issue.path[0])}: ${issue.message}`);
  }
  if (isWeakPassword(options.password, [parsed.data.email, parsed.data.name]))
    throw new CliError(`--password: ${WEAK_PASSWORD_MESSAGE}`);
  if (await findActiveUserByEmail(db, parsed.data.email))
    throw new CliError(`A user with e-mail ${parsed.data.email} already exists`);
  const { password, ...values } = parsed.data;
  const id = await insertUser(db, { ...values, passwordHash: await hashPassword(password!) });
  return { id, email: parsed.data.email, role: parsed.data.role };
}
