-- An import's duplicate check of contacts (imports.repository.ts, contactsLike) reads the roles
-- held at the batch's partners when the run began: through the partner's index alone it read
-- every role there, the run's own too, more each batch (19,500 at 20,000 rows, for 500 kept).
-- By partner and creation time it reads those held at the start only. Built CONCURRENTLY on
-- PostgreSQL (concurrent-indexes.ts); it serves every read by partner, so it replaces that index.
CREATE INDEX IF NOT EXISTS "affiliations_partner_created_idx" ON "affiliations" USING btree ("partner_id","created_at");--> statement-breakpoint
-- A write's check for the same role of a contact at a partner (sameRoleAffiliations), by both:
-- with only one index each, the planner (on statistics taken when the table was small) took
-- the partner's and read every role there, 48,000 index entries a batch at 20,000 rows.
CREATE INDEX IF NOT EXISTS "affiliations_contact_partner_idx" ON "affiliations" USING btree ("contact_id","partner_id");--> statement-breakpoint
DROP INDEX IF EXISTS "affiliations_partner_idx";--> statement-breakpoint
DROP INDEX IF EXISTS "affiliations_contact_idx";--> statement-breakpoint
-- The batch's e-mail addresses are looked up through this index (one scan for the batch); with
-- a pending list (GIN fastupdate) that scan read every address written since the last vacuum.
-- A storage parameter only, as 0058 did for partners' names.
ALTER INDEX "contacts_emails_idx" SET (fastupdate = off);
