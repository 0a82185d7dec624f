import {
  type Icon,
  IconAddressBook,
  IconArchive,
  IconBuildingCommunity,
  IconBulb,
  IconCalendarEvent,
  IconCalendarRepeat,
  IconCategory,
  IconChecklist,
  IconClockHour4,
  IconGavel,
  IconHeartHandshake,
  IconHome,
  IconKey,
  IconListCheck,
  IconMessageReport,
  IconPalette,
  IconShieldLock,
  IconSitemap,
  IconUserCheck,
  IconUsers,
} from '@tabler/icons-react';

/** A screen the menu and the command palette go to. */
export type Place = { to: string; label: string; icon: Icon };

export const places: Place[] = [
  { to: '/', label: 'Home', icon: IconHome },
  { to: '/partners', label: 'Partners', icon: IconBuildingCommunity },
  { to: '/contacts', label: 'Contacts', icon: IconAddressBook },
  { to: '/relationships', label: 'Relationships', icon: IconHeartHandshake },
  { to: '/requests', label: 'Requests', icon: IconMessageReport },
  // Opens on my open tasks; the page offers my unit's, overdue and all.
  { to: '/tasks?assigneeId=me&done=false', label: 'Tasks', icon: IconChecklist },
  { to: '/activities?when=upcoming', label: 'Activities', icon: IconCalendarEvent },
  { to: '/initiatives', label: 'Initiatives', icon: IconBulb },
  { to: '/communication', label: 'Communication plans', icon: IconCalendarRepeat },
];
export const adminPlaces: Place[] = [
  { to: '/admin/units', label: 'Units', icon: IconSitemap },
  { to: '/admin/partner-types', label: 'Partner types', icon: IconCategory },
  { to: '/admin/playbooks', label: 'Playbooks', icon: IconListCheck },
  { to: '/admin/users', label: 'Users', icon: IconUsers },
  { to: '/admin/service-levels', label: 'Service levels', icon: IconClockHour4 },
  { to: '/admin/approval-rules', label: 'Approval rules', icon: IconGavel },
  { to: '/admin/branding', label: 'Branding', icon: IconPalette },
  { to: '/admin/sign-on', label: 'Single sign-on', icon: IconKey },
  { to: '/admin/purposes', label: 'Consent purposes', icon: IconUserCheck },
];

/** For whoever holds the data protection ability. */
export const dataProtectionPlaces: Place[] = [
  { to: '/personal-data/retention', label: 'Retention rules', icon: IconArchive },
  { to: '/personal-data/processing', label: 'Records of processing', icon: IconShieldLock },
];

/** Every keyboard shortcut, as the `?` overlay lists them. */
export const shortcuts: { keys: string[]; what: string }[] = [
  { keys: ['Ctrl', 'K'], what: 'Search, or run a command (⌘ K on a Mac)' },
  { keys: ['Ctrl', 'Shift', 'L'], what: 'Log a touch point (⌘ Shift L on a Mac)' },
  { keys: ['?'], what: 'Show these shortcuts' },
  { keys: ['↑', '↓'], what: 'In search: move between results' },
  { keys: ['Enter'], what: 'In search: open the chosen result (the first one unless you moved)' },
  { keys: ['Esc'], what: 'Close a dialog or the search' },
  { keys: ['Space'], what: 'On the requests board: pick up a card, then arrows to move it, Space to drop' },
];
