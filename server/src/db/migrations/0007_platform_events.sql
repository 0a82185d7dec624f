CREATE TABLE "unit_ancestry" (
	"ancestor_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"depth" integer NOT NULL,
	CONSTRAINT "unit_ancestry_ancestor_id_unit_id_pk" PRIMARY KEY("ancestor_id","unit_id")
);
--> statement-breakpoint
CREATE TABLE "event_deliveries" (
	"subscriber" text NOT NULL,
	"event_id" bigint NOT NULL,
	"record_key" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"last_error" text,
	"delivered_at" timestamp (3) with time zone,
	CONSTRAINT "event_deliveries_subscriber_event_id_pk" PRIMARY KEY("subscriber","event_id")
);
--> statement-breakpoint
CREATE TABLE "events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"entity" text NOT NULL,
	"entity_id" uuid NOT NULL,
	"actor" jsonb NOT NULL,
	"request_id" text,
	"payload" jsonb NOT NULL,
	"at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"dispatched_at" timestamp (3) with time zone
);
--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "actor_contact_id" uuid;--> statement-breakpoint
ALTER TABLE "unit_ancestry" ADD CONSTRAINT "unit_ancestry_ancestor_id_units_id_fk" FOREIGN KEY ("ancestor_id") REFERENCES "public"."units"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unit_ancestry" ADD CONSTRAINT "unit_ancestry_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_deliveries" ADD CONSTRAINT "event_deliveries_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "unit_ancestry_unit_idx" ON "unit_ancestry" USING btree ("unit_id");--> statement-breakpoint
CREATE INDEX "event_deliveries_due_idx" ON "event_deliveries" USING btree ("subscriber","next_attempt_at") WHERE delivered_at is null;--> statement-breakpoint
CREATE INDEX "event_deliveries_record_idx" ON "event_deliveries" USING btree ("subscriber","record_key","event_id") WHERE delivered_at is null;--> statement-breakpoint
CREATE INDEX "events_undispatched_idx" ON "events" USING btree ("id") WHERE dispatched_at is null;--> statement-breakpoint
CREATE INDEX "events_entity_idx" ON "events" USING btree ("entity","entity_id","id");--> statement-breakpoint
-- The unit tree's closure table is kept by the database, whichever path writes units (the
-- service, the demo loader, the benchmark generator): after any statement that adds units or
-- moves one, it is rebuilt whole. The tree has hundreds of units, so that is cheap.
CREATE FUNCTION "rebuild_unit_ancestry"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	DELETE FROM "unit_ancestry";
	INSERT INTO "unit_ancestry" ("ancestor_id", "unit_id", "depth")
	WITH RECURSIVE tree AS (
		SELECT "id" AS ancestor_id, "id" AS unit_id, 0 AS depth FROM "units"
		UNION ALL
		SELECT tree.ancestor_id, u."id", tree.depth + 1 FROM tree JOIN "units" u ON u."parent_id" = tree.unit_id
	)
	SELECT ancestor_id, unit_id, depth FROM tree;
	RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "units_ancestry_insert" AFTER INSERT ON "units" FOR EACH STATEMENT EXECUTE FUNCTION "rebuild_unit_ancestry"();
--> statement-breakpoint
CREATE TRIGGER "units_ancestry_move" AFTER UPDATE OF "parent_id" ON "units" FOR EACH STATEMENT EXECUTE FUNCTION "rebuild_unit_ancestry"();
--> statement-breakpoint
INSERT INTO "unit_ancestry" ("ancestor_id", "unit_id", "depth")
WITH RECURSIVE tree AS (
	SELECT "id" AS ancestor_id, "id" AS unit_id, 0 AS depth FROM "units"
	UNION ALL
	SELECT tree.ancestor_id, u."id", tree.depth + 1 FROM tree JOIN "units" u ON u."parent_id" = tree.unit_id
)
SELECT ancestor_id, unit_id, depth FROM tree;
