import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import './styles.css';
import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { type ReactNode, StrictMode, useMemo } from 'react';
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

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <Themed>
        <Notifications />
        <RouterProvider router={router} />
      </Themed>
    </QueryClientProvider>
  </StrictMode>,
);
