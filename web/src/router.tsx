import { createBrowserRouter, Outlet } from 'react-router';
import { Layout } from './components/Layout.tsx';
import { RequireAbility } from './components/RequireAbility.tsx';
import { PageLoading } from './components/States.tsx';
import { AssessmentAnswerPage } from './pages/assessment-answer/AssessmentAnswerPage.tsx';
import { InvitationPage } from './pages/invitation/InvitationPage.tsx';
import { OutcomeAcknowledgePage } from './pages/outcome/OutcomeAcknowledgePage.tsx';
import { ResetPasswordPage, WelcomePage } from './pages/sign-in/ChoosePasswordPage.tsx';
import { ForgotPasswordPage } from './pages/sign-in/ForgotPasswordPage.tsx';
import { SignInPage } from './pages/sign-in/SignInPage.tsx';
import { SurveyAnswerPage } from './pages/survey-answer/SurveyAnswerPage.tsx';
import { PublicInitiativePage } from './pages/you-said/PublicInitiativePage.tsx';

/** Screens load on demand, so the first page downloads only what it needs. */
export const router = createBrowserRouter([
  { path: '/sign-in', element: <SignInPage /> },
  // Signed-out screens load with the first page: an e-mailed link opens them directly.
  { path: '/forgot-password', element: <ForgotPasswordPage /> },
  { path: '/reset-password', element: <ResetPasswordPage /> },
  { path: '/welcome', element: <WelcomePage /> },
  // Reached by the private link in an invitation: no sign-in, so outside the signed-in frame
  // (and, like sign-in, the first page a visitor loads, so not loaded on demand).
  { path: '/invitations/:token', element: <InvitationPage /> },
  // A survey's private link: answered without an account.
  { path: '/surveys/answer/:token', element: <SurveyAnswerPage /> },
  // A maturity assessment's private link for the partner's key contact: no account either.
  { path: '/assessments/answer/:token', element: <AssessmentAnswerPage /> },
  // A dispute outcome's private link: acknowledged by the partner's contact without an account.
  { path: '/outcome/:token', element: <OutcomeAcknowledgePage /> },
  // A published "you said, we did" page: read by its private link, without an account.
  { path: '/you-said/:token', element: <PublicInitiativePage /> },
  {
    path: '/',
    element: <Layout />,
    // Shown while a screen's code loads when the address is opened directly (a reload).
    hydrateFallbackElement: <PageLoading />,
    children: [
      {
        index: true,
        lazy: async () => ({ Component: (await import('./pages/home/HomePage.tsx')).HomePage }),
      },
      {
        path: 'partners',
        lazy: async () => ({ Component: (await import('./pages/partners/PartnersPage.tsx')).PartnersPage }),
      },
      {
        // The tab is part of the address (/partners/{id}/timeline); none is the overview.
        path: 'partners/:id/:tab?',
        lazy: async () => ({ Component: (await import('./pages/partner/PartnerPage.tsx')).PartnerPage }),
      },
      {
        path: 'requests',
        lazy: async () => ({ Component: (await import('./pages/requests/RequestsPage.tsx')).RequestsPage }),
      },
      {
        path: 'requests/:id',
        lazy: async () => ({ Component: (await import('./pages/request/RequestPage.tsx')).RequestPage }),
      },
      {
        path: 'search',
        lazy: async () => ({ Component: (await import('./pages/search/SearchPage.tsx')).SearchPage }),
      },
      {
        path: 'tasks',
        lazy: async () => ({ Component: (await import('./pages/tasks/TasksPage.tsx')).TasksPage }),
      },
      {
        path: 'activities',
        lazy: async () => ({
          Component: (await import('./pages/activities/ActivitiesPage.tsx')).ActivitiesPage,
        }),
      },
      {
        path: 'initiatives',
        lazy: async () => ({
          Component: (await import('./pages/initiatives/InitiativesPage.tsx')).InitiativesPage,
        }),
      },
      {
        path: 'initiatives/:id',
        lazy: async () => ({
          Component: (await import('./pages/initiative/InitiativePage.tsx')).InitiativePage,
        }),
      },
      {
        path: 'communication',
        lazy: async () => ({
          Component: (await import('./pages/communication/CommunicationPlansPage.tsx'))
            .CommunicationPlansPage,
        }),
      },
      {
        path: 'imports',
        lazy: async () => ({ Component: (await import('./pages/imports/NewImportPage.tsx')).NewImportPage }),
      },
      {
        path: 'imports/:id',
        lazy: async () => ({ Component: (await import('./pages/imports/ImportPage.tsx')).ImportPage }),
      },
      {
        path: 'activities/:id',
        lazy: async () => ({ Component: (await import('./pages/activity/ActivityPage.tsx')).ActivityPage }),
      },
      {
        path: 'activities/:id/attendance',
        lazy: async () => ({
          Component: (await import('./pages/attendance/AttendancePage.tsx')).AttendancePage,
        }),
      },
      {
        path: 'attention',
        lazy: async () => ({
          Component: (await import('./pages/attention/SeniorViewPage.tsx')).SeniorViewPage,
        }),
      },
      {
        path: 'survey-templates',
        lazy: async () => ({
          Component: (await import('./pages/survey-templates/SurveyTemplatesPage.tsx')).SurveyTemplatesPage,
        }),
      },
      {
        path: 'survey-templates/:id',
        lazy: async () => ({
          Component: (await import('./pages/survey-templates/SurveyTemplatePage.tsx')).SurveyTemplatePage,
        }),
      },
      {
        path: 'briefings',
        lazy: async () => ({
          Component: (await import('./pages/briefings/BriefingsPage.tsx')).BriefingsPage,
        }),
      },
      {
        path: 'briefings/:id',
        lazy: async () => ({ Component: (await import('./pages/briefings/BriefingPage.tsx')).BriefingPage }),
      },
      {
        path: 'institution-stage',
        lazy: async () => ({
          Component: (await import('./pages/institution-stage/InstitutionStagePage.tsx'))
            .InstitutionStagePage,
        }),
      },
      {
        path: 'notifications',
        lazy: async () => ({
          Component: (await import('./pages/notifications/NotificationsPage.tsx')).NotificationsPage,
        }),
      },
      {
        path: 'relationships/:id/assessments',
        lazy: async () => ({
          Component: (await import('./pages/assessment/AssessmentPage.tsx')).AssessmentPage,
        }),
      },
      {
        path: 'relationships',
        lazy: async () => ({
          Component: (await import('./pages/relationships/RelationshipsPage.tsx')).RelationshipsPage,
        }),
      },
      {
        path: 'contacts',
        lazy: async () => ({ Component: (await import('./pages/contacts/ContactsPage.tsx')).ContactsPage }),
      },
      {
        path: 'duplicates',
        lazy: async () => ({
          Component: (await import('./pages/duplicates/DuplicatesPage.tsx')).DuplicatesPage,
        }),
      },
      {
        path: 'merge',
        lazy: async () => ({ Component: (await import('./pages/merge/MergePage.tsx')).MergePage }),
      },
      {
        path: 'account',
        lazy: async () => ({ Component: (await import('./pages/account/AccountPage.tsx')).AccountPage }),
      },
      {
        path: 'personal-data/retention',
        lazy: async () => ({
          Component: (await import('./pages/personal-data/RetentionPage.tsx')).RetentionPage,
        }),
      },
      {
        path: 'personal-data/processing',
        lazy: async () => ({
          Component: (await import('./pages/personal-data/ProcessingPage.tsx')).ProcessingPage,
        }),
      },
      {
        path: 'contacts/:id',
        lazy: async () => ({ Component: (await import('./pages/contact/ContactPage.tsx')).ContactPage }),
      },
      {
        element: (
          <RequireAbility ability="manageUnits">
            <Outlet />
          </RequireAbility>
        ),
        children: [
          {
            path: 'admin/units',
            lazy: async () => ({ Component: (await import('./pages/admin/UnitsPage.tsx')).UnitsPage }),
          },
        ],
      },
      {
        element: (
          <RequireAbility ability="managePartnerTypes">
            <Outlet />
          </RequireAbility>
        ),
        children: [
          {
            path: 'admin/partner-types',
            lazy: async () => ({
              Component: (await import('./pages/admin/PartnerTypesPage.tsx')).PartnerTypesPage,
            }),
          },
        ],
      },
      {
        element: (
          <RequireAbility ability="manageServiceLevels">
            <Outlet />
          </RequireAbility>
        ),
        children: [
          {
            path: 'admin/service-levels',
            lazy: async () => ({
              Component: (await import('./pages/admin/ServiceLevelsPage.tsx')).ServiceLevelsPage,
            }),
          },
        ],
      },
      {
        element: (
          <RequireAbility ability="manageUsers">
            <Outlet />
          </RequireAbility>
        ),
        children: [
          {
            path: 'admin/users',
            lazy: async () => ({ Component: (await import('./pages/admin/UsersPage.tsx')).UsersPage }),
          },
          {
            path: 'admin/sign-on',
            lazy: async () => ({ Component: (await import('./pages/admin/SignOnPage.tsx')).SignOnPage }),
          },
        ],
      },
      {
        element: (
          <RequireAbility ability="managePurposes">
            <Outlet />
          </RequireAbility>
        ),
        children: [
          {
            path: 'admin/purposes',
            lazy: async () => ({ Component: (await import('./pages/admin/PurposesPage.tsx')).PurposesPage }),
          },
        ],
      },
      {
        element: (
          <RequireAbility ability="manageBranding">
            <Outlet />
          </RequireAbility>
        ),
        children: [
          {
            path: 'admin/branding',
            lazy: async () => ({ Component: (await import('./pages/admin/BrandingPage.tsx')).BrandingPage }),
          },
        ],
      },
      {
        path: '*',
        lazy: async () => ({ Component: (await import('./pages/NotFoundPage.tsx')).NotFoundPage }),
      },
    ],
  },
]);
