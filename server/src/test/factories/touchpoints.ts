import type { Executor } from '../../db/client.ts';
import { tasks } from '../../db/schema/tasks.ts';
import { touchpointReaders, touchpointStaff, touchpoints } from '../../db/schema/touchpoints.ts';

type TouchpointInsert = typeof touchpoints.$inferInsert;

/** A touch point straight into the database; confidential ones get their author as reader. */
export async function buildTouchpoint(
  db: Executor,
  values: Pick<TouchpointInsert, 'partnerId' | 'unitId' | 'authorId'> &
    Partial<TouchpointInsert> & { readerIds?: string[] },
) {
  const { readerIds = [], ...rest } = values;
  const [row] = await db
    .insert(touchpoints)
    .values({ kind: 'meeting', subject: 'Catch-up', occurredAt: new Date(), ...rest })
    .returning();
  await db.insert(touchpointStaff).values({ touchpointId: row!.id, userId: row!.authorId });
  if (row!.visibility === 'confidential') {
    const readers = [...new Set([row!.authorId, ...readerIds])];
    await db.insert(touchpointReaders).values(readers.map((userId) => ({ touchpointId: row!.id, userId })));
  }
  return row!;
}

export async function buildTask(
  db: Executor,
  values: Pick<typeof tasks.$inferInsert, 'assigneeId'> & Partial<typeof tasks.$inferInsert>,
) {
  const [row] = await db
    .insert(tasks)
    .values({ title: 'Follow up', createdById: values.assigneeId, ...values })
    .returning();
  return row!;
}
