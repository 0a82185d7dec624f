CREATE TABLE "touchpoint_partners" (
	"touchpoint_id" uuid NOT NULL,
	"partner_id" uuid NOT NULL,
	"occurred_at" timestamp (3) with time zone NOT NULL,
	"unit_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"visibility" text NOT NULL,
	CONSTRAINT "touchpoint_partners_touchpoint_id_partner_id_pk" PRIMARY KEY("touchpoint_id","partner_id")
);
--> statement-breakpoint
DROP INDEX "touchpoints_partner_timeline_idx";--> statement-breakpoint
ALTER TABLE "touchpoint_partners" ADD CONSTRAINT "touchpoint_partners_touchpoint_id_touchpoints_id_fk" FOREIGN KEY ("touchpoint_id") REFERENCES "public"."touchpoints"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "touchpoint_partners" ADD CONSTRAINT "touchpoint_partners_partner_id_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partners"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "touchpoint_partners_timeline_idx" ON "touchpoint_partners" USING btree ("partner_id","occurred_at" DESC NULLS LAST,"touchpoint_id" DESC NULLS LAST,"unit_id","kind","visibility");--> statement-breakpoint
CREATE INDEX "touchpoint_partners_unit_idx" ON "touchpoint_partners" USING btree ("partner_id","unit_id","occurred_at" DESC NULLS LAST);--> statement-breakpoint
-- The primary partner's row and the copied columns are kept by the database, so every way a touch
-- point is written (the API, bulk loads, the demo and benchmark loaders) keeps the partner
-- timeline table true. Statement triggers with transition tables: one insert of 100,000 touch
-- points is one insert here too, not 100,000.
CREATE FUNCTION "touchpoint_partners_add_primary"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO "touchpoint_partners" ("touchpoint_id", "partner_id", "occurred_at", "unit_id", "kind", "visibility")
	SELECT "id", "partner_id", "occurred_at", "unit_id", "kind", "visibility" FROM "new_rows"
	ON CONFLICT DO NOTHING;
	RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "touchpoints_add_primary_partner" AFTER INSERT ON "touchpoints"
	REFERENCING NEW TABLE AS "new_rows" FOR EACH STATEMENT EXECUTE FUNCTION "touchpoint_partners_add_primary"();--> statement-breakpoint
CREATE FUNCTION "touchpoint_partners_follow"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	-- A new primary partner (a partner merge) replaces the old one's row.
	DELETE FROM "touchpoint_partners" tp USING "old_rows" o JOIN "new_rows" n ON n."id" = o."id"
	WHERE o."partner_id" <> n."partner_id" AND tp."touchpoint_id" = o."id" AND tp."partner_id" = o."partner_id";
	INSERT INTO "touchpoint_partners" ("touchpoint_id", "partner_id", "occurred_at", "unit_id", "kind", "visibility")
	SELECT n."id", n."partner_id", n."occurred_at", n."unit_id", n."kind", n."visibility"
	FROM "new_rows" n JOIN "old_rows" o ON o."id" = n."id" WHERE o."partner_id" <> n."partner_id"
	ON CONFLICT DO NOTHING;
	UPDATE "touchpoint_partners" tp
	SET "occurred_at" = n."occurred_at", "unit_id" = n."unit_id", "kind" = n."kind", "visibility" = n."visibility"
	FROM "new_rows" n
	WHERE tp."touchpoint_id" = n."id"
		AND (tp."occurred_at", tp."unit_id", tp."kind", tp."visibility") IS DISTINCT FROM (n."occurred_at", n."unit_id", n."kind", n."visibility");
	RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "touchpoints_partners_follow" AFTER UPDATE ON "touchpoints"
	REFERENCING OLD TABLE AS "old_rows" NEW TABLE AS "new_rows" FOR EACH STATEMENT EXECUTE FUNCTION "touchpoint_partners_follow"();--> statement-breakpoint
INSERT INTO "touchpoint_partners" ("touchpoint_id", "partner_id", "occurred_at", "unit_id", "kind", "visibility")
SELECT "id", "partner_id", "occurred_at", "unit_id", "kind", "visibility" FROM "touchpoints";
