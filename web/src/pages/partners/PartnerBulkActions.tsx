import { Button, Select, TextInput } from '@mantine/core';
import { useState } from 'react';
import { optionsOf } from '../../../../common/src/labels/options.ts';
import {
  type PartnerStatus,
  partnerStatuses,
  partnerStatusLabels,
} from '../../../../common/src/labels/partners.ts';
import { BulkActions, type BulkListProps } from '../../components/BulkActionBar.tsx';

const plural = (n: number) => `${n.toLocaleString('en-GB')} ${n === 1 ? 'partner' : 'partners'}`;

/** Tag, untag, or set the status of (archive) the selected partners. */
export function PartnerBulkActions(props: BulkListProps) {
  const [tag, setTag] = useState('');
  const [status, setStatus] = useState<PartnerStatus | null>(null);
  const cleanTag = tag.trim();
  return (
    <BulkActions resource="partners" noun={['partner', 'partners']} {...props}>
      {(run, running) => (
        <>
          <TextInput
            label="Tag to add or remove"
            value={tag}
            onChange={(e) => setTag(e.currentTarget.value)}
            maxLength={60}
            w={200}
          />
          <Button
            disabled={!cleanTag || running}
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
            disabled={!cleanTag || running}
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
            disabled={!status || running}
            onClick={() =>
              run(
                { action: 'setStatus', status },
                (n) => `${plural(n)} now ${partnerStatusLabels[status!].toLowerCase()}.`,
              )
            }
          >
            Set status
          </Button>
        </>
      )}
    </BulkActions>
  );
}
