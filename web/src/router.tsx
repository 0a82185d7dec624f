import { createBrowserRouter, Outlet } from 'react-router';
import { Layout } from './components/Layout.tsx';
import { RequireAbility } from './components/RequireAbility.tsx';
import { PageLoading } from './components/States.tsx';

/** Screens load on demand, so the first page downloads only what it needs. */
export const router = createBrowserRouter([
  // Every screen, signed-out ones too, loads on demand: a signed-in person's first page carries
  // none of the sign-in, password or private-link screens. A direct load shows PageLoading first.
  {
    path: '/sign-in',
    lazy: async () => ({ Component: (await import('./pages/sign-in/SignInPage.tsx')).SignInPage }),
    hydrateFallbackElement: <PageLoading />,
  },
  {
    path: '/forgot-password',
    lazy: async () => ({
      Component: (await import('./pages/sign-in/ForgotPasswordPage.tsx')).ForgotPasswordPage,
    }),
    hydrateFallbackElement: <PageLoading />,
  },
  {
    path: '/reset-password',
    lazy: async () => ({
      Component: (await import('./pages/sign-in/ChoosePasswordPage.tsx')).ResetPasswordPage,
    }),
    hydrateFallbackElement: <PageLoading />,
  },
  {
    path: '/welcome',
    lazy: async () => ({ Component: (await import('./pages/sign-in/ChoosePasswordPage.tsx')).WelcomePage }),
    hydrateFallbackElement: <PageLoading />,
  },
  // Reached by the private link in an invitation: no sign-in, so outside the signed-in frame.
  {
    path: '/invitations/:token',
    lazy: async () => ({ Component: (await import('./pages/invitation/InvitationPage.tsx')).InvitationPage }),
    hydrateFallbackElement: <PageLoading />,
  },
  // A survey's private link: answered without an account.
  {
    path: '/surveys/answer/:token',
    lazy: async () => ({
      Component: (await import('./pages/survey-answer/SurveyAnswerPage.tsx')).SurveyAnswerPage,
    }),
    hydrateFallbackElement: <PageLoading />,
  },
  // A maturity assessment's private link for the partner's key contact: no account either.
  {
    path: '/assessments/answer/:token',
    lazy: async () => ({
      Component: (await import('./pages/assessment-answer/AssessmentAnswerPage.tsx')).AssessmentAnswerPage,
    }),
    hydrateFallbackElement: <PageLoading />,
  },
  // A dispute outcome's private link: acknowledged by the partner's contact without an account.
  {
    path: '/outcome/:token',
    lazy: async () => ({
      Component: (await import('./pages/outcome/OutcomeAcknowledgePage.tsx')).OutcomeAcknowledgePage,
    }),
    hydrateFallbackElement: <PageLoading />,
  },
  // A published "you said, we did" page: read by its private link, without an account.
  {
    path: '/you-said/:token',
    lazy: async () => ({
      Component: (await import('./pages/you-said/PublicInitiativePage.tsx')).PublicInitiativePage,
    }),
    hydrateFallbackElement: <PageLoading />,
  },
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
          {
            path: 'admin/playbooks',
            lazy: async () => ({
              Component: (await import('./pages/admin/PlaybooksPage.tsx')).PlaybooksPage,
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
          {
            path: 'admin/approval-rules',
            lazy: async () => ({
              Component: (await import('./pages/admin/ApprovalRulesPage.tsx')).ApprovalRulesPage,
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
