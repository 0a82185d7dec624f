import { customType } from 'drizzle-orm/pg-core';

/** PostgreSQL text-search vector; our columns are generated from the record's text. */
export const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });
