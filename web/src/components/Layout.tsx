import {
  ActionIcon,
  Anchor,
  AppShell,
  Burger,
  Button,
  Center,
  Group,
  Loader,
  NavLink,
  Text,
  useComputedColorScheme,
  useMantineColorScheme,
} from '@mantine/core';
import { useDisclosure, useHotkeys, useMediaQuery } from '@mantine/hooks';
import {
  IconAlertTriangle,
  IconChartLine,
  IconCopy,
  IconFileImport,
  IconForms,
  IconLogout,
  IconMoon,
  IconNews,
  IconPencilPlus,
  IconSearch,
  IconSun,
  IconUserCircle,
} from '@tabler/icons-react';
import { memo, useEffect, useMemo, useRef, useState } from 'react';
import { Link, Navigate, Outlet, useLocation, useNavigate } from 'react-router';
import { useSession, useSignOut } from '../api/hooks.ts';
import { useDataProtection } from '../api/personalData.ts';
import type { Session } from '../api/types.ts';
import { BrandTitle } from './Brand.tsx';
import {
  CommandPalette,
  LogTouchpointModal,
  PartnerForm,
  RaiseRequestModal,
  ShortcutsOverlay,
} from './dialogs.tsx';
import { NotificationsBell } from './NotificationsBell.tsx';
import { type PaletteCommands, usePaletteHotkeys } from './paletteHotkeys.ts';
import {
  adminPlaces as adminLinks,
  dataProtectionPlaces as dataProtectionLinks,
  places as links,
  type Place,
} from './places.ts';
import { moveFocusOnNextPage } from './usePageTitle.ts';

const ICON = { size: 18, stroke: 1.6, 'aria-hidden': true } as const;

/** Light or dark: follows the system until the person chooses, then keeps their choice. */
function ColorSchemeToggle(props: { visibleFrom?: 'sm' }) {
  const { setColorScheme } = useMantineColorScheme();
  const shown = useComputedColorScheme('light');
  const next = shown === 'dark' ? 'light' : 'dark';
  return (
    <ActionIcon
      variant="default"
      size="lg"
      {...props}
      onClick={() => setColorScheme(next)}
      aria-label={`Switch to ${next} mode`}
      title={`Switch to ${next} mode`}
    >
      {shown === 'dark' ? <IconSun {...ICON} /> : <IconMoon {...ICON} />}
    </ActionIcon>
  );
}

/**
 * The menu's places after the shared ones: each shown to those with its ability (`when`), or to
 * everyone; `also` is another address under which it counts as the current place.
 */
const ownPlaces: (Place & { when: keyof Session['abilities'] | null; also?: string })[] = [
  { to: '/account', label: 'My account', icon: IconUserCircle, when: null },
  { to: '/imports', label: 'Import', icon: IconFileImport, when: 'editSharedRecord' },
  { to: '/attention', label: 'Senior view', icon: IconAlertTriangle, when: 'seeSeniorView' },
  { to: '/survey-templates', label: 'Survey templates', icon: IconForms, when: 'manageRelationships' },
  { to: '/briefings', label: 'My briefings', icon: IconNews, when: 'seeSeniorView' },
  { to: '/institution-stage', label: "Institution's stage", icon: IconChartLine, when: 'seeSeniorView' },
  { to: '/duplicates', label: 'Duplicates', icon: IconCopy, when: 'findDuplicates', also: '/merge' },
];

/**
 * The navigation's links, drawn again only when the address, the person's abilities or the data
 * protection setting change: not with every answer the frame around them receives (the session,
 * the media query, a screen's code arriving), which drew some two hundred components each time.
 */
const MainNavLinks = memo(function MainNavLinks({
  pathname,
  abilities,
  dataProtection,
}: {
  pathname: string;
  abilities: Session['abilities'];
  dataProtection: boolean;
}) {
  const isActive = (to: string) => (to === '/' ? pathname === '/' : pathname.startsWith(to.split('?')[0]!));
  const placeLink = (place: Place & { also?: string }) => (
    <NavLink
      key={place.to}
      component={Link}
      to={place.to}
      label={place.label}
      leftSection={<place.icon {...ICON} />}
      active={isActive(place.to) || (place.also !== undefined && isActive(place.also))}
      variant="filled"
    />
  );
  return (
    <>
      {links.map(placeLink)}
      {ownPlaces.filter((p) => p.when === null || abilities[p.when]).map(placeLink)}
      {abilities.manageUnits && (
        <>
          <Text size="xs" c="dimmed" mt="md" mb={4} px="sm">
            Administration
          </Text>
          {adminLinks.map(placeLink)}
        </>
      )}
      {dataProtection && (
        <>
          <Text size="xs" c="dimmed" mt="md" mb={4} px="sm">
            Data protection
          </Text>
          {dataProtectionLinks.map(placeLink)}
        </>
      )}
    </>
  );
});

/** The frame of every signed-in screen: header, navigation, search (Ctrl/Cmd-K), logging (L). */
export function Layout() {
  const session = useSession();
  const signOut = useSignOut();
  const dataProtection = useDataProtection(Boolean(session.data));
  const navigate = useNavigate();
  const location = useLocation();
  const [opened, { toggle, close }] = useDisclosure();
  // On a phone the header's buttons are words only: their icons would push them onto a third row.
  const wide = useMediaQuery('(min-width: 48em)');
  // Widened past the phone breakpoint, the menu is always there: the phone's open menu closes, so
  // narrowed again (a tablet turned, a window resized) the page shows, not a menu left open.
  useEffect(() => {
    if (wide) close();
  }, [wide, close]);
  // Logging opens for any partner (the header), or for one the command palette named.
  const [logging, setLogging] = useState<{ partnerId?: string } | null>(null);
  const [raising, setRaising] = useState<{ partnerId?: string } | null>(null);
  const [creatingPartner, setCreatingPartner] = useState(false);
  const [palette, setPalette] = useState(false);
  const [showShortcuts, setShowShortcuts] = useState(false);
  const { setColorScheme } = useMantineColorScheme();
  const scheme = useComputedColorScheme('light');
  const commands = useMemo<PaletteCommands>(
    () => ({
      logTouchpoint: (partnerId) => setLogging({ partnerId }),
      raiseRequest: (partnerId) => setRaising({ partnerId }),
      newPartner: () => setCreatingPartner(true),
      toggleScheme: () => setColorScheme(scheme === 'dark' ? 'light' : 'dark'),
      scheme,
    }),
    [scheme, setColorScheme],
  );
  // Signing out on purpose: the next person to sign in starts at Home, not on this page.
  const [signingOut, setSigningOut] = useState(false);
  const leave = () => {
    setSigningOut(true);
    signOut.mutate(undefined, {
      onSettled: (answer) => {
        // Single logout: the provider ends its own session, then sends the browser back to sign-in.
        if (answer?.endSessionUrl) window.location.assign(answer.endSessionUrl);
        else navigate('/sign-in');
      },
    });
  };
  useHotkeys([['mod+shift+L', () => setLogging({})]]);
  usePaletteHotkeys(
    () => setPalette(true),
    () => setShowShortcuts(true),
  );
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
        <Loader role="status" aria-label="Loading" />
      </Center>
    );
  }
  // A session that ended by itself brings the person back here once they sign in again.
  if (!session.data)
    return <Navigate to="/sign-in" replace state={signingOut ? null : { from: location.pathname }} />;
  const me = session.data;
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
              <BrandTitle />
            </Anchor>
          </Group>
          <Group gap={6}>
            <Button
              variant="default"
              onClick={() => setPalette(true)}
              aria-keyshortcuts="Control+K"
              aria-label="Search (Ctrl K)"
              leftSection={wide ? <IconSearch {...ICON} /> : undefined}
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
                onClick={() => setLogging({})}
                aria-keyshortcuts="Control+Shift+L"
                aria-label="Log touch point"
                leftSection={wide ? <IconPencilPlus {...ICON} /> : undefined}
              >
                <span>
                  Log
                  <Text span inherit visibleFrom="sm">
                    {' touch point'}
                  </Text>
                </span>
              </Button>
            )}
            {/* On a phone the header has no room: the menu offers it instead. */}
            <ColorSchemeToggle visibleFrom="sm" />
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
            <Button variant="subtle" visibleFrom="sm" onClick={leave} leftSection={<IconLogout {...ICON} />}>
              Sign out
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" component="nav" aria-label="Main" style={{ overflowY: 'auto' }}>
        <MainNavLinks
          pathname={location.pathname}
          abilities={me.abilities}
          dataProtection={Boolean(dataProtection.data?.dataProtection)}
        />
        <Button
          variant="subtle"
          hiddenFrom="sm"
          mt="md"
          onClick={() => commands.toggleScheme()}
          leftSection={scheme === 'dark' ? <IconSun {...ICON} /> : <IconMoon {...ICON} />}
        >
          {scheme === 'dark' ? 'Switch to light mode' : 'Switch to dark mode'}
        </Button>
        <Button variant="subtle" hiddenFrom="sm" onClick={leave} leftSection={<IconLogout {...ICON} />}>
          Sign out
        </Button>
      </AppShell.Navbar>
      <AppShell.Main id="main" tabIndex={-1}>
        <Outlet />
      </AppShell.Main>
      <CommandPalette
        opened={palette}
        onClose={() => setPalette(false)}
        commands={commands}
        onShowShortcuts={() => setShowShortcuts(true)}
      />
      <ShortcutsOverlay opened={showShortcuts} onClose={() => setShowShortcuts(false)} />
      {/* Keyed by partner: a dialog opened for another partner starts afresh. */}
      <LogTouchpointModal
        key={`log-${logging?.partnerId ?? ''}`}
        opened={logging !== null}
        onClose={() => setLogging(null)}
        partnerId={logging?.partnerId}
      />
      <RaiseRequestModal
        key={`raise-${raising?.partnerId ?? ''}`}
        opened={raising !== null}
        onClose={() => setRaising(null)}
        partnerId={raising?.partnerId}
      />
      <PartnerForm
        opened={creatingPartner}
        onClose={() => setCreatingPartner(false)}
        onSaved={(p) => {
          setCreatingPartner(false);
          navigate(`/partners/${p.id}`);
        }}
      />
    </AppShell>
  );
}
