import {
  type Icon,
  IconBulb,
  IconCalendarEvent,
  IconFiles,
  IconHistory,
  IconLayoutDashboard,
  IconMessageReport,
  IconTimeline,
  IconUsers,
  IconUsersGroup,
} from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { PartnerHealthCard } from '../../components/health/HealthCard.tsx';
import { lazySection } from '../../components/lazy.tsx';
import { LatestTouchpointsPanel } from './LatestTouchpointsPanel.tsx';
import { PartnerDetails } from './PartnerDetails.tsx';
import type { PartnerPanelProps } from './panel.ts';

// The overview's first row (the latest touch points, health) and the partner's details load with
// the page; the other panels below the first screen (surveys with their charts, open tasks, last
// year) load just after it, each with a loading state in its place. Every other tab's panels load when the tab is first opened.
const PartnerSurveysPanel = lazySection(
  async () => (await import('../../components/surveys/PartnerSurveysPanel.tsx')).PartnerSurveysPanel,
);
const LastYearPanel = lazySection(async () => (await import('./LastYearPanel.tsx')).LastYearPanel);
const OpenTasksPanel = lazySection(async () => (await import('./OpenTasksPanel.tsx')).OpenTasksPanel);
const AgreementsPanel = lazySection(
  async () => (await import('../../components/agreements/AgreementsPanel.tsx')).AgreementsPanel,
);
const HistoryPanel = lazySection(
  async () => (await import('../../components/HistoryPanel.tsx')).HistoryPanel,
);
const MergesPanel = lazySection(async () => (await import('../../components/MergesPanel.tsx')).MergesPanel);
const PartnerRequests = lazySection(
  async () => (await import('../../components/PartnerRequests.tsx')).PartnerRequests,
);
const ReviewsPanel = lazySection(
  async () => (await import('../../components/reviews/ReviewsPanel.tsx')).ReviewsPanel,
);
const ActivitiesPanel = lazySection(async () => (await import('./ActivitiesPanel.tsx')).ActivitiesPanel);
const DocumentsPanel = lazySection(async () => (await import('./DocumentsPanel.tsx')).DocumentsPanel);
const InitiativesPanel = lazySection(async () => (await import('./InitiativesPanel.tsx')).InitiativesPanel);
const KeyContactsPanel = lazySection(async () => (await import('./KeyContactsPanel.tsx')).KeyContactsPanel);
const RelationshipPlans = lazySection(
  async () => (await import('./RelationshipPlans.tsx')).RelationshipPlans,
);
const RelationshipPlaybooks = lazySection(
  async () => (await import('./RelationshipPlaybooks.tsx')).RelationshipPlaybooks,
);
const RelationshipsPanel = lazySection(
  async () => (await import('./RelationshipsPanel.tsx')).RelationshipsPanel,
);
const TimelinePanel = lazySection(async () => (await import('./TimelinePanel.tsx')).TimelinePanel);
const WhoKnowsWhomPanel = lazySection(
  async () => (await import('./WhoKnowsWhomPanel.tsx')).WhoKnowsWhomPanel,
);

export type PartnerTab = {
  /** The tab's segment of the address: /partners/{id}/{value} (Overview has none). */
  value: string;
  label: string;
  icon: Icon;
  /** Two columns on a wide screen, or one for panels that need the width (a timeline). */
  columns: 1 | 2;
  /** The tab's panels, top to bottom (left to right in two columns). */
  panels: (p: PartnerPanelProps) => ReactNode;
};

/**
 * The partner page's tabs in order, and the one place each tab lists its panels: a new panel is
 * one line in its tab's `panels`. Only the open tab is drawn, so a panel loads its data when shown.
 */
export const partnerTabs: PartnerTab[] = [
  {
    value: 'overview',
    label: 'Overview',
    icon: IconLayoutDashboard,
    columns: 2,
    panels: (p) => (
      <>
        <LatestTouchpointsPanel {...p} />
        <PartnerHealthCard partnerId={p.overview.partner.id} />
        <PartnerSurveysPanel partnerId={p.overview.partner.id} />
        <OpenTasksPanel {...p} />
        <LastYearPanel {...p} />
        <PartnerDetails partner={p.overview.partner} canEdit={Boolean(p.can.editSharedRecord)} />
      </>
    ),
  },
  {
    value: 'timeline',
    label: 'Timeline',
    icon: IconTimeline,
    columns: 1,
    panels: (p) => (
      <>
        <TimelinePanel {...p} />
      </>
    ),
  },
  {
    value: 'relationships',
    label: 'Relationships',
    icon: IconUsersGroup,
    columns: 1,
    panels: (p) => (
      <>
        <RelationshipsPanel {...p} />
        {p.overview.relationships.length > 0 && (
          <RelationshipPlans partnerId={p.overview.partner.id} relationships={p.overview.relationships} />
        )}
        {p.overview.relationships.length > 0 && (
          <RelationshipPlaybooks partnerId={p.overview.partner.id} relationships={p.overview.relationships} />
        )}
        <AgreementsPanel partnerId={p.overview.partner.id} relationships={p.overview.relationships} />
        {p.overview.relationships.length > 0 && (
          <ReviewsPanel partnerId={p.overview.partner.id} relationships={p.overview.relationships} />
        )}
      </>
    ),
  },
  {
    value: 'requests',
    label: 'Requests',
    icon: IconMessageReport,
    columns: 1,
    panels: (p) => (
      <>
        <PartnerRequests partnerId={p.overview.partner.id} />
      </>
    ),
  },
  {
    value: 'activities',
    label: 'Activities',
    icon: IconCalendarEvent,
    columns: 2,
    panels: (p) => (
      <>
        <ActivitiesPanel {...p} />
      </>
    ),
  },
  {
    value: 'initiatives',
    label: 'Initiatives',
    icon: IconBulb,
    columns: 1,
    panels: (p) => (
      <>
        <InitiativesPanel {...p} />
      </>
    ),
  },
  {
    value: 'people',
    label: 'People',
    icon: IconUsers,
    columns: 1,
    panels: (p) => (
      <>
        <KeyContactsPanel {...p} />
        <WhoKnowsWhomPanel {...p} />
      </>
    ),
  },
  {
    value: 'documents',
    label: 'Documents',
    icon: IconFiles,
    columns: 1,
    panels: (p) => (
      <>
        <DocumentsPanel {...p} />
      </>
    ),
  },
  {
    value: 'history',
    label: 'History',
    icon: IconHistory,
    columns: 1,
    panels: (p) => (
      <>
        <MergesPanel id={p.overview.partner.id} />
        <HistoryPanel entity="partner" id={p.overview.partner.id} />
      </>
    ),
  },
];

/** The tab an address names; an unknown or missing one is the overview. */
export const tabNamed = (value: string | undefined) =>
  partnerTabs.find((t) => t.value === value) ?? partnerTabs[0]!;
