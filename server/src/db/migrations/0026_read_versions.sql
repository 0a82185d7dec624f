CREATE TABLE "read_versions" (
	"key" uuid PRIMARY KEY NOT NULL,
	"version" bigint NOT NULL
);
--> statement-breakpoint
-- Conditional reads (ETag / If-None-Match on the overview and the partner timeline) compare a
-- version that every write bumps in its own transaction. Triggers, not service calls, so no write
-- path (API, import, merge, erasure, demo, benchmark) can forget it. Statement triggers with
-- transition tables: an import of 100,000 rows bumps each partner once. Keys are bumped in key
-- order, so two statements never take the same rows' locks in opposite orders.
CREATE FUNCTION "read_versions_bump"("keys" uuid[]) RETURNS void LANGUAGE sql AS $$
	INSERT INTO "read_versions" AS v ("key", "version")
	SELECT DISTINCT k, 1 FROM unnest("keys") AS k WHERE k IS NOT NULL ORDER BY k
	ON CONFLICT ("key") DO UPDATE SET "version" = v."version" + 1
$$;--> statement-breakpoint
-- Rows that belong to one partner: its relationships, affiliations, tasks, touch points.
CREATE FUNCTION "read_versions_by_partner"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'INSERT' THEN
		PERFORM "read_versions_bump"(array(SELECT "partner_id" FROM "new_rows"));
	ELSIF TG_OP = 'DELETE' THEN
		PERFORM "read_versions_bump"(array(SELECT "partner_id" FROM "old_rows"));
	ELSE
		PERFORM "read_versions_bump"(array(SELECT "partner_id" FROM "new_rows" UNION SELECT "partner_id" FROM "old_rows"));
	END IF;
	RETURN NULL;
END $$;--> statement-breakpoint
-- A touch point's own columns and its participants and readers: every partner it is with.
CREATE FUNCTION "read_versions_by_touchpoint"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_TABLE_NAME = 'touchpoints' THEN
		PERFORM "read_versions_bump"(array(
			SELECT tp."partner_id" FROM "touchpoint_partners" tp WHERE tp."touchpoint_id" IN (SELECT "id" FROM "new_rows")));
	ELSIF TG_OP = 'INSERT' THEN
		PERFORM "read_versions_bump"(array(
			SELECT tp."partner_id" FROM "touchpoint_partners" tp WHERE tp."touchpoint_id" IN (SELECT "touchpoint_id" FROM "new_rows")));
	ELSE
		PERFORM "read_versions_bump"(array(
			SELECT tp."partner_id" FROM "touchpoint_partners" tp WHERE tp."touchpoint_id" IN (SELECT "touchpoint_id" FROM "old_rows")));
	END IF;
	RETURN NULL;
END $$;--> statement-breakpoint
CREATE FUNCTION "read_versions_by_relationship"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'INSERT' THEN
		PERFORM "read_versions_bump"(array(
			SELECT r."partner_id" FROM "relationships" r WHERE r."id" IN (SELECT "relationship_id" FROM "new_rows")));
	ELSE
		PERFORM "read_versions_bump"(array(
			SELECT r."partner_id" FROM "relationships" r WHERE r."id" IN (SELECT "relationship_id" FROM "old_rows")));
	END IF;
	RETURN NULL;
END $$;--> statement-breakpoint
-- What can show on any partner's page: names of units, people, contacts, partner types and other
-- partners (a joint touch point, a parent), and the unit tree behind a senior manager's scope.
CREATE FUNCTION "read_versions_bump_all"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM "read_versions_bump"(ARRAY['00000000-0000-0000-0000-000000000000'::uuid]);
	RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "relationships_read_versions_insert" AFTER INSERT ON "relationships" REFERENCING NEW TABLE AS "new_rows" FOR EACH STATEMENT EXECUTE FUNCTION "read_versions_by_partner"();--> statement-breakpoint
CREATE TRIGGER "relationships_read_versions_update" AFTER UPDATE ON "relationships" REFERENCING OLD TABLE AS "old_rows" NEW TABLE AS "new_rows" FOR EACH STATEMENT EXECUTE FUNCTION "read_versions_by_partner"();--> statement-breakpoint
CREATE TRIGGER "relationships_read_versions_delete" AFTER DELETE ON "relationships" REFERENCING OLD TABLE AS "old_rows" FOR EACH STATEMENT EXECUTE FUNCTION "read_versions_by_partner"();--> statement-breakpoint
CREATE TRIGGER "affiliations_read_versions_insert" AFTER INSERT ON "affiliations" REFERENCING NEW TABLE AS "new_rows" FOR EACH STATEMENT EXECUTE FUNCTION "read_versions_by_partner"();--> statement-breakpoint
CREATE TRIGGER "affiliations_read_versions_update" AFTER UPDATE ON "affiliations" REFERENCING OLD TABLE AS "old_rows" NEW TABLE AS "new_rows" FOR EACH STATEMENT EXECUTE FUNCTION "read_versions_by_partner"();--> statement-breakpoint
CREATE TRIGGER "affiliations_read_versions_delete" AFTER DELETE ON "affiliations" REFERENCING OLD TABLE AS "old_rows" FOR EACH STATEMENT EXECUTE FUNCTION "read_versions_by_partner"();--> statement-breakpoint
CREATE TRIGGER "tasks_read_versions_insert" AFTER INSERT ON "tasks" REFERENCING NEW TABLE AS "new_rows" FOR EACH STATEMENT EXECUTE FUNCTION "read_versions_by_partner"();--> statement-breakpoint
CREATE TRIGGER "tasks_read_versions_update" AFTER UPDATE ON "tasks" REFERENCING OLD TABLE AS "old_rows" NEW TABLE AS "new_rows" FOR EACH STATEMENT EXECUTE FUNCTION "read_versions_by_partner"();--> statement-breakpoint
CREATE TRIGGER "tasks_read_versions_delete" AFTER DELETE ON "tasks" REFERENCING OLD TABLE AS "old_rows" FOR EACH STATEMENT EXECUTE FUNCTION "read_versions_by_partner"();--> statement-breakpoint
CREATE TRIGGER "touchpoint_partners_read_versions_insert" AFTER INSERT ON "touchpoint_partners" REFERENCING NEW TABLE AS "new_rows" FOR EACH STATEMENT EXECUTE FUNCTION "read_versions_by_partner"();--> statement-breakpoint
CREATE TRIGGER "touchpoint_partners_read_versions_update" AFTER UPDATE ON "touchpoint_partners" REFERENCING OLD TABLE AS "old_rows" NEW TABLE AS "new_rows" FOR EACH STATEMENT EXECUTE FUNCTION "read_versions_by_partner"();--> statement-breakpoint
CREATE TRIGGER "touchpoint_partners_read_versions_delete" AFTER DELETE ON "touchpoint_partners" REFERENCING OLD TABLE AS "old_rows" FOR EACH STATEMENT EXECUTE FUNCTION "read_versions_by_partner"();--> statement-breakpoint
CREATE TRIGGER "touchpoints_read_versions_update" AFTER UPDATE ON "touchpoints" REFERENCING OLD TABLE AS "old_rows" NEW TABLE AS "new_rows" FOR EACH STATEMENT EXECUTE FUNCTION "read_versions_by_touchpoint"();--> statement-breakpoint
CREATE TRIGGER "touchpoint_staff_read_versions_insert" AFTER INSERT ON "touchpoint_staff" REFERENCING NEW TABLE AS "new_rows" FOR EACH STATEMENT EXECUTE FUNCTION "read_versions_by_touchpoint"();--> statement-breakpoint
CREATE TRIGGER "touchpoint_staff_read_versions_delete" AFTER DELETE ON "touchpoint_staff" REFERENCING OLD TABLE AS "old_rows" FOR EACH STATEMENT EXECUTE FUNCTION "read_versions_by_touchpoint"();--> statement-breakpoint
CREATE TRIGGER "touchpoint_contacts_read_versions_insert" AFTER INSERT ON "touchpoint_contacts" REFERENCING NEW TABLE AS "new_rows" FOR EACH STATEMENT EXECUTE FUNCTION "read_versions_by_touchpoint"();--> statement-breakpoint
CREATE TRIGGER "touchpoint_contacts_read_versions_delete" AFTER DELETE ON "touchpoint_contacts" REFERENCING OLD TABLE AS "old_rows" FOR EACH STATEMENT EXECUTE FUNCTION "read_versions_by_touchpoint"();--> statement-breakpoint
CREATE TRIGGER "touchpoint_readers_read_versions_insert" AFTER INSERT ON "touchpoint_readers" REFERENCING NEW TABLE AS "new_rows" FOR EACH STATEMENT EXECUTE FUNCTION "read_versions_by_touchpoint"();--> statement-breakpoint
CREATE TRIGGER "touchpoint_readers_read_versions_delete" AFTER DELETE ON "touchpoint_readers" REFERENCING OLD TABLE AS "old_rows" FOR EACH STATEMENT EXECUTE FUNCTION "read_versions_by_touchpoint"();--> statement-breakpoint
CREATE TRIGGER "relationship_deputies_read_versions_insert" AFTER INSERT ON "relationship_deputies" REFERENCING NEW TABLE AS "new_rows" FOR EACH STATEMENT EXECUTE FUNCTION "read_versions_by_relationship"();--> statement-breakpoint
CREATE TRIGGER "relationship_deputies_read_versions_delete" AFTER DELETE ON "relationship_deputies" REFERENCING OLD TABLE AS "old_rows" FOR EACH STATEMENT EXECUTE FUNCTION "read_versions_by_relationship"();--> statement-breakpoint
CREATE TRIGGER "touchpoint_staff_read_versions_update" AFTER UPDATE ON "touchpoint_staff" REFERENCING OLD TABLE AS "old_rows" NEW TABLE AS "new_rows" FOR EACH STATEMENT EXECUTE FUNCTION "read_versions_by_touchpoint"();--> statement-breakpoint
CREATE TRIGGER "touchpoint_contacts_read_versions_update" AFTER UPDATE ON "touchpoint_contacts" REFERENCING OLD TABLE AS "old_rows" NEW TABLE AS "new_rows" FOR EACH STATEMENT EXECUTE FUNCTION "read_versions_by_touchpoint"();--> statement-breakpoint
CREATE TRIGGER "touchpoint_readers_read_versions_update" AFTER UPDATE ON "touchpoint_readers" REFERENCING OLD TABLE AS "old_rows" NEW TABLE AS "new_rows" FOR EACH STATEMENT EXECUTE FUNCTION "read_versions_by_touchpoint"();--> statement-breakpoint
CREATE TRIGGER "relationship_deputies_read_versions_update" AFTER UPDATE ON "relationship_deputies" REFERENCING OLD TABLE AS "old_rows" NEW TABLE AS "new_rows" FOR EACH STATEMENT EXECUTE FUNCTION "read_versions_by_relationship"();--> statement-breakpoint
CREATE TRIGGER "partners_read_versions" AFTER UPDATE OR DELETE ON "partners" FOR EACH STATEMENT EXECUTE FUNCTION "read_versions_bump_all"();--> statement-breakpoint
CREATE TRIGGER "partner_types_read_versions" AFTER UPDATE OR DELETE ON "partner_types" FOR EACH STATEMENT EXECUTE FUNCTION "read_versions_bump_all"();--> statement-breakpoint
CREATE TRIGGER "contacts_read_versions" AFTER UPDATE OR DELETE ON "contacts" FOR EACH STATEMENT EXECUTE FUNCTION "read_versions_bump_all"();--> statement-breakpoint
CREATE TRIGGER "users_read_versions" AFTER UPDATE OR DELETE ON "users" FOR EACH STATEMENT EXECUTE FUNCTION "read_versions_bump_all"();--> statement-breakpoint
CREATE TRIGGER "units_read_versions" AFTER UPDATE OR DELETE ON "units" FOR EACH STATEMENT EXECUTE FUNCTION "read_versions_bump_all"();--> statement-breakpoint
CREATE TRIGGER "unit_ancestry_read_versions" AFTER INSERT OR UPDATE OR DELETE ON "unit_ancestry" FOR EACH STATEMENT EXECUTE FUNCTION "read_versions_bump_all"();
--> statement-breakpoint
-- The in-process cache of session and token look-ups (modules/auth/auth-cache.ts) forgets what
-- these notifications name; PostgreSQL sends them at commit to every instance. A long list (a
-- sweep of expired sessions) is sent as 'all' instead: NOTIFY payloads stop at 8,000 bytes.
CREATE FUNCTION "auth_notify"("kind" text, "ids" text[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
	"list" text := array_to_string(ARRAY(SELECT DISTINCT unnest("ids")), ',');
BEGIN
	IF "list" IS NULL OR "list" = '' THEN RETURN; END IF;
	PERFORM pg_notify('rapport_auth', CASE WHEN length("list") > 7000 THEN 'all' ELSE "kind" || ':' || "list" END);
END $$;--> statement-breakpoint
CREATE FUNCTION "auth_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_TABLE_NAME = 'unit_ancestry' THEN
		PERFORM pg_notify('rapport_auth', 'all');
	ELSIF TG_TABLE_NAME = 'sessions' THEN
		PERFORM "auth_notify"('session', ARRAY(SELECT "id" FROM "old_rows"));
	ELSIF TG_OP = 'DELETE' THEN
		PERFORM "auth_notify"('user', ARRAY(SELECT "user_id"::text FROM "old_rows"));
	ELSIF TG_TABLE_NAME = 'users' THEN
		PERFORM "auth_notify"('user', ARRAY(SELECT "id"::text FROM "new_rows"));
	ELSE
		-- api_tokens: a revocation, a new expiry or read-only flag, not the minutely "last used".
		PERFORM "auth_notify"('user', ARRAY(
			SELECT n."user_id"::text FROM "new_rows" n JOIN "old_rows" o ON o."id" = n."id"
			WHERE (n."revoked_at", n."expires_at", n."read_only", n."user_id")
				IS DISTINCT FROM (o."revoked_at", o."expires_at", o."read_only", o."user_id")));
	END IF;
	RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "sessions_auth_changed" AFTER DELETE ON "sessions" REFERENCING OLD TABLE AS "old_rows" FOR EACH STATEMENT EXECUTE FUNCTION "auth_changed"();--> statement-breakpoint
CREATE TRIGGER "api_tokens_auth_changed_update" AFTER UPDATE ON "api_tokens" REFERENCING OLD TABLE AS "old_rows" NEW TABLE AS "new_rows" FOR EACH STATEMENT EXECUTE FUNCTION "auth_changed"();--> statement-breakpoint
CREATE TRIGGER "api_tokens_auth_changed_delete" AFTER DELETE ON "api_tokens" REFERENCING OLD TABLE AS "old_rows" FOR EACH STATEMENT EXECUTE FUNCTION "auth_changed"();--> statement-breakpoint
CREATE TRIGGER "users_auth_changed_update" AFTER UPDATE ON "users" REFERENCING OLD TABLE AS "old_rows" NEW TABLE AS "new_rows" FOR EACH STATEMENT EXECUTE FUNCTION "auth_changed"();--> statement-breakpoint
CREATE TRIGGER "users_auth_changed_delete" AFTER DELETE ON "users" REFERENCING OLD TABLE AS "old_rows" FOR EACH STATEMENT EXECUTE FUNCTION "auth_changed"();--> statement-breakpoint
CREATE TRIGGER "unit_ancestry_auth_changed" AFTER INSERT OR UPDATE OR DELETE ON "unit_ancestry" FOR EACH STATEMENT EXECUTE FUNCTION "auth_changed"();
