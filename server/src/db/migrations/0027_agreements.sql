CREATE TABLE "agreement_changes" (
	"id" uuid PRIMARY KEY NOT NULL,
	"agreement_id" uuid NOT NULL,
	"base_revision" integer NOT NULL,
	"reason" text NOT NULL,
	"terms" jsonb NOT NULL,
	"base_terms" jsonb NOT NULL,
	"status" text DEFAULT 'proposed' NOT NULL,
	"proposed_by_id" uuid NOT NULL,
	"proposed_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"university_decision" text,
	"university_decided_by_id" uuid,
	"university_decided_at" timestamp (3) with time zone,
	"university_note" text,
	"partner_contact_id" uuid,
	"partner_decision" text,
	"partner_recorded_by_id" uuid,
	"partner_decided_at" timestamp (3) with time zone,
	"partner_note" text
);
--> statement-breakpoint
CREATE TABLE "agreement_readers" (
	"agreement_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	CONSTRAINT "agreement_readers_agreement_id_user_id_pk" PRIMARY KEY("agreement_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "agreement_versions" (
	"agreement_id" uuid NOT NULL,
	"revision" integer NOT NULL,
	"terms" jsonb NOT NULL,
	"change_id" uuid,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "agreement_versions_agreement_id_revision_pk" PRIMARY KEY("agreement_id","revision")
);
--> statement-breakpoint
CREATE TABLE "agreements" (
	"id" uuid PRIMARY KEY NOT NULL,
	"relationship_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"title" text NOT NULL,
	"university_commitments" text,
	"partner_commitments" text,
	"key_terms" text,
	"start_date" date,
	"end_date" date,
	"review_date" date,
	"review_reminder_days" integer DEFAULT 30 NOT NULL,
	"reminded_for_review" date,
	"owner_id" uuid NOT NULL,
	"partner_contact_id" uuid,
	"visibility" text DEFAULT 'institution' NOT NULL,
	"revision" integer DEFAULT 0 NOT NULL,
	"created_by_id" uuid NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "agreements_review_after_start" CHECK ("agreements"."review_date" is null or "agreements"."start_date" is null or "agreements"."review_date" >= "agreements"."start_date"),
	CONSTRAINT "agreements_end_after_start" CHECK ("agreements"."end_date" is null or "agreements"."start_date" is null or "agreements"."end_date" >= "agreements"."start_date"),
	CONSTRAINT "agreements_reminder_days" CHECK ("agreements"."review_reminder_days" between 0 and 365)
);
--> statement-breakpoint
ALTER TABLE "attachments" DROP CONSTRAINT "attachments_one_record";--> statement-breakpoint
ALTER TABLE "attachments" ADD COLUMN "agreement_id" uuid;--> statement-breakpoint
ALTER TABLE "agreement_changes" ADD CONSTRAINT "agreement_changes_agreement_id_agreements_id_fk" FOREIGN KEY ("agreement_id") REFERENCES "public"."agreements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agreement_changes" ADD CONSTRAINT "agreement_changes_proposed_by_id_users_id_fk" FOREIGN KEY ("proposed_by_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agreement_changes" ADD CONSTRAINT "agreement_changes_university_decided_by_id_users_id_fk" FOREIGN KEY ("university_decided_by_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agreement_changes" ADD CONSTRAINT "agreement_changes_partner_contact_id_contacts_id_fk" FOREIGN KEY ("partner_contact_id") REFERENCES "public"."contacts"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agreement_changes" ADD CONSTRAINT "agreement_changes_partner_recorded_by_id_users_id_fk" FOREIGN KEY ("partner_recorded_by_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agreement_readers" ADD CONSTRAINT "agreement_readers_agreement_id_agreements_id_fk" FOREIGN KEY ("agreement_id") REFERENCES "public"."agreements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agreement_readers" ADD CONSTRAINT "agreement_readers_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agreement_versions" ADD CONSTRAINT "agreement_versions_agreement_id_agreements_id_fk" FOREIGN KEY ("agreement_id") REFERENCES "public"."agreements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agreement_versions" ADD CONSTRAINT "agreement_versions_change_id_agreement_changes_id_fk" FOREIGN KEY ("change_id") REFERENCES "public"."agreement_changes"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agreements" ADD CONSTRAINT "agreements_relationship_id_relationships_id_fk" FOREIGN KEY ("relationship_id") REFERENCES "public"."relationships"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agreements" ADD CONSTRAINT "agreements_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agreements" ADD CONSTRAINT "agreements_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agreements" ADD CONSTRAINT "agreements_partner_contact_id_contacts_id_fk" FOREIGN KEY ("partner_contact_id") REFERENCES "public"."contacts"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agreements" ADD CONSTRAINT "agreements_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "agreement_changes_agreement_idx" ON "agreement_changes" USING btree ("agreement_id","proposed_at");--> statement-breakpoint
CREATE INDEX "agreement_changes_contact_idx" ON "agreement_changes" USING btree ("partner_contact_id");--> statement-breakpoint
CREATE INDEX "agreement_readers_user_idx" ON "agreement_readers" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "agreement_versions_change_key" ON "agreement_versions" USING btree ("change_id");--> statement-breakpoint
CREATE INDEX "agreements_relationship_idx" ON "agreements" USING btree ("relationship_id");--> statement-breakpoint
CREATE INDEX "agreements_review_idx" ON "agreements" USING btree ("review_date") WHERE status = 'active';--> statement-breakpoint
CREATE INDEX "agreements_owner_idx" ON "agreements" USING btree ("owner_id");--> statement-breakpoint
CREATE INDEX "agreements_partner_contact_idx" ON "agreements" USING btree ("partner_contact_id");--> statement-breakpoint
ALTER TABLE "attachments" ADD CONSTRAINT "attachments_agreement_id_agreements_id_fk" FOREIGN KEY ("agreement_id") REFERENCES "public"."agreements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "attachments_agreement_idx" ON "attachments" USING btree ("agreement_id") WHERE agreement_id is not null;--> statement-breakpoint
ALTER TABLE "attachments" ADD CONSTRAINT "attachments_one_record" CHECK (num_nonnulls("attachments"."touchpoint_id", "attachments"."request_id", "attachments"."relationship_id", "attachments"."agreement_id") = 1);