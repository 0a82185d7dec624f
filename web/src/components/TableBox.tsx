import { Table } from '@mantine/core';
import type { ReactNode } from 'react';

/**
 * A table too wide for a phone scrolls inside its own box, never the page. The box can take
 * focus, so a keyboard user can scroll it too (WCAG 2.1.1), and is named for screen readers.
 */
export const TableBox = ({
  label,
  minWidth,
  children,
}: {
  label: string;
  minWidth: number;
  children: ReactNode;
}) => (
  <Table.ScrollContainer type="native" minWidth={minWidth} tabIndex={0} role="region" aria-label={label}>
    {children}
  </Table.ScrollContainer>
);
