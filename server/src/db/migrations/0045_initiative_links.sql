CREATE TABLE "initiative_links" (
	"id" uuid PRIMARY KEY NOT NULL,
	"initiative_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "initiative_outbox" ADD COLUMN "token" text;--> statement-breakpoint
ALTER TABLE "initiative_links" ADD CONSTRAINT "initiative_links_initiative_id_initiatives_id_fk" FOREIGN KEY ("initiative_id") REFERENCES "public"."initiatives"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "initiative_links_token_key" ON "initiative_links" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "initiative_links_initiative_idx" ON "initiative_links" USING btree ("initiative_id");--> statement-breakpoint
-- hand-written: the published pages' links move here, hashed: a link given out before keeps working.
INSERT INTO "initiative_links" ("id", "initiative_id", "token_hash", "created_at")
SELECT gen_random_uuid(), "id", encode(sha256(convert_to("public_token", 'UTF8')), 'hex'), coalesce("published_at", now())
FROM "initiatives" WHERE "public_token" IS NOT NULL;
