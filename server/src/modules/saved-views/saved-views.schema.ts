import { z } from 'zod';
import { listNames } from '../../../../common/src/lists/catalogue.ts';
import { savedViewSchema } from '../../../../common/src/lists/saved-views.ts';
import { pageOf, pageQuery } from '../../lib/pagination.ts';

export {
  type CreateSavedView,
  createSavedViewBody,
  type SavedView as SavedViewDto,
  savedViewSchema,
  type UpdateSavedView,
  updateSavedViewBody,
} from '../../../../common/src/lists/saved-views.ts';

export const listSavedViewsQuery = pageQuery.extend({
  list: z.enum(listNames).optional().describe('Only the views of this list'),
});
export type ListSavedViewsQuery = z.infer<typeof listSavedViewsQuery>;
export const savedViewPage = pageOf(savedViewSchema);
