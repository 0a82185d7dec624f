ALTER TABLE "activity_attendance" ADD COLUMN "occurrence_starts_at" timestamp (3) with time zone;--> statement-breakpoint
-- hand-written: attendance taken so far was for the activity's first meeting.
UPDATE "activity_attendance" AS "a" SET "occurrence_starts_at" = "act"."starts_at"
FROM "activities" AS "act" WHERE "act"."id" = "a"."activity_id" AND "a"."occurrence_starts_at" IS NULL;
