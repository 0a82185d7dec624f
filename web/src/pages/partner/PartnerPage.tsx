import { SimpleGrid, Stack, Tabs } from '@mantine/core';
import { useNavigate, useParams } from 'react-router';
import { useOverview, useSession } from '../../api/hooks.ts';
import { QueryState } from '../../components/States.tsx';
import { usePageTitle } from '../../components/usePageTitle.ts';
import { PartnerHeader } from './PartnerHeader.tsx';
import { PartnerSummary } from './PartnerSummary.tsx';
import { partnerTabs, tabNamed } from './partnerTabs.tsx';

/** The address of one tab of a partner's page: the overview is the page itself. */
export const partnerTabPath = (partnerId: string, tab: string) =>
  tab === partnerTabs[0]!.value ? `/partners/${partnerId}` : `/partners/${partnerId}/${tab}`;

/**
 * Partner 360: what a member of staff reads before they call. A header and a summary strip, then
 * tabs whose address is their own (/partners/{id}/timeline), so a link, a reload and the back
 * button all land on the same tab.
 */
export function PartnerPage() {
  const { id = '', tab } = useParams();
  const navigate = useNavigate();
  const session = useSession();
  const overview = useOverview(id);
  const o = overview.data;
  const current = tabNamed(tab);
  usePageTitle(o?.partner.name, 'Partners');
  const can = session.data?.abilities ?? {};

  return (
    <QueryState isPending={overview.isPending} error={overview.error}>
      {o && (
        <Stack>
          <PartnerHeader overview={o} can={can} />
          <PartnerSummary overview={o} tabPath={(t) => partnerTabPath(id, t)} />
          <Tabs
            value={current.value}
            onChange={(next) => next && navigate(partnerTabPath(id, next))}
            keepMounted={false}
          >
            <Tabs.List aria-label={`Sections of ${o.partner.name}`}>
              {partnerTabs.map((t) => (
                <Tabs.Tab key={t.value} value={t.value} leftSection={<t.icon size={16} aria-hidden />}>
                  {t.label}
                </Tabs.Tab>
              ))}
            </Tabs.List>
            {partnerTabs.map((t) => (
              <Tabs.Panel key={t.value} value={t.value} pt="md">
                <SimpleGrid cols={{ base: 1, lg: t.columns }} spacing="md" verticalSpacing="md">
                  {t.panels({ overview: o, can })}
                </SimpleGrid>
              </Tabs.Panel>
            ))}
          </Tabs>
        </Stack>
      )}
    </QueryState>
  );
}
