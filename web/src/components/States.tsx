import { Alert, Center, Loader, Text } from '@mantine/core';
import type { ReactNode } from 'react';

/** Loading, error and empty states, the same everywhere. */
export function QueryState({
  isPending,
  error,
  children,
}: {
  isPending: boolean;
  error: Error | null;
  children: ReactNode;
}) {
  if (isPending) {
    return (
      <Center p="xl">
        <Loader role="status" aria-label="Loading" />
      </Center>
    );
  }
  if (error) {
    return (
      <Alert color="red" role="alert" title="Could not load this">
        {error.message}
      </Alert>
    );
  }
  return <>{children}</>;
}

export const Empty = ({ children }: { children: ReactNode }) => (
  <Text c="dimmed" size="sm" py="sm">
    {children}
  </Text>
);

/** The whole window while the app itself loads. */
export const PageLoading = () => (
  <Center h="100vh">
    <Loader role="status" aria-label="Loading" />
  </Center>
);
