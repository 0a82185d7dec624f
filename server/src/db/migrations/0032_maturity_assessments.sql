CREATE TABLE "assessment_items" (
	"assessment_id" uuid NOT NULL,
	"side" text NOT NULL,
	"item" text NOT NULL,
	"score" smallint NOT NULL,
	"evidence" text,
	"action" text,
	"task_id" uuid,
	CONSTRAINT "assessment_items_assessment_id_side_item_pk" PRIMARY KEY("assessment_id","side","item"),
	CONSTRAINT "assessment_items_score_range" CHECK ("assessment_items"."score" between 0 and 4)
);
--> statement-breakpoint
CREATE TABLE "assessments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"relationship_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"assessed_by_id" uuid NOT NULL,
	"mean_score" integer NOT NULL,
	"stage" text NOT NULL,
	"partner_contact_id" uuid,
	"partner_token_hash" text,
	"partner_closes_at" timestamp (3) with time zone,
	"partner_answered_at" timestamp (3) with time zone,
	"partner_mean_score" integer,
	"partner_stage" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "assessments_mean_range" CHECK ("assessments"."mean_score" between 0 and 400)
);
--> statement-breakpoint
ALTER TABLE "assessment_items" ADD CONSTRAINT "assessment_items_assessment_id_assessments_id_fk" FOREIGN KEY ("assessment_id") REFERENCES "public"."assessments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_items" ADD CONSTRAINT "assessment_items_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."tasks"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessments" ADD CONSTRAINT "assessments_relationship_id_relationships_id_fk" FOREIGN KEY ("relationship_id") REFERENCES "public"."relationships"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessments" ADD CONSTRAINT "assessments_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessments" ADD CONSTRAINT "assessments_assessed_by_id_users_id_fk" FOREIGN KEY ("assessed_by_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessments" ADD CONSTRAINT "assessments_partner_contact_id_contacts_id_fk" FOREIGN KEY ("partner_contact_id") REFERENCES "public"."contacts"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "assessments_relationship_idx" ON "assessments" USING btree ("relationship_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "assessments_partner_token_key" ON "assessments" USING btree ("partner_token_hash");