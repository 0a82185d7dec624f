CREATE TABLE "initiative_inputs" (
	"id" uuid PRIMARY KEY NOT NULL,
	"initiative_id" uuid NOT NULL,
	"partner_id" uuid NOT NULL,
	"summary" text NOT NULL,
	"touchpoint_id" uuid,
	"feedback_id" uuid,
	"request_id" uuid,
	"response" text,
	"status" text DEFAULT 'open' NOT NULL,
	"reason" text,
	"internal_note" text,
	"published" boolean DEFAULT false NOT NULL,
	"created_by_id" uuid NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "initiative_inputs_one_source" CHECK (num_nonnulls("initiative_inputs"."touchpoint_id", "initiative_inputs"."feedback_id", "initiative_inputs"."request_id") <= 1),
	CONSTRAINT "initiative_inputs_reason" CHECK ("initiative_inputs"."status" <> 'not_adopted' or coalesce(length(trim("initiative_inputs"."reason")), 0) > 0)
);
--> statement-breakpoint
CREATE TABLE "initiative_milestones" (
	"id" uuid PRIMARY KEY NOT NULL,
	"initiative_id" uuid NOT NULL,
	"title" text NOT NULL,
	"due_date" date NOT NULL,
	"reached_at" timestamp (3) with time zone,
	"reached_by_id" uuid,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "initiative_outbox" (
	"id" uuid PRIMARY KEY NOT NULL,
	"milestone_id" uuid NOT NULL,
	"contact_id" uuid NOT NULL,
	"partner_id" uuid NOT NULL,
	"email" text NOT NULL,
	"sent_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "initiative_partners" (
	"id" uuid PRIMARY KEY NOT NULL,
	"initiative_id" uuid NOT NULL,
	"partner_id" uuid NOT NULL,
	"involvement" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "initiatives" (
	"id" uuid PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"description" text,
	"unit_id" uuid NOT NULL,
	"owner_id" uuid NOT NULL,
	"status" text DEFAULT 'planned' NOT NULL,
	"start_date" date,
	"public_token" text,
	"published_at" timestamp (3) with time zone,
	"created_by_id" uuid NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "initiative_inputs" ADD CONSTRAINT "initiative_inputs_initiative_id_initiatives_id_fk" FOREIGN KEY ("initiative_id") REFERENCES "public"."initiatives"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "initiative_inputs" ADD CONSTRAINT "initiative_inputs_partner_id_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partners"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "initiative_inputs" ADD CONSTRAINT "initiative_inputs_touchpoint_id_touchpoints_id_fk" FOREIGN KEY ("touchpoint_id") REFERENCES "public"."touchpoints"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "initiative_inputs" ADD CONSTRAINT "initiative_inputs_feedback_id_activity_feedback_id_fk" FOREIGN KEY ("feedback_id") REFERENCES "public"."activity_feedback"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "initiative_inputs" ADD CONSTRAINT "initiative_inputs_request_id_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."requests"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "initiative_inputs" ADD CONSTRAINT "initiative_inputs_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "initiative_milestones" ADD CONSTRAINT "initiative_milestones_initiative_id_initiatives_id_fk" FOREIGN KEY ("initiative_id") REFERENCES "public"."initiatives"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "initiative_milestones" ADD CONSTRAINT "initiative_milestones_reached_by_id_users_id_fk" FOREIGN KEY ("reached_by_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "initiative_outbox" ADD CONSTRAINT "initiative_outbox_milestone_id_initiative_milestones_id_fk" FOREIGN KEY ("milestone_id") REFERENCES "public"."initiative_milestones"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "initiative_outbox" ADD CONSTRAINT "initiative_outbox_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "initiative_outbox" ADD CONSTRAINT "initiative_outbox_partner_id_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partners"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "initiative_partners" ADD CONSTRAINT "initiative_partners_initiative_id_initiatives_id_fk" FOREIGN KEY ("initiative_id") REFERENCES "public"."initiatives"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "initiative_partners" ADD CONSTRAINT "initiative_partners_partner_id_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partners"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "initiatives" ADD CONSTRAINT "initiatives_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "initiatives" ADD CONSTRAINT "initiatives_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "initiatives" ADD CONSTRAINT "initiatives_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "initiative_inputs_initiative_idx" ON "initiative_inputs" USING btree ("initiative_id");--> statement-breakpoint
CREATE INDEX "initiative_inputs_partner_idx" ON "initiative_inputs" USING btree ("partner_id");--> statement-breakpoint
CREATE INDEX "initiative_inputs_touchpoint_idx" ON "initiative_inputs" USING btree ("touchpoint_id");--> statement-breakpoint
CREATE INDEX "initiative_inputs_request_idx" ON "initiative_inputs" USING btree ("request_id");--> statement-breakpoint
CREATE INDEX "initiative_milestones_initiative_idx" ON "initiative_milestones" USING btree ("initiative_id","due_date");--> statement-breakpoint
CREATE UNIQUE INDEX "initiative_outbox_key" ON "initiative_outbox" USING btree ("milestone_id","contact_id");--> statement-breakpoint
CREATE INDEX "initiative_outbox_unsent_idx" ON "initiative_outbox" USING btree ("created_at") WHERE sent_at is null;--> statement-breakpoint
CREATE INDEX "initiative_outbox_contact_idx" ON "initiative_outbox" USING btree ("contact_id");--> statement-breakpoint
CREATE INDEX "initiative_outbox_partner_idx" ON "initiative_outbox" USING btree ("partner_id");--> statement-breakpoint
CREATE UNIQUE INDEX "initiative_partners_key" ON "initiative_partners" USING btree ("initiative_id","partner_id");--> statement-breakpoint
CREATE INDEX "initiative_partners_partner_idx" ON "initiative_partners" USING btree ("partner_id");--> statement-breakpoint
CREATE UNIQUE INDEX "initiatives_public_token_key" ON "initiatives" USING btree ("public_token");--> statement-breakpoint
CREATE INDEX "initiatives_unit_idx" ON "initiatives" USING btree ("unit_id");--> statement-breakpoint
CREATE INDEX "initiatives_owner_idx" ON "initiatives" USING btree ("owner_id");--> statement-breakpoint
-- The purpose the milestone digests of "you said, we did" are sent under (issue 16 part 7).
INSERT INTO "consent_purposes" ("key", "name", "description", "lawful_basis", "data_held") VALUES
  ('initiatives', 'Initiative updates', '"You said, we did" digests about university initiatives the partner is involved in', 'legitimate_interests', 'Name, work e-mail address, affiliation; the input the partner gave')
ON CONFLICT DO NOTHING;
