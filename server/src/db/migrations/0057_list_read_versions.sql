CREATE INDEX "users_name_trgm_idx" ON "users" USING gin ("name" gin_trgm_ops);--> statement-breakpoint
-- Conditional reads on the main lists (partners, contacts, requests) compare one version that
-- every write to what they show bumps: read_versions' key ...0001. Deferred constraint triggers,
-- so the bump happens once per transaction at its commit (the first row's trigger bumps, the rest
-- see the flag): writers then hold that row's lock only while they commit, and take no other lock
-- after it, so they cannot deadlock on it. Names and the unit tree bump the every-page key
-- (migration 0026), which the lists' tags read too.
CREATE FUNCTION "read_versions_bump_lists"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF current_setting('rapport.lists_bumped', true) IS DISTINCT FROM 'on' THEN
		PERFORM set_config('rapport.lists_bumped', 'on', true);
		PERFORM "read_versions_bump"(ARRAY['00000000-0000-0000-0000-000000000001'::uuid]);
	END IF;
	RETURN NULL;
END $$;--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "partners_lists_version" AFTER INSERT OR UPDATE OR DELETE ON "partners" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "read_versions_bump_lists"();--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "relationships_lists_version" AFTER INSERT OR UPDATE OR DELETE ON "relationships" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "read_versions_bump_lists"();--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "contacts_lists_version" AFTER INSERT OR UPDATE OR DELETE ON "contacts" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "read_versions_bump_lists"();--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "affiliations_lists_version" AFTER INSERT OR UPDATE OR DELETE ON "affiliations" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "read_versions_bump_lists"();--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "requests_lists_version" AFTER INSERT OR UPDATE OR DELETE ON "requests" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "read_versions_bump_lists"();--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "request_readers_lists_version" AFTER INSERT OR UPDATE OR DELETE ON "request_readers" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "read_versions_bump_lists"();--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "service_levels_lists_version" AFTER INSERT OR UPDATE OR DELETE ON "service_levels" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "read_versions_bump_lists"();--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "settings_lists_version" AFTER INSERT OR UPDATE OR DELETE ON "settings" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "read_versions_bump_lists"();--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "holidays_lists_version" AFTER INSERT OR UPDATE OR DELETE ON "holidays" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "read_versions_bump_lists"();
