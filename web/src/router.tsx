import { createBrowserRouter, Outlet } from 'react-router';
import { Layout } from './components/Layout.tsx';
import { RequireAbility } from './components/RequireAbility.tsx';
import { PageLoading } from './components/States.tsx';
import { InvitationPage } from './pages/invitation/InvitationPage.tsx';
import { ResetPasswordPage, WelcomePage } from './pages/sign-in/ChoosePasswordPage.tsx';
import { ForgotPasswordPage } from './pages/sign-in/ForgotPasswordPage.tsx';
import { SignInPage } from './pages/sign-in/SignInPage.tsx';

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
        path: 'partners/:id',
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
        path: 'activities/:id',
        lazy: async () => ({ Component: (await import('./pages/activity/ActivityPage.tsx')).ActivityPage }),
      },
      {
        path: 'attention',
        lazy: async () => ({
          Component: (await import('./pages/attention/SeniorViewPage.tsx')).SeniorViewPage,
        }),
      },
      {
        path: 'notifications',
        lazy: async () => ({
          Component: (await import('./pages/notifications/NotificationsPage.tsx')).NotificationsPage,
        }),
      },
      {
        path: 'contacts',
        lazy: async () => ({ Component: (await import('./pages/contacts/ContactsPage.tsx')).ContactsPage }),
      },
      {
        path: 'account',
        lazy: async () => ({ Component: (await import('./pages/account/AccountPage.tsx')).AccountPage }),
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
        ],
      },
      {
        path: '*',
        lazy: async () => ({ Component: (await import('./pages/NotFoundPage.tsx')).NotFoundPage }),
      },
    ],
  },
]);
