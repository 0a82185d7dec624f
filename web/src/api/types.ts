/** Response types come from the contracts in common/: one schema, three uses. */
import type { z } from 'zod';
import type {
  affiliationSchema,
  createAffiliationBody,
  updateAffiliationBody,
} from '../../../common/src/contracts/affiliations.ts';
import type { loginBody, sessionSchema } from '../../../common/src/contracts/auth.ts';
import type {
  contactSchema,
  createContactBody,
  updateContactBody,
} from '../../../common/src/contracts/contacts.ts';
import type {
  deescalateBody,
  escalateBody,
  escalationSchema,
  seniorViewSchema,
} from '../../../common/src/contracts/escalations.ts';
import type { homeSchema } from '../../../common/src/contracts/home.ts';
import type {
  notificationPage,
  notificationSchema,
  readNotificationsBody,
} from '../../../common/src/contracts/notifications.ts';
import type {
  createPartnerTypeBody,
  partnerTypeSchema,
  updatePartnerTypeBody,
} from '../../../common/src/contracts/partner-types.ts';
import type { overviewSchema } from '../../../common/src/contracts/partner-view.ts';
import type {
  createPartnerBody,
  partnerSchema,
  updatePartnerBody,
} from '../../../common/src/contracts/partners.ts';
import type {
  createRelationshipBody,
  relationshipSchema,
  updateRelationshipBody,
} from '../../../common/src/contracts/relationships.ts';
import type {
  activitySchema,
  commentBody,
  commentSchema,
  createRequestBody,
  requestBoard,
  requestItemSchema,
  requestSchema,
  transitionBody,
  updateRequestBody,
} from '../../../common/src/contracts/requests.ts';
import type { searchResult } from '../../../common/src/contracts/search.ts';
import type {
  attentionRulesSchema,
  createHolidayBody,
  holidaySchema,
  serviceLevelSchema,
  updateServiceLevelBody,
  workingWeekSchema,
} from '../../../common/src/contracts/service-levels.ts';
import type { createTaskBody, taskSchema, updateTaskBody } from '../../../common/src/contracts/tasks.ts';
import type {
  createTouchpointBody,
  touchpointSchema,
  updateTouchpointBody,
} from '../../../common/src/contracts/touchpoints.ts';
import type { createUnitBody, unitSchema, updateUnitBody } from '../../../common/src/contracts/units.ts';
import type { createUserBody, updateUserBody, userSchema } from '../../../common/src/contracts/users.ts';

export type Session = z.infer<typeof sessionSchema>;
export type Partner = z.infer<typeof partnerSchema>;
export type PartnerType = z.infer<typeof partnerTypeSchema>;
export type Contact = z.infer<typeof contactSchema>;
export type Affiliation = z.infer<typeof affiliationSchema>;
export type Relationship = z.infer<typeof relationshipSchema>;
export type Touchpoint = z.infer<typeof touchpointSchema>;
export type Task = z.infer<typeof taskSchema>;
export type NewTask = z.input<typeof createTaskBody>;
export type TaskChanges = z.input<typeof updateTaskBody>;
export type Overview = z.infer<typeof overviewSchema>;
export type Home = z.infer<typeof homeSchema>;
export type SearchResult = z.infer<typeof searchResult>;
export type Unit = z.infer<typeof unitSchema>;
export type User = z.infer<typeof userSchema>;

export type Request = z.infer<typeof requestSchema>;
/** A request as the requests routes answer: with the caller's abilities on it. */
export type RequestItem = z.infer<typeof requestItemSchema>;
export type RequestBoard = z.infer<typeof requestBoard>;
export type RequestActivity = z.infer<typeof activitySchema>;
export type RequestComment = z.infer<typeof commentSchema>;
export type Escalation = z.infer<typeof escalationSchema>;
export type SeniorView = z.infer<typeof seniorViewSchema>;
export type Notification = z.infer<typeof notificationSchema>;
export type NotificationPage = z.infer<typeof notificationPage>;

export type ServiceLevel = z.infer<typeof serviceLevelSchema>;
export type WorkingWeek = z.infer<typeof workingWeekSchema>;
export type AttentionRules = z.infer<typeof attentionRulesSchema>;
export type Holiday = z.infer<typeof holidaySchema>;

/** Request bodies, typed by the contracts the server validates them with. */
export type SignIn = z.input<typeof loginBody>;
export type NewPartner = z.input<typeof createPartnerBody>;
export type PartnerChanges = z.input<typeof updatePartnerBody>;
export type NewPartnerType = z.input<typeof createPartnerTypeBody>;
export type PartnerTypeChanges = z.input<typeof updatePartnerTypeBody>;
export type NewUnit = z.input<typeof createUnitBody>;
export type UnitChanges = z.input<typeof updateUnitBody>;
export type NewUser = z.input<typeof createUserBody>;
export type UserChanges = z.input<typeof updateUserBody>;
export type NewContact = z.input<typeof createContactBody>;
export type ContactChanges = z.input<typeof updateContactBody>;
export type NewAffiliation = z.input<typeof createAffiliationBody>;
export type AffiliationChanges = z.input<typeof updateAffiliationBody>;
export type NewRelationship = z.input<typeof createRelationshipBody>;
export type RelationshipChanges = z.input<typeof updateRelationshipBody>;
export type NewTouchpoint = z.input<typeof createTouchpointBody>;
export type TouchpointChanges = z.input<typeof updateTouchpointBody>;
export type NewRequest = z.input<typeof createRequestBody>;
export type RequestMove = z.input<typeof transitionBody>;
export type RequestChanges = z.input<typeof updateRequestBody>;
export type NewComment = z.input<typeof commentBody>;
export type Escalate = z.input<typeof escalateBody>;
export type Deescalate = z.input<typeof deescalateBody>;
export type ReadNotifications = z.input<typeof readNotificationsBody>;
export type ServiceLevelChanges = z.input<typeof updateServiceLevelBody>;
export type NewHoliday = z.input<typeof createHolidayBody>;
