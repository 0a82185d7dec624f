ALTER TABLE "agreements" ADD COLUMN "end_reminder_days" integer DEFAULT 60 NOT NULL;--> statement-breakpoint
ALTER TABLE "agreements" ADD COLUMN "reminded_for_end" date;--> statement-breakpoint
ALTER TABLE "relationship_reviews" ADD COLUMN "reminded_for" date;--> statement-breakpoint
CREATE INDEX "agreements_end_idx" ON "agreements" USING btree ("end_date") WHERE status = 'active';--> statement-breakpoint
ALTER TABLE "agreements" ADD CONSTRAINT "agreements_end_reminder_days" CHECK ("agreements"."end_reminder_days" between 0 and 365);