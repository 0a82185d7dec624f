import { SimpleGrid, Stack, Tabs } from '@mantine/core';
import { memo, useCallback, useMemo } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useOverview, useSession } from '../../api/hooks.ts';
import { QueryState } from '../../components/States.tsx';
import { useDeferredAnswer } from '../../components/useDeferredAnswer.ts';
import { usePageTitle } from '../../components/usePageTitle.ts';
import { PartnerHeader } from './PartnerHeader.tsx';
import { PartnerSummary } from './PartnerSummary.tsx';
import { partnerTabs, tabNamed } from './partnerTabs.tsx';

// Opening another tab draws that tab's panels, not the header and summary again.
const Header = memo(PartnerHeader);
const Summary = memo(PartnerSummary);
const TabIcons = partnerTabs.map((t) => <t.icon key={t.value} size={16} aria-hidden />);

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
  // The page is drawn in a background render React splits into short slices, not in one long task
  // when the overview arrives; until then (and while another partner's answer is still shown) it is pending.
  const overview = useDeferredAnswer(useOverview(id));
  // Ids compare in lower case: an address may spell one in capitals, the answer never does.
  const o = overview.data?.partner.id === id.toLowerCase() ? overview.data : undefined;
  const current = tabNamed(tab);
  usePageTitle(o?.partner.name, 'Partners');
  const abilities = session.data?.abilities;
  const can = useMemo(() => abilities ?? {}, [abilities]);
  const tabPath = useCallback((t: string) => partnerTabPath(id, t), [id]);

  return (
    <QueryState isPending={!o && !overview.error} error={overview.error}>
      {o && (
        <Stack>
          <Header overview={o} can={can} />
          <Summary overview={o} tabPath={tabPath} />
          <Tabs
            value={current.value}
            onChange={(next) => next && navigate(partnerTabPath(id, next))}
            keepMounted={false}
          >
            <Tabs.List aria-label={`Sections of ${o.partner.name}`}>
              {partnerTabs.map((t, i) => (
                <Tabs.Tab key={t.value} value={t.value} leftSection={TabIcons[i]}>
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
