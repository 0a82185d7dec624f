import { Button, Select, TextInput } from '@mantine/core';
import { useState } from 'react';
import {
  type ConsentStatus,
  consentStatuses,
  consentStatusLabels,
} from '../../../../common/src/labels/contacts.ts';
import { optionsOf } from '../../../../common/src/labels/options.ts';
import { usePurposes } from '../../api/personalData.ts';
import { BulkActions, type BulkListProps } from '../../components/BulkActionBar.tsx';

const plural = (n: number) => `${n.toLocaleString('en-GB')} ${n === 1 ? 'contact' : 'contacts'}`;

/**
 * Record the consent of the selected contacts, or their decision about one purpose (withdrawn
 * for "Events and invitations": they are sent no invitations; what "do not invite" was).
 */
export function ContactBulkActions(props: BulkListProps) {
  const purposes = usePurposes();
  const [purpose, setPurpose] = useState<string | null>('events');
  const purposeName = purposes.data?.items.find((p) => p.key === purpose)?.name ?? 'Purpose';
  const [consent, setConsent] = useState<ConsentStatus | null>(null);
  const [recordedOn, setRecordedOn] = useState('');
  // Given or withdrawn is a fact with a date (UK GDPR); the server says so too.
  const needsDate = consent !== null && consent !== 'not_asked';
  return (
    <BulkActions resource="contacts" noun={['contact', 'contacts']} {...props}>
      {(run, running) => (
        <>
          <Select
            label="Consent"
            data={optionsOf(consentStatuses, consentStatusLabels)}
            value={consent}
            onChange={(v) => setConsent(v as ConsentStatus | null)}
            w={160}
          />
          <TextInput
            label="Consent recorded on"
            type="date"
            value={recordedOn}
            onChange={(e) => setRecordedOn(e.currentTarget.value)}
            disabled={!needsDate}
          />
          <Button
            variant="default"
            disabled={!consent || (needsDate && !recordedOn) || running}
            onClick={() =>
              run(
                {
                  action: 'setConsent',
                  consentStatus: consent,
                  consentRecordedOn: needsDate ? recordedOn : null,
                },
                (n) => `Consent of ${plural(n)}: ${consentStatusLabels[consent!].toLowerCase()}.`,
              )
            }
          >
            Record consent
          </Button>
          <Select
            label="Purpose"
            data={(purposes.data?.items ?? [])
              .filter((p) => !p.retiredAt)
              .map((p) => ({ value: p.key, label: p.name }))}
            value={purpose}
            onChange={setPurpose}
            w={220}
          />
          {(['withdrawn', 'given'] as const).map((decision) => (
            <Button
              key={decision}
              variant={decision === 'withdrawn' ? 'default' : 'subtle'}
              disabled={!purpose || running}
              onClick={() =>
                run(
                  {
                    action: 'recordPurposeConsent',
                    purpose,
                    decision,
                    source: 'other',
                    recordedOn: new Date().toISOString().slice(0, 10),
                  },
                  (n) =>
                    `${purposeName}: consent of ${plural(n)} ${decision === 'withdrawn' ? 'withdrawn' : 'given'}.`,
                )
              }
            >
              {decision === 'withdrawn' ? 'Withdraw consent' : 'Consent given'}
            </Button>
          ))}
        </>
      )}
    </BulkActions>
  );
}
