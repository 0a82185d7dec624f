import { activityList } from './activities.ts';
import { contactList } from './contacts.ts';
import type { ListMeta } from './define.ts';
import { initiativeList } from './initiatives.ts';
import { partnerList } from './partners.ts';
import { relationshipList } from './relationships.ts';
import { requestList } from './requests.ts';
import { taskList } from './tasks.ts';
import { touchpointList } from './touchpoints.ts';
import { userList } from './users.ts';

/** Every list on the pipeline, by name: saved views say which list they belong to with it. */
export const listCatalogue = {
  partners: partnerList,
  contacts: contactList,
  relationships: relationshipList,
  touchpoints: touchpointList,
  requests: requestList,
  tasks: taskList,
  users: userList,
  activities: activityList,
  initiatives: initiativeList,
} as const satisfies Record<string, ListMeta>;

export type ListName = keyof typeof listCatalogue;
export const listNames = Object.keys(listCatalogue) as [ListName, ...ListName[]];

/** Who sees a saved view besides its owner. */
export const savedViewSharings = ['personal', 'unit', 'institution'] as const;
export type SavedViewSharing = (typeof savedViewSharings)[number];
export const savedViewSharingLabels: Record<SavedViewSharing, string> = {
  personal: 'Only me',
  unit: 'My unit',
  institution: 'Everyone at the university',
};
