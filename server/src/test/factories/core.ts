import { randomUUID } from 'node:crypto';
import type { Executor } from '../../db/client.ts';
import { units } from '../../db/schema/units.ts';
import { users } from '../../db/schema/users.ts';
import type { Role } from '../../modules/access/actor.ts';
import { hashPassword } from '../../modules/auth/password.ts';

const unique = () => randomUUID().slice(0, 8);

/** Password hashing is deliberately slow, so factories hash each distinct password once. */
const hashes = new Map<string, Promise<string>>();
const hashOnce = (password: string) => {
  if (!hashes.has(password)) hashes.set(password, hashPassword(password));
  return hashes.get(password)!;
};

export async function buildUnit(db: Executor, overrides: Partial<typeof units.$inferInsert> = {}) {
  const [row] = await db
    .insert(units)
    .values({ name: `Unit ${unique()}`, kind: 'department', ...overrides })
    .returning();
  return row!;
}

export async function buildUser(
  db: Executor,
  overrides: { role?: Role; unitId?: string | null; email?: string; name?: string; password?: string } = {},
) {
  const tag = unique();
  const [row] = await db
    .insert(users)
    .values({
      email: overrides.email ?? `user-${tag}@northmoor.ac.uk`,
      name: overrides.name ?? `Staff Member ${tag}`,
      role: overrides.role ?? 'staff',
      unitId: overrides.unitId ?? null,
      passwordHash: overrides.password ? await hashOnce(overrides.password) : null,
    })
    .returning();
  return row!;
}
