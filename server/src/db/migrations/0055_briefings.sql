CREATE TABLE "briefing_items" (
	"id" uuid PRIMARY KEY NOT NULL,
	"briefing_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"section" text NOT NULL,
	"partner_id" uuid NOT NULL,
	"request_id" uuid,
	"relationship_id" uuid,
	"title" text NOT NULL,
	"detail" text,
	"acted_at" timestamp (3) with time zone,
	"acted_note" text,
	CONSTRAINT "briefing_items_acted" CHECK (("briefing_items"."acted_at" is null) = ("briefing_items"."acted_note" is null))
);
--> statement-breakpoint
CREATE TABLE "briefings" (
	"id" uuid PRIMARY KEY NOT NULL,
	"recipient_id" uuid NOT NULL,
	"week_of" date NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"read_at" timestamp (3) with time zone
);
--> statement-breakpoint
ALTER TABLE "briefing_items" ADD CONSTRAINT "briefing_items_briefing_id_briefings_id_fk" FOREIGN KEY ("briefing_id") REFERENCES "public"."briefings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "briefing_items" ADD CONSTRAINT "briefing_items_partner_id_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partners"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "briefing_items" ADD CONSTRAINT "briefing_items_request_id_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "briefing_items" ADD CONSTRAINT "briefing_items_relationship_id_relationships_id_fk" FOREIGN KEY ("relationship_id") REFERENCES "public"."relationships"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "briefings" ADD CONSTRAINT "briefings_recipient_id_users_id_fk" FOREIGN KEY ("recipient_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "briefing_items_briefing_idx" ON "briefing_items" USING btree ("briefing_id","position");--> statement-breakpoint
CREATE INDEX "briefing_items_partner_idx" ON "briefing_items" USING btree ("partner_id");--> statement-breakpoint
CREATE INDEX "briefing_items_request_idx" ON "briefing_items" USING btree ("request_id") WHERE request_id is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "briefings_recipient_week_key" ON "briefings" USING btree ("recipient_id","week_of");--> statement-breakpoint
CREATE INDEX "briefings_created_idx" ON "briefings" USING btree ("created_at");