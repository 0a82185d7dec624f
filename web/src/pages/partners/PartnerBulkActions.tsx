import { Button, Select, TextInput } from '@mantine/core';
import { useState } from 'react';
import {
  type PartnerStatus,
  partnerStatuses,
  partnerStatusLabels,
} from '../../../../common/src/contracts/partners.ts';
import { optionsOf } from '../../../../common/src/contracts/shared.ts';
import { useBulkAction } from '../../api/bulk.ts';
import {
  BulkActionBar,
  type Selection,
  selectionBody,
  useBulkOutcome,
} from '../../components/BulkActionBar.tsx';

const plural = (n: number) => `${n.toLocaleString('en-GB')} ${n === 1 ? 'partner' : 'partners'}`;

/** Tag, untag, or set the status of (archive) the selected partners. */
export function PartnerBulkActions({
  selection,
  shown,
  matching,
  filterQuery,
  nameOf,
}: {
  selection: Selection;
  shown: number;
  matching: number;
  filterQuery: string;
  /** A row's name as the list shows it. */
  nameOf: (id: string) => string | undefined;
}) {
  const bulk = useBulkAction('partners');
  const { outcome, perform } = useBulkOutcome(selection);
  const [tag, setTag] = useState('');
  const [status, setStatus] = useState<PartnerStatus | null>(null);
  const run = (body: Record<string, unknown>, done: (count: number) => string) =>
    perform(() => bulk.run({ ...body, ...selectionBody(selection, filterQuery) }), done);
  const cleanTag = tag.trim();
  return (
    <BulkActionBar
      noun={['partner', 'partners']}
      nameOf={nameOf}
      selection={selection}
      shown={shown}
      matching={matching}
      running={bulk.running}
      progress={bulk.progress}
      outcome={outcome}
    >
      <TextInput
        label="Tag to add or remove"
        value={tag}
        onChange={(e) => setTag(e.currentTarget.value)}
        maxLength={60}
        w={200}
      />
      <Button
        disabled={!cleanTag || bulk.running}
        onClick={() =>
          run(
            { action: 'addTags', tags: [cleanTag] },
            (n) => `Tagged ${plural(n)} “${cleanTag.toLowerCase()}”.`,
          )
        }
      >
        Add tag
      </Button>
      <Button
        variant="default"
        disabled={!cleanTag || bulk.running}
        onClick={() =>
          run(
            { action: 'removeTags', tags: [cleanTag] },
            (n) => `Removed “${cleanTag.toLowerCase()}” from ${plural(n)}.`,
          )
        }
      >
        Remove tag
      </Button>
      <Select
        label="New status"
        data={optionsOf(partnerStatuses, partnerStatusLabels)}
        value={status}
        onChange={(v) => setStatus(v as PartnerStatus | null)}
        w={160}
      />
      <Button
        variant="default"
        disabled={!status || bulk.running}
        onClick={() =>
          run(
            { action: 'setStatus', status },
            (n) => `${plural(n)} now ${partnerStatusLabels[status!].toLowerCase()}.`,
          )
        }
      >
        Set status
      </Button>
    </BulkActionBar>
  );
}
