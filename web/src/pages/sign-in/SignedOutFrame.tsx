import { Center, Paper, Stack } from '@mantine/core';
import type { ReactNode } from 'react';

/** The card every signed-out screen sits in (sign in, forgot password, choose a password). */
export const SignedOutFrame = ({ children }: { children: ReactNode }) => (
  <Center mih="100vh" component="main" p="sm">
    <Paper withBorder p={{ base: 'md', xs: 'xl' }} w={400} maw="100%" shadow="sm">
      <Stack>{children}</Stack>
    </Paper>
  </Center>
);
