import { Group, Text, Title } from '@mantine/core';
import { useBranding } from '../api/branding.ts';
import { LogoMark } from './Logo.tsx';

/** The university's logo when it has one, else Rapport's mark; the name beside it says whose. */
function Mark({ size }: { size: number }) {
  const branding = useBranding().data;
  if (!branding?.logoUrl) return <LogoMark size={size} />;
  return (
    <img
      src={branding.logoUrl}
      alt={branding.name ? `${branding.name} logo` : 'University logo'}
      height={size}
      style={{ maxWidth: size * 4, objectFit: 'contain', display: 'block' }}
    />
  );
}

/** "Rapport", with the university's mark and (on wider screens) its name: the header's title. */
export function BrandTitle() {
  const name = useBranding().data?.name;
  return (
    <Group gap={8} wrap="nowrap">
      <Mark size={28} />
      <Title order={1} size="h3">
        Rapport
      </Title>
      {name && (
        <Text size="sm" c="dimmed" visibleFrom="md" lineClamp={1}>
          {name}
        </Text>
      )}
    </Group>
  );
}

/** The mark and name above the sign-in form. */
export function BrandBanner() {
  const name = useBranding().data?.name;
  return (
    <Group gap="sm" wrap="nowrap">
      <Mark size={40} />
      {name && (
        <Text fw={600} size="lg">
          {name}
        </Text>
      )}
    </Group>
  );
}
