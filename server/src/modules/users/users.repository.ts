import { and, eq, ilike, isNotNull, isNull, ne, or, sql } from 'drizzle-orm';
import type { ListUsersQuery } from '../../../../common/src/lists/users.ts';
import { userList } from '../../../../common/src/lists/users.ts';
import type { Executor } from '../../db/client.ts';
import { recordStore } from '../../db/records.ts';
import { units } from '../../db/schema/units.ts';
import { users } from '../../db/schema/users.ts';
import { allOf } from '../../lib/all-of.ts';
import { bindList } from '../../lib/lists/list.ts';
import { sortOptions, toPage } from '../../lib/pagination.ts';

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

/** The user list's filters and sorts as SQL (declared in common/src/lists/users.ts). */
export const userListing = bindList(userList, {
  where: {
    q: (q) => or(ilike(users.name, `%${q}%`), ilike(users.email, `%${q}%`)),
    role: (role) => eq(users.role, role),
    unitId: (id) => eq(users.unitId, id),
    active: (active) => (active ? isNull(users.deactivatedAt) : isNotNull(users.deactivatedAt)),
  },
  sorts: sortOptions(
    { name: [users.name, 'name'], email: [users.email, 'email'], createdAt: [users.createdAt, 'createdAt'] },
    users.id,
  ),
});

/** A page of the user list for the filters, sort and cursor. */
export async function listUsers(db: Executor, query: ListUsersQuery) {
  const { after, orderBy, spec } = userListing.page(query.sort, query.cursor);
  const rows = await selectUsers(db)
    .where(and(userListing.where(query), after))
    .orderBy(...orderBy)
    .limit(query.limit + 1);
  return toPage(rows, query.limit, spec);
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

type UserRow = NonNullable<Awaited<ReturnType<typeof findUser>>>;

/** The directory entry: never a password or its hash. */
export function presentUser(row: UserRow) {
  return {
    ...row,
    active: row.deactivatedAt === null,
    deactivatedAt: row.deactivatedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/**
 * Users' one write path for staff records. The e-mail address is fixed; the password hash
 * changes only through the auth module's `storePasswordHash`, whose change is recorded without the hash.
 */
export const userStore = recordStore({
  entity: 'user',
  noun: 'user',
  table: users,
  fixed: ['email', 'passwordHash'],
  present: async (db, rows) =>
    allOf(
      db,
      rows.map((row) => async () => presentUser((await findUser(db, row.id))!)),
    ),
});

export async function findPasswordHash(db: Executor, id: string) {
  const [row] = await db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, id));
  return row?.passwordHash ?? null;
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
