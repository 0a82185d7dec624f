import { activityList } from './activities.ts';
import { contactList } from './contacts.ts';
import { duplicateList } from './duplicates.ts';
import { initiativeList } from './initiatives.ts';
import { partnerList } from './partners.ts';
import { exportQuerySchema, listQuerySchema, pickFilters } from './query.ts';
import { relationshipList } from './relationships.ts';
import { requestList } from './requests.ts';
import { taskList } from './tasks.ts';
import { endsAfterStart, touchpointList } from './touchpoints.ts';
import { userList } from './users.ts';

/*
 * Each list route's querystring (and export route's), as zod checks it on the server, built from
 * the list's declaration. Kept apart from the declarations so the web, which reads them, does not
 * load zod with a list screen.
 */

export const listActivitiesQuery = listQuerySchema(activityList);
export const exportActivitiesQuery = exportQuerySchema(activityList);

export const listContactsQuery = listQuerySchema(contactList);
export const exportContactsQuery = exportQuerySchema(contactList);

export const listDuplicatesQuery = listQuerySchema(duplicateList);

export const listInitiativesQuery = listQuerySchema(initiativeList);
export const exportInitiativesQuery = exportQuerySchema(initiativeList);

export const listPartnersQuery = listQuerySchema(partnerList);
export const exportPartnersQuery = exportQuerySchema(partnerList);

export const listRelationshipsQuery = listQuerySchema(relationshipList);
export const exportRelationshipsQuery = exportQuerySchema(relationshipList);

export const listRequestsQuery = listQuerySchema(requestList);
export const exportRequestsQuery = exportQuerySchema(requestList);

export const listTasksQuery = listQuerySchema(taskList);
export const exportTasksQuery = exportQuerySchema(taskList);

const rangeError = { message: 'must be after From', path: ['to'] };
export const listTouchpointsQuery = listQuerySchema(touchpointList).refine(endsAfterStart, rangeError);
export const exportTouchpointsQuery = exportQuerySchema(touchpointList).refine(endsAfterStart, rangeError);

/** Filters a partner's or contact's timeline takes: the list's own. */
export const timelineFilters = pickFilters(touchpointList, [
  'unitId',
  'kind',
  'from',
  'to',
  'participantId',
  'q',
]);

export const listUsersQuery = listQuerySchema(userList);
export const exportUsersQuery = exportQuerySchema(userList);
