import { Anchor, Badge, Button, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { type ReactNode, useState } from 'react';
import { Link } from 'react-router';
import { usePartnerSites } from '../../api/contacts.ts';
import type { Partner } from '../../api/types.ts';
import { lazyDialog } from '../../components/lazy.tsx';
import { Empty } from '../../components/States.tsx';

// The partner picker (Select, MultiSelect and their combobox) loads when the dialog first opens.
const SetGroupModal = lazyDialog(async () => (await import('./SetGroupModal.tsx')).SetGroupModal);

/** One labelled fact; "—" when the record does not say. */
function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text component="dt" size="xs" fw={600} c="dimmed">
        {label}
      </Text>
      <Text component="dd" size="sm" m={0} style={{ overflowWrap: 'anywhere' }}>
        {children || '—'}
      </Text>
    </div>
  );
}

/** The partner's own details: website, address, sector, tags, its group and its sites. */
export function PartnerDetails({ partner, canEdit }: { partner: Partner; canEdit: boolean }) {
  const sites = usePartnerSites(partner.id);
  const [choosing, setChoosing] = useState(false);
  const address = [partner.addressLine, partner.city, partner.postcode, partner.country]
    .filter(Boolean)
    .join(', ');
  return (
    <Card withBorder component="section" aria-labelledby="partner-details">
      <Title order={3} size="h4" mb="sm" id="partner-details">
        Details
      </Title>
      <SimpleGrid component="dl" cols={2} spacing="sm" verticalSpacing="xs" m={0}>
        <Fact label="Website">
          {partner.website && (
            <Anchor href={partner.website} target="_blank" rel="noopener noreferrer">
              {partner.website.replace(/^https?:\/\//, '')}
            </Anchor>
          )}
        </Fact>
        <Fact label="Address">{address}</Fact>
        <Fact label="Sector">{partner.sector}</Fact>
        <Fact label="Tags">
          {partner.tags.length > 0 && (
            <Group gap={4} component="span">
              {partner.tags.map((tag) => (
                <Badge key={tag} variant="default" tt="none">
                  {tag}
                </Badge>
              ))}
            </Group>
          )}
        </Fact>
        <Fact label="Part of">
          {partner.parentId && (
            <Anchor component={Link} to={`/partners/${partner.parentId}`}>
              {partner.parentName}
            </Anchor>
          )}
        </Fact>
      </SimpleGrid>
      {canEdit && (
        <Group mt="xs">
          <Button size="xs" variant="default" onClick={() => setChoosing(true)}>
            {partner.parentId ? 'Change group' : 'Set group'}
          </Button>
        </Group>
      )}
      <Title order={4} size="h5" mt="md" mb={4}>
        Sites and members
      </Title>
      {sites.data?.items.length ? (
        <Stack component="ul" gap={2} m={0} pl="md">
          {sites.data.items.map((site) => (
            <li key={site.id}>
              <Anchor component={Link} to={`/partners/${site.id}`} size="sm">
                {site.name}
              </Anchor>
              {site.city && (
                <Text span size="sm" c="dimmed">
                  {' '}
                  · {site.city}
                </Text>
              )}
            </li>
          ))}
          {sites.data.nextCursor && (
            <li>
              <Anchor component={Link} to={`/partners?parentId=${partner.id}`} size="sm">
                All sites and members
              </Anchor>
            </li>
          )}
        </Stack>
      ) : (
        <Empty>{sites.isPending ? 'Loading…' : 'No sites or members.'}</Empty>
      )}
      <SetGroupModal partner={partner} opened={choosing} onClose={() => setChoosing(false)} />
    </Card>
  );
}
