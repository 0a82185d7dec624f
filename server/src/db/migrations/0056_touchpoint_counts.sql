CREATE TABLE "touchpoint_counts" (
	"partner_id" uuid NOT NULL,
	"month" date NOT NULL,
	"unit_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"visibility" text NOT NULL,
	"count" integer NOT NULL,
	CONSTRAINT "touchpoint_counts_partner_id_month_unit_id_kind_visibility_pk" PRIMARY KEY("partner_id","month","unit_id","kind","visibility"),
	CONSTRAINT "touchpoint_counts_not_confidential" CHECK ("touchpoint_counts"."visibility" <> 'confidential'),
	CONSTRAINT "touchpoint_counts_not_negative" CHECK ("touchpoint_counts"."count" >= 0)
);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "touchpoint_partners_confidential_idx" ON "touchpoint_partners" USING btree ("partner_id","occurred_at","unit_id","kind","touchpoint_id") WHERE visibility = 'confidential';;--> statement-breakpoint
-- The month a touch point is kept under: its calendar month in UTC, whatever the session's zone.
CREATE FUNCTION "touchpoint_month"(at timestamptz) RETURNS date LANGUAGE sql IMMUTABLE PARALLEL SAFE
	RETURN (date_trunc('month', at AT TIME ZONE 'UTC'))::date;--> statement-breakpoint
-- Adds counts (negative ones take away) to the kept counts, set-based: one update and one insert
-- for any number of rows. Existing counts are updated first and only new ones inserted (a check
-- is tested on the row proposed for insertion, before ON CONFLICT, so a negative delta cannot go
-- through an upsert); a concurrent writer's new count met by the insert is added to. Counts that
-- reach zero are removed; confidential ones are never kept. A count taken below zero fails the
-- check, so a path that went wrong says so instead of drifting.
CREATE FUNCTION "touchpoint_counts_apply"(deltas "touchpoint_counts"[]) RETURNS void LANGUAGE sql AS $$
	WITH d AS (
		SELECT "partner_id", "month", "unit_id", "kind", "visibility", sum("count")::int AS n FROM unnest(deltas)
		WHERE "visibility" <> 'confidential'
		GROUP BY 1, 2, 3, 4, 5 HAVING sum("count") <> 0
	), updated AS (
		UPDATE "touchpoint_counts" c SET "count" = c."count" + d.n FROM d
		WHERE (c."partner_id", c."month", c."unit_id", c."kind", c."visibility") = (d."partner_id", d."month", d."unit_id", d."kind", d."visibility")
		RETURNING c."partner_id", c."month", c."unit_id", c."kind", c."visibility"
	)
	INSERT INTO "touchpoint_counts" AS c ("partner_id", "month", "unit_id", "kind", "visibility", "count")
	SELECT d."partner_id", d."month", d."unit_id", d."kind", d."visibility", d.n FROM d
	WHERE NOT EXISTS (SELECT 1 FROM updated u WHERE (u."partner_id", u."month", u."unit_id", u."kind", u."visibility") = (d."partner_id", d."month", d."unit_id", d."kind", d."visibility"))
	ORDER BY 1, 2, 3, 4, 5
	ON CONFLICT ("partner_id", "month", "unit_id", "kind", "visibility") DO UPDATE SET "count" = c."count" + excluded."count";
	DELETE FROM "touchpoint_counts" c
	WHERE c."count" = 0 AND c."partner_id" IN (SELECT "partner_id" FROM unnest(deltas));
$$;--> statement-breakpoint
-- Kept on touchpoint_partners, the table every touch-point write reaches (its rows follow the
-- touch point's time, unit, kind and visibility, a merge moves them, a delete cascades to them):
-- so the API, bulk creates, imports, merges and erasure all keep the counts, in their transaction.
-- Named to fire after touchpoint_partners_read_versions_*, whose bump locks each partner's
-- read_versions row first: writers of one partner's counts queue there, and cannot deadlock here.
CREATE FUNCTION "touchpoint_counts_follow"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'INSERT' THEN
		PERFORM "touchpoint_counts_apply"(array(
			SELECT row("partner_id", "touchpoint_month"("occurred_at"), "unit_id", "kind", "visibility", 1)::"touchpoint_counts"
			FROM "new_rows" WHERE "visibility" <> 'confidential'));
	ELSIF TG_OP = 'DELETE' THEN
		PERFORM "touchpoint_counts_apply"(array(
			SELECT row("partner_id", "touchpoint_month"("occurred_at"), "unit_id", "kind", "visibility", -1)::"touchpoint_counts"
			FROM "old_rows" WHERE "visibility" <> 'confidential'));
	ELSE
		PERFORM "touchpoint_counts_apply"(array(
			SELECT row("partner_id", "touchpoint_month"("occurred_at"), "unit_id", "kind", "visibility", 1)::"touchpoint_counts"
			FROM "new_rows" WHERE "visibility" <> 'confidential'
			UNION ALL
			SELECT row("partner_id", "touchpoint_month"("occurred_at"), "unit_id", "kind", "visibility", -1)::"touchpoint_counts"
			FROM "old_rows" WHERE "visibility" <> 'confidential'));
	END IF;
	RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "touchpoint_partners_tally_insert" AFTER INSERT ON "touchpoint_partners" REFERENCING NEW TABLE AS "new_rows" FOR EACH STATEMENT EXECUTE FUNCTION "touchpoint_counts_follow"();--> statement-breakpoint
CREATE TRIGGER "touchpoint_partners_tally_update" AFTER UPDATE ON "touchpoint_partners" REFERENCING OLD TABLE AS "old_rows" NEW TABLE AS "new_rows" FOR EACH STATEMENT EXECUTE FUNCTION "touchpoint_counts_follow"();--> statement-breakpoint
CREATE TRIGGER "touchpoint_partners_tally_delete" AFTER DELETE ON "touchpoint_partners" REFERENCING OLD TABLE AS "old_rows" FOR EACH STATEMENT EXECUTE FUNCTION "touchpoint_counts_follow"();--> statement-breakpoint
INSERT INTO "touchpoint_counts" ("partner_id", "month", "unit_id", "kind", "visibility", "count")
SELECT "partner_id", "touchpoint_month"("occurred_at"), "unit_id", "kind", "visibility", count(*)::int
FROM "touchpoint_partners" WHERE "visibility" <> 'confidential'
GROUP BY 1, 2, 3, 4, 5;
