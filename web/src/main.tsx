// Mantine's base styles; each component's own stylesheet comes with the component (web/vite.config.ts).
import '@mantine/core/styles/baseline.layer.css';
import '@mantine/core/styles/default-css-variables.layer.css';
import '@mantine/core/styles/global.layer.css';
import '@mantine/notifications/styles.layer.css';
import './styles.css';
import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { type ReactNode, StrictMode, startTransition, useMemo } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router';
import { useBranding } from './api/branding.ts';
import { router } from './router.tsx';
import { themeFor } from './theme.ts';

// zod (the forms' checks, in the staff's words) is configured where it loads: web/src/zod-config.ts.
const queryClient = new QueryClient({ defaultOptions: { queries: { staleTime: 30_000, retry: 1 } } });

/** Rapport's theme in the university's colour (once the branding has loaded), light or dark as the system is. */
function Themed({ children }: { children: ReactNode }) {
  const colour = useBranding().data?.primaryColour ?? null;
  const { theme, resolver } = useMemo(() => themeFor(colour), [colour]);
  return (
    <MantineProvider theme={theme} cssVariablesResolver={resolver} defaultColorScheme="auto">
      {children}
    </MantineProvider>
  );
}

// The first render is a transition, which React draws in slices of a few milliseconds that let the
// browser in between, not in one long task: on a slow phone that task was most of the first load's
// blocking time. Nothing is on screen before it, so there is nothing for it to hold back.
const root = createRoot(document.getElementById('root')!);
startTransition(() =>
  root.render(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <Themed>
          <Notifications />
          <RouterProvider router={router} />
        </Themed>
      </QueryClientProvider>
    </StrictMode>,
  ),
);
