import { Button, Select, TextInput } from '@mantine/core';
import { useState } from 'react';
import {
  type ConsentStatus,
  consentStatuses,
  consentStatusLabels,
} from '../../../../common/src/contracts/contacts.ts';
import { optionsOf } from '../../../../common/src/contracts/shared.ts';
import { BulkActions, type BulkListProps } from '../../components/BulkActionBar.tsx';

const plural = (n: number) => `${n.toLocaleString('en-GB')} ${n === 1 ? 'contact' : 'contacts'}`;

/** Record the consent of the selected contacts, or stop (or resume) inviting them to activities. */
export function ContactBulkActions(props: BulkListProps) {
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
          <Button
            variant="default"
            disabled={running}
            onClick={() =>
              run(
                { action: 'setDoNotInvite', doNotInvite: true },
                (n) => `${plural(n)} will not be invited to activities.`,
              )
            }
          >
            Do not invite
          </Button>
          <Button
            variant="subtle"
            disabled={running}
            onClick={() =>
              run(
                { action: 'setDoNotInvite', doNotInvite: false },
                (n) => `${plural(n)} may be invited to activities again.`,
              )
            }
          >
            Invite again
          </Button>
        </>
      )}
    </BulkActions>
  );
}
