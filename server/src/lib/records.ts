// The field contracts live in common/; the server-side presenter stays here.
export {
  idParams,
  isoDate,
  optionalText,
  recordFields,
  requiredText,
  searchText,
} from '../../../common/src/contracts/shared.ts';

/** Dates to ISO strings: the shape the API promises. */
export function presentRecord<T extends { createdAt: Date; updatedAt: Date }>(row: T) {
  return { ...row, createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString() };
}
