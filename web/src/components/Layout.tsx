import { Anchor, AppShell, Burger, Button, Center, Group, Loader, NavLink, Text, Title } from '@mantine/core';
import { useDisclosure, useHotkeys } from '@mantine/hooks';
import { spotlight } from '@mantine/spotlight';
import { useEffect, useRef, useState } from 'react';
import { Link, Navigate, Outlet, useLocation, useNavigate } from 'react-router';
import { useSession, useSignOut } from '../api/hooks.ts';
import { LogTouchpointModal } from './LogTouchpointModal.tsx';
import { NotificationsBell } from './NotificationsBell.tsx';
import { SearchSpotlight } from './SearchSpotlight.tsx';
import { moveFocusOnNextPage } from './usePageTitle.ts';

const links = [
  { to: '/', label: 'Home' },
  { to: '/partners', label: 'Partners' },
  { to: '/contacts', label: 'Contacts' },
  { to: '/requests', label: 'Requests' },
  // Opens on my open tasks; the page offers my unit's, overdue and all.
  { to: '/tasks?assigneeId=me&done=false', label: 'Tasks' },
  { to: '/activities?when=upcoming', label: 'Activities' },
];
const adminLinks = [
  { to: '/admin/units', label: 'Units' },
  { to: '/admin/partner-types', label: 'Partner types' },
  { to: '/admin/users', label: 'Users' },
  { to: '/admin/service-levels', label: 'Service levels' },
];

/** The frame of every signed-in screen: header, navigation, search (Ctrl/Cmd-K), logging (L). */
export function Layout() {
  const session = useSession();
  const signOut = useSignOut();
  const navigate = useNavigate();
  const location = useLocation();
  const [opened, { toggle, close }] = useDisclosure();
  const [logging, setLogging] = useState(false);
  // Signing out on purpose: the next person to sign in starts at Home, not on this page.
  const [signingOut, setSigningOut] = useState(false);
  const leave = () => {
    setSigningOut(true);
    signOut.mutate(undefined, { onSettled: () => navigate('/sign-in') });
  };
  useHotkeys([['mod+shift+L', () => setLogging(true)]]);
  // A page chosen from the phone menu closes it, and its heading then takes focus.
  const place = `${location.pathname}${location.search}`;
  const shown = useRef(place);
  useEffect(() => {
    if (shown.current === place) return;
    shown.current = place;
    close();
    moveFocusOnNextPage();
  }, [place, close]);

  if (session.isPending) {
    return (
      <Center h="100vh">
        <Loader aria-label="Loading" />
      </Center>
    );
  }
  // A session that ended by itself brings the person back here once they sign in again.
  if (!session.data)
    return <Navigate to="/sign-in" replace state={signingOut ? null : { from: location.pathname }} />;
  const me = session.data;
  const isActive = (to: string) =>
    to === '/' ? location.pathname === '/' : location.pathname.startsWith(to.split('?')[0]!);

  return (
    <AppShell
      header={{ height: { base: 104, sm: 60 } }}
      navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="md"
    >
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <AppShell.Header>
        {/* On a phone the actions take a second row, so nothing overlaps the page (WCAG reflow). */}
        <Group h="100%" px={{ base: 'xs', sm: 'md' }} justify="space-between" gap={4} py={{ base: 6, sm: 0 }}>
          <Group>
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label="Toggle navigation"
            />
            <Anchor component={Link} to="/" underline="never" c="inherit">
              <Title order={1} size="h3">
                Rapport
              </Title>
            </Anchor>
          </Group>
          <Group gap={6}>
            <Button
              variant="default"
              onClick={() => spotlight.open()}
              aria-keyshortcuts="Control+K"
              aria-label="Search (Ctrl K)"
            >
              {/* One inline span, so the space before the shortcut is kept (a flex label drops it). */}
              <span>
                Search
                <Text span inherit visibleFrom="sm">
                  {' (Ctrl K)'}
                </Text>
              </span>
            </Button>
            {me.abilities.editSharedRecord && (
              <Button
                onClick={() => setLogging(true)}
                aria-keyshortcuts="Control+Shift+L"
                aria-label="Log touch point"
              >
                <span>
                  Log
                  <Text span inherit visibleFrom="sm">
                    {' touch point'}
                  </Text>
                </span>
              </Button>
            )}
            <NotificationsBell />
            <Anchor
              component={Link}
              to="/account"
              size="sm"
              visibleFrom="md"
              aria-label={`${me.user.name}: my account`}
            >
              {me.user.name}
            </Anchor>
            <Button variant="subtle" visibleFrom="sm" onClick={leave}>
              Sign out
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" component="nav" aria-label="Main">
        {links.map((l) => (
          <NavLink
            key={l.to}
            component={Link}
            to={l.to}
            label={l.label}
            active={isActive(l.to)}
            variant="filled"
          />
        ))}
        <NavLink
          component={Link}
          to="/account"
          label="My account"
          active={isActive('/account')}
          variant="filled"
        />
        {me.abilities.seeSeniorView && (
          <NavLink
            component={Link}
            to="/attention"
            label="Senior view"
            active={isActive('/attention')}
            variant="filled"
          />
        )}
        {me.abilities.manageUnits && (
          <>
            <Text size="xs" c="dimmed" mt="md" mb={4} px="sm">
              Administration
            </Text>
            {adminLinks.map((l) => (
              <NavLink
                key={l.to}
                component={Link}
                to={l.to}
                label={l.label}
                active={isActive(l.to)}
                variant="filled"
              />
            ))}
          </>
        )}
        <Button variant="subtle" hiddenFrom="sm" mt="md" onClick={leave}>
          Sign out
        </Button>
      </AppShell.Navbar>
      <AppShell.Main id="main" tabIndex={-1}>
        <Outlet />
      </AppShell.Main>
      <SearchSpotlight />
      <LogTouchpointModal opened={logging} onClose={() => setLogging(false)} />
    </AppShell>
  );
}
