import { describe, expect, it } from 'vitest';
import type { TouchpointChanges, TouchpointValues } from '../modules/touchpoints/touchpoints.repository.ts';
import type { Changes, NewRow } from './records.ts';
import type { touchpoints } from './schema/touchpoints.ts';

/**
 * The typed row builder's promise, checked by the type-checker (`npm run typecheck` compiles
 * this file): a create or update that leaves out a column does not compile, so a new nullable
 * column cannot be silently dropped by a create path that copies columns one by one.
 */
const complete: TouchpointValues = {
  partnerId: 'p',
  relationshipId: null,
  unitId: 'u',
  authorId: 'a',
  kind: 'call',
  isFormal: false,
  occurredAt: new Date(),
  subject: 'Placements',
  notes: null,
  sentiment: null,
  visibility: 'institution',
};

// @ts-expect-error a create that leaves out `notes` (a nullable column) does not compile
const missingNullable: NewRow<typeof touchpoints> = {
  ...complete,
  notes: undefined as never,
  sentiment: undefined,
} as Omit<TouchpointValues, 'notes'>;

const unchanged: TouchpointChanges = {
  relationshipId: undefined,
  kind: undefined,
  isFormal: undefined,
  occurredAt: undefined,
  subject: undefined,
  notes: undefined,
  sentiment: undefined,
  visibility: undefined,
};

// @ts-expect-error an update must name every changeable column, even to leave it as it is
const partial: Changes<typeof touchpoints, 'partnerId' | 'unitId' | 'authorId'> = { subject: 'New subject' };

// @ts-expect-error columns fixed at creation cannot be changed
const fixed: TouchpointChanges = { ...unchanged, partnerId: 'other' };

describe('typed rows', () => {
  it('names every column of a touch point in create and update', () => {
    expect(Object.keys(complete)).toHaveLength(11);
    expect(Object.keys(unchanged)).toHaveLength(8);
    expect([missingNullable, partial, fixed]).toHaveLength(3);
  });
});
