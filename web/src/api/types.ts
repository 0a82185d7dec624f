/** Response types come from the server's own zod schemas: one schema, three uses. */
import type { z } from 'zod';
import type { affiliationSchema } from '../../../server/src/modules/affiliations/affiliations.schema.ts';
import type { sessionSchema } from '../../../server/src/modules/auth/auth.schema.ts';
import type { contactSchema } from '../../../server/src/modules/contacts/contacts.schema.ts';
import type { homeSchema } from '../../../server/src/modules/home/home.schema.ts';
import type { partnerTypeSchema } from '../../../server/src/modules/partner-types/partner-types.schema.ts';
import type { overviewSchema } from '../../../server/src/modules/partner-view/partner-view.schema.ts';
import type { partnerSchema } from '../../../server/src/modules/partners/partners.schema.ts';
import type { relationshipSchema } from '../../../server/src/modules/relationships/relationships.schema.ts';
import type { searchResult } from '../../../server/src/modules/search/search.schema.ts';
import type { touchpointSchema } from '../../../server/src/modules/touchpoints/touchpoints.schema.ts';
import type { unitSchema } from '../../../server/src/modules/units/units.schema.ts';
import type { userSchema } from '../../../server/src/modules/users/users.schema.ts';

export type Session = z.infer<typeof sessionSchema>;
export type Partner = z.infer<typeof partnerSchema>;
export type PartnerType = z.infer<typeof partnerTypeSchema>;
export type Contact = z.infer<typeof contactSchema>;
export type Affiliation = z.infer<typeof affiliationSchema>;
export type Relationship = z.infer<typeof relationshipSchema>;
export type Touchpoint = z.infer<typeof touchpointSchema>;
export type Overview = z.infer<typeof overviewSchema>;
export type Home = z.infer<typeof homeSchema>;
export type SearchResult = z.infer<typeof searchResult>;
export type Unit = z.infer<typeof unitSchema>;
export type User = z.infer<typeof userSchema>;

import type {
  escalationSchema,
  seniorViewSchema,
} from '../../../server/src/modules/escalations/escalations.schema.ts';
import type {
  activitySchema,
  commentSchema,
  requestSchema,
} from '../../../server/src/modules/requests/requests.schema.ts';

export type Request = z.infer<typeof requestSchema>;
export type RequestActivity = z.infer<typeof activitySchema>;
export type RequestComment = z.infer<typeof commentSchema>;
export type Escalation = z.infer<typeof escalationSchema>;
export type SeniorView = z.infer<typeof seniorViewSchema>;
export type Notification = {
  id: string;
  kind: string;
  title: string;
  body: string | null;
  link: string | null;
  read: boolean;
  createdAt: string;
};
export type NotificationPage = { items: Notification[]; nextCursor: string | null; unreadCount: number };
