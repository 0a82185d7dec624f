import { ThemeIcon } from '@mantine/core';
import {
  type Icon,
  IconAlertOctagon,
  IconBulb,
  IconCalendarEvent,
  IconFlame,
  IconHelpCircle,
  IconMail,
  IconMapPin,
  IconMessageCircleQuestion,
  IconMoodSad,
  IconNote,
  IconPhone,
  IconScale,
  IconUsersGroup,
} from '@tabler/icons-react';
import type { RequestKind } from '../../../common/src/labels/requests.ts';
import type { TouchpointKind } from '../../../common/src/labels/touchpoints.ts';

/** One icon per touch-point kind and per request kind, always beside the kind's name in words. */
export const touchpointKindIcons: Record<TouchpointKind, Icon> = {
  meeting: IconUsersGroup,
  call: IconPhone,
  email: IconMail,
  visit: IconMapPin,
  event: IconCalendarEvent,
  enquiry: IconMessageCircleQuestion,
  note: IconNote,
};
export const requestKindIcons: Record<RequestKind, Icon> = {
  incident: IconFlame,
  enhancement: IconBulb,
  enquiry: IconHelpCircle,
  complaint: IconMoodSad,
  dispute: IconScale,
  concern: IconAlertOctagon,
};

/** A kind's icon in a soft tile, decorative (the kind is also written out). */
export function KindIcon({ icon: Shown }: { icon: Icon }) {
  return (
    <ThemeIcon variant="light" size="md" radius="md" aria-hidden="true">
      <Shown size={16} stroke={1.7} />
    </ThemeIcon>
  );
}
