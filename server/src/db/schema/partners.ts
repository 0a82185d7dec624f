import { sql } from 'drizzle-orm';
import { type AnyPgColumn, boolean, index, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { partnerStatuses } from '../../../../common/src/labels/partners.ts';
import { id, versioned } from './columns.ts';
import { partnerTypes } from './partner-types.ts';
import { tsvector } from './search.ts';
import { units } from './units.ts';

/** A website's domain, lower-case, without `www.`: the expression `partners_website_domain_idx` indexes. */
export const websiteDomain = (website: unknown) =>
  sql`lower(regexp_replace(${website}, '^[a-z]+://(www\\.)?([^/:?#]+).*$', '\\2', 'i'))`;

export { partnerStatuses };

/** An organisation the university has a relationship with, internal or external. */
export const partners = pgTable(
  'partners',
  {
    id: id(),
    name: text('name').notNull(),
    typeId: uuid('type_id')
      .notNull()
      .references(() => partnerTypes.id, { onDelete: 'restrict' }),
    parentId: uuid('parent_id').references((): AnyPgColumn => partners.id, { onDelete: 'restrict' }),
    isInternal: boolean('is_internal').notNull().default(false),
    /** For an internal partner (an academic School), the unit it is. */
    unitId: uuid('unit_id').references(() => units.id, { onDelete: 'restrict' }),
    status: text('status', { enum: partnerStatuses }).notNull().default('active'),
    website: text('website'),
    sector: text('sector'),
    addressLine: text('address_line'),
    city: text('city'),
    postcode: text('postcode'),
    country: text('country'),
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    search: tsvector('search').generatedAlwaysAs(
      sql`setweight(to_tsvector('simple', coalesce(name, '')), 'A') || setweight(to_tsvector('simple', coalesce(sector, '') || ' ' || coalesce(city, '')), 'C')`,
    ),
    ...versioned(),
  },
  (t) => [
    index('partners_name_idx').on(t.name, t.id),
    index('partners_type_idx').on(t.typeId),
    index('partners_parent_idx').on(t.parentId),
    index('partners_unit_idx').on(t.unitId),
    index('partners_tags_idx').using('gin', t.tags),
    // No pending list: an import's duplicate check searches this index once a row, and each
    // search would read every entry written since the last vacuum (migration 0058).
    index('partners_name_trgm_idx').using('gin', sql`${t.name} gin_trgm_ops`).with({ fastupdate: false }),
    // A website's domain, as an import's duplicate check and its partner references compare it.
    index('partners_website_domain_idx').on(websiteDomain(t.website)),
    index('partners_search_idx').using('gin', t.search),
  ],
);
