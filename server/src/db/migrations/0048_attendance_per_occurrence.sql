DROP INDEX "activity_attendance_contact_key";--> statement-breakpoint
ALTER TABLE "activity_attendance" ALTER COLUMN "occurrence_starts_at" SET NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "activity_attendance_occurrence_contact_key" ON "activity_attendance" USING btree ("activity_id","occurrence_starts_at","contact_id");