ALTER TABLE "assessments" ADD COLUMN "partner_token" text;--> statement-breakpoint
ALTER TABLE "assessments" ADD COLUMN "partner_emailed_at" timestamp (3) with time zone;--> statement-breakpoint
CREATE INDEX "assessments_unsent_idx" ON "assessments" USING btree ("created_at") WHERE partner_token is not null;