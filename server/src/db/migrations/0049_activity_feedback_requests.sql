ALTER TABLE "activity_invitations" ADD COLUMN "feedback_token_hash" text;--> statement-breakpoint
ALTER TABLE "activity_invitations" ADD COLUMN "feedback_requested_at" timestamp (3) with time zone;--> statement-breakpoint
CREATE UNIQUE INDEX "activity_invitations_feedback_token_key" ON "activity_invitations" USING btree ("feedback_token_hash");