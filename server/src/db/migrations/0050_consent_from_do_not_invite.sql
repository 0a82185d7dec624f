-- hand-written: the per-contact "do not invite" flag is folded into consent per purpose. Every
-- contact flagged gets a recorded withdrawal of each purpose the flag held back: "events and
-- invitations" (activity invitations), and the surveys and initiative digests that also obeyed
-- it, with the purpose's lawful basis, the source "migrated" and evidence saying where it came
-- from, so nobody flagged is contacted once the flag is gone (the next migration drops it).
-- Erased contacts are left out: erasure removed their consents, and they are never contacted.
INSERT INTO "consents" ("id", "contact_id", "purpose", "decision", "lawful_basis", "source", "recorded_on", "evidence")
SELECT gen_random_uuid(), c."id", p."key", 'withdrawn', p."lawful_basis", 'migrated', current_date,
  'Marked "do not invite" before consent was recorded per purpose; carried over when the flag was removed (the date of the original decision is not known).'
FROM "contacts" c
JOIN "consent_purposes" p ON p."key" IN ('events', 'surveys', 'initiatives')
WHERE c."do_not_invite"
  AND NOT EXISTS (SELECT 1 FROM "erasures" e WHERE e."contact_id" = c."id");
