ALTER TABLE "survey_invitations" ADD COLUMN "reminder_token_hash" text;--> statement-breakpoint
ALTER TABLE "survey_invitations" ADD COLUMN "reminded_at" timestamp (3) with time zone;--> statement-breakpoint
CREATE UNIQUE INDEX "survey_invitations_reminder_token_key" ON "survey_invitations" USING btree ("reminder_token_hash");