import { and, eq, ilike, isNotNull, isNull, ne, or, sql } from 'drizzle-orm';
import type { ListUsersQuery, UpdateUser } from '../../../../common/src/contracts/users.ts';
import type { Executor } from '../../db/client.ts';
import { units } from '../../db/schema/units.ts';
import { users } from '../../db/schema/users.ts';
import { afterCursor, orderOf, type SortSpec, sortOptions } from '../../lib/pagination.ts';

export const userSortSpecs = sortOptions(
  { name: [users.name, 'name'], email: [users.email, 'email'], createdAt: [users.createdAt, 'createdAt'] },
  users.id,
);

/** Never selects the password hash: only whether there is one. */
const columns = {
  id: users.id,
  email: users.email,
  name: users.name,
  jobTitle: users.jobTitle,
  role: users.role,
  unitId: users.unitId,
  unitName: units.name,
  deactivatedAt: users.deactivatedAt,
  hasPassword: sql<boolean>`${users.passwordHash} is not null`,
  version: users.version,
  createdAt: users.createdAt,
  updatedAt: users.updatedAt,
};

function selectUsers(db: Executor) {
  return db.select(columns).from(users).leftJoin(units, eq(units.id, users.unitId));
}

export async function listUsers(db: Executor, query: ListUsersQuery, spec: SortSpec) {
  return selectUsers(db)
    .where(
      and(
        query.q ? or(ilike(users.name, `%${query.q}%`), ilike(users.email, `%${query.q}%`)) : undefined,
        query.role ? eq(users.role, query.role) : undefined,
        query.unitId ? eq(users.unitId, query.unitId) : undefined,
        query.active === undefined
          ? undefined
          : query.active
            ? isNull(users.deactivatedAt)
            : isNotNull(users.deactivatedAt),
        afterCursor(spec, query.cursor),
      ),
    )
    .orderBy(...orderOf(spec))
    .limit(query.limit + 1);
}

export async function findUser(db: Executor, id: string) {
  const [row] = await selectUsers(db).where(eq(users.id, id));
  return row ?? null;
}

export async function insertUser(
  db: Executor,
  values: {
    email: string;
    name: string;
    jobTitle: string | null;
    role: (typeof users.$inferInsert)['role'];
    unitId: string | null;
    passwordHash: string | null;
  },
) {
  const [row] = await db.insert(users).values(values).returning({ id: users.id });
  return row!.id;
}

export async function updateUser(
  db: Executor,
  id: string,
  version: number,
  values: UpdateUser & { deactivatedAt?: Date | null },
) {
  const rows = await db
    .update(users)
    .set({ ...values, version: sql`${users.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(users.id, id), eq(users.version, version)))
    .returning({ id: users.id });
  return rows.length === 1;
}

export async function findPasswordHash(db: Executor, id: string) {
  const [row] = await db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, id));
  return row?.passwordHash ?? null;
}

export async function setPasswordHash(db: Executor, id: string, passwordHash: string) {
  await db
    .update(users)
    .set({ passwordHash, version: sql`${users.version} + 1`, updatedAt: sql`now()` })
    .where(eq(users.id, id));
}

/** Active administrators other than `exceptId`: the last one must not lose the role. */
export async function countOtherActiveAdministrators(db: Executor, exceptId: string) {
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.role, 'administrator'), isNull(users.deactivatedAt), ne(users.id, exceptId)))
    .limit(1);
  return rows.length;
}

export async function hasActiveAdministrator(db: Executor) {
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.role, 'administrator'), isNull(users.deactivatedAt)))
    .limit(1);
  return rows.length > 0;
}
