CREATE TABLE "communication_levels" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"rank" integer DEFAULT 100 NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "communication_plan_item_levels" (
	"item_id" uuid NOT NULL,
	"level_id" uuid NOT NULL,
	CONSTRAINT "communication_plan_item_levels_item_id_level_id_pk" PRIMARY KEY("item_id","level_id")
);
--> statement-breakpoint
CREATE TABLE "communication_plan_items" (
	"id" uuid PRIMARY KEY NOT NULL,
	"partner_type_id" uuid,
	"relationship_id" uuid,
	"replaces_item_id" uuid,
	"purpose" text NOT NULL,
	"channel" text NOT NULL,
	"direction" text NOT NULL,
	"frequency_days" integer NOT NULL,
	"owner_id" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "communication_plan_items_one_owner" CHECK (("communication_plan_items"."partner_type_id" is null) <> ("communication_plan_items"."relationship_id" is null)),
	CONSTRAINT "communication_plan_items_frequency" CHECK ("communication_plan_items"."frequency_days" between 1 and 366)
);
--> statement-breakpoint
CREATE TABLE "peer_pairs" (
	"id" uuid PRIMARY KEY NOT NULL,
	"relationship_id" uuid NOT NULL,
	"level_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"contact_id" uuid NOT NULL,
	"cadence_days" integer NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "peer_pairs_cadence" CHECK ("peer_pairs"."cadence_days" between 1 and 366)
);
--> statement-breakpoint
ALTER TABLE "communication_plan_item_levels" ADD CONSTRAINT "communication_plan_item_levels_item_id_communication_plan_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."communication_plan_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "communication_plan_item_levels" ADD CONSTRAINT "communication_plan_item_levels_level_id_communication_levels_id_fk" FOREIGN KEY ("level_id") REFERENCES "public"."communication_levels"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "communication_plan_items" ADD CONSTRAINT "communication_plan_items_partner_type_id_partner_types_id_fk" FOREIGN KEY ("partner_type_id") REFERENCES "public"."partner_types"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "communication_plan_items" ADD CONSTRAINT "communication_plan_items_relationship_id_relationships_id_fk" FOREIGN KEY ("relationship_id") REFERENCES "public"."relationships"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "communication_plan_items" ADD CONSTRAINT "communication_plan_items_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "peer_pairs" ADD CONSTRAINT "peer_pairs_relationship_id_relationships_id_fk" FOREIGN KEY ("relationship_id") REFERENCES "public"."relationships"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "peer_pairs" ADD CONSTRAINT "peer_pairs_level_id_communication_levels_id_fk" FOREIGN KEY ("level_id") REFERENCES "public"."communication_levels"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "peer_pairs" ADD CONSTRAINT "peer_pairs_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "peer_pairs" ADD CONSTRAINT "peer_pairs_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "communication_levels_name_key" ON "communication_levels" USING btree (lower("name"));--> statement-breakpoint
CREATE INDEX "communication_plan_item_levels_level_idx" ON "communication_plan_item_levels" USING btree ("level_id");--> statement-breakpoint
CREATE INDEX "communication_plan_items_type_idx" ON "communication_plan_items" USING btree ("partner_type_id");--> statement-breakpoint
CREATE INDEX "communication_plan_items_relationship_idx" ON "communication_plan_items" USING btree ("relationship_id");--> statement-breakpoint
CREATE UNIQUE INDEX "peer_pairs_key" ON "peer_pairs" USING btree ("relationship_id","level_id","user_id","contact_id");--> statement-breakpoint
CREATE INDEX "peer_pairs_user_idx" ON "peer_pairs" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "peer_pairs_contact_idx" ON "peer_pairs" USING btree ("contact_id");--> statement-breakpoint
INSERT INTO "communication_levels" ("id", "name", "rank") VALUES
  ('01900000-0000-7000-8000-00000000c001', 'Senior', 0),
  ('01900000-0000-7000-8000-00000000c002', 'Operational', 10),
  ('01900000-0000-7000-8000-00000000c003', 'Administrative', 20);
