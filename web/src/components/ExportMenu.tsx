import { Button, Menu } from '@mantine/core';

/**
 * Downloads the whole filtered list from the server (`/api/v1/<list>/export`), streamed, as CSV
 * or Excel: every row the person may see, not only the rows loaded on screen.
 */
export function ExportMenu({
  list,
  queryString,
  label = 'Export',
  size,
}: {
  list: string;
  queryString: string;
  /** The button's name, when a page has more than one export. */
  label?: string;
  size?: 'xs' | 'sm';
}) {
  const href = (format: 'csv' | 'xlsx') =>
    `/api/v1/${list}/export?${queryString ? `${queryString}&` : ''}format=${format}`;
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button variant="default" size={size}>
          {label}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item component="a" href={href('csv')} download>
          CSV (.csv)
        </Menu.Item>
        <Menu.Item component="a" href={href('xlsx')} download>
          Excel (.xlsx)
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
