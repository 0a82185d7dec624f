CREATE TABLE "dispute_procedures" (
	"id" uuid PRIMARY KEY NOT NULL,
	"request_id" uuid NOT NULL,
	"stage" text NOT NULL,
	"stage_started_at" timestamp (3) with time zone NOT NULL,
	"agreed" text,
	"lessons" jsonb,
	"outcome_recorded_at" timestamp (3) with time zone,
	"outcome_recorded_by_id" uuid,
	"contact_id" uuid,
	"link_hash" text,
	"link_expires_at" timestamp (3) with time zone,
	"acknowledged_at" timestamp (3) with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "relationship_reviews" (
	"id" uuid PRIMARY KEY NOT NULL,
	"relationship_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"agreement_id" uuid,
	"status" text DEFAULT 'scheduled' NOT NULL,
	"scheduled_for" date NOT NULL,
	"held_on" date,
	"minutes" text,
	"created_by_id" uuid NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "relationship_reviews_held" CHECK (("relationship_reviews"."status" = 'held') = ("relationship_reviews"."held_on" is not null))
);
--> statement-breakpoint
CREATE TABLE "review_actions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"review_id" uuid NOT NULL,
	"description" text NOT NULL,
	"owner_user_id" uuid,
	"owner_contact_id" uuid,
	"due_on" date NOT NULL,
	"task_id" uuid NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "review_actions_one_owner" CHECK (("review_actions"."owner_user_id" is null) <> ("review_actions"."owner_contact_id" is null))
);
--> statement-breakpoint
ALTER TABLE "dispute_procedures" ADD CONSTRAINT "dispute_procedures_request_id_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dispute_procedures" ADD CONSTRAINT "dispute_procedures_outcome_recorded_by_id_users_id_fk" FOREIGN KEY ("outcome_recorded_by_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dispute_procedures" ADD CONSTRAINT "dispute_procedures_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "relationship_reviews" ADD CONSTRAINT "relationship_reviews_relationship_id_relationships_id_fk" FOREIGN KEY ("relationship_id") REFERENCES "public"."relationships"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "relationship_reviews" ADD CONSTRAINT "relationship_reviews_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "relationship_reviews" ADD CONSTRAINT "relationship_reviews_agreement_id_agreements_id_fk" FOREIGN KEY ("agreement_id") REFERENCES "public"."agreements"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "relationship_reviews" ADD CONSTRAINT "relationship_reviews_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_actions" ADD CONSTRAINT "review_actions_review_id_relationship_reviews_id_fk" FOREIGN KEY ("review_id") REFERENCES "public"."relationship_reviews"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_actions" ADD CONSTRAINT "review_actions_owner_user_id_users_id_fk" FOREIGN KEY ("owner_user_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_actions" ADD CONSTRAINT "review_actions_owner_contact_id_contacts_id_fk" FOREIGN KEY ("owner_contact_id") REFERENCES "public"."contacts"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_actions" ADD CONSTRAINT "review_actions_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."tasks"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "dispute_procedures_request_key" ON "dispute_procedures" USING btree ("request_id");--> statement-breakpoint
CREATE UNIQUE INDEX "dispute_procedures_link_key" ON "dispute_procedures" USING btree ("link_hash");--> statement-breakpoint
CREATE INDEX "dispute_procedures_contact_idx" ON "dispute_procedures" USING btree ("contact_id");--> statement-breakpoint
CREATE INDEX "relationship_reviews_relationship_idx" ON "relationship_reviews" USING btree ("relationship_id","scheduled_for");--> statement-breakpoint
CREATE INDEX "relationship_reviews_due_idx" ON "relationship_reviews" USING btree ("scheduled_for") WHERE status = 'scheduled';--> statement-breakpoint
CREATE INDEX "relationship_reviews_agreement_idx" ON "relationship_reviews" USING btree ("agreement_id");--> statement-breakpoint
CREATE INDEX "review_actions_review_idx" ON "review_actions" USING btree ("review_id");--> statement-breakpoint
CREATE INDEX "review_actions_contact_idx" ON "review_actions" USING btree ("owner_contact_id");--> statement-breakpoint
CREATE INDEX "review_actions_task_idx" ON "review_actions" USING btree ("task_id");