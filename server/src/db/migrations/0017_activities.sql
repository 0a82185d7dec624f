CREATE TABLE "activities" (
	"id" uuid PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"description" text,
	"unit_id" uuid NOT NULL,
	"owner_id" uuid NOT NULL,
	"starts_at" timestamp (3) with time zone NOT NULL,
	"ends_at" timestamp (3) with time zone NOT NULL,
	"time_zone" text DEFAULT 'Europe/London' NOT NULL,
	"format" text DEFAULT 'in_person' NOT NULL,
	"location" text,
	"online_url" text,
	"capacity" integer,
	"visibility" text DEFAULT 'institution' NOT NULL,
	"recurrence" text,
	"exception_dates" date[] DEFAULT '{}'::date[] NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "activities_ends_after_start" CHECK ("activities"."ends_at" > "activities"."starts_at"),
	CONSTRAINT "activities_capacity_positive" CHECK ("activities"."capacity" is null or "activities"."capacity" > 0)
);
--> statement-breakpoint
CREATE TABLE "activity_invitations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"activity_id" uuid NOT NULL,
	"contact_id" uuid NOT NULL,
	"email" text,
	"token_hash" text NOT NULL,
	"status" text DEFAULT 'invited' NOT NULL,
	"invited_at" timestamp (3) with time zone,
	"emailed_at" timestamp (3) with time zone,
	"responded_at" timestamp (3) with time zone,
	"waiting_since" timestamp (3) with time zone,
	"registered_by_id" uuid,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "activity_organisers" (
	"activity_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	CONSTRAINT "activity_organisers_activity_id_user_id_pk" PRIMARY KEY("activity_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "activity_outbox" (
	"id" uuid PRIMARY KEY NOT NULL,
	"invitation_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"token" text,
	"sent_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "activity_readers" (
	"activity_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	CONSTRAINT "activity_readers_activity_id_user_id_pk" PRIMARY KEY("activity_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "activity_audience" (
	"id" uuid PRIMARY KEY NOT NULL,
	"activity_id" uuid NOT NULL,
	"partner_type_id" uuid,
	"partner_id" uuid,
	"contact_id" uuid,
	CONSTRAINT "activity_audience_one_target" CHECK (num_nonnulls("activity_audience"."partner_type_id", "activity_audience"."partner_id", "activity_audience"."contact_id") = 1)
);
--> statement-breakpoint
ALTER TABLE "contacts" ADD COLUMN "do_not_invite" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "activities" ADD CONSTRAINT "activities_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activities" ADD CONSTRAINT "activities_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activity_invitations" ADD CONSTRAINT "activity_invitations_activity_id_activities_id_fk" FOREIGN KEY ("activity_id") REFERENCES "public"."activities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activity_invitations" ADD CONSTRAINT "activity_invitations_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activity_invitations" ADD CONSTRAINT "activity_invitations_registered_by_id_users_id_fk" FOREIGN KEY ("registered_by_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activity_organisers" ADD CONSTRAINT "activity_organisers_activity_id_activities_id_fk" FOREIGN KEY ("activity_id") REFERENCES "public"."activities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activity_organisers" ADD CONSTRAINT "activity_organisers_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activity_outbox" ADD CONSTRAINT "activity_outbox_invitation_id_activity_invitations_id_fk" FOREIGN KEY ("invitation_id") REFERENCES "public"."activity_invitations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activity_readers" ADD CONSTRAINT "activity_readers_activity_id_activities_id_fk" FOREIGN KEY ("activity_id") REFERENCES "public"."activities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activity_readers" ADD CONSTRAINT "activity_readers_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activity_audience" ADD CONSTRAINT "activity_audience_activity_id_activities_id_fk" FOREIGN KEY ("activity_id") REFERENCES "public"."activities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activity_audience" ADD CONSTRAINT "activity_audience_partner_type_id_partner_types_id_fk" FOREIGN KEY ("partner_type_id") REFERENCES "public"."partner_types"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activity_audience" ADD CONSTRAINT "activity_audience_partner_id_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partners"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activity_audience" ADD CONSTRAINT "activity_audience_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "activities_starts_idx" ON "activities" USING btree ("starts_at","id");--> statement-breakpoint
CREATE INDEX "activities_unit_idx" ON "activities" USING btree ("unit_id","starts_at");--> statement-breakpoint
CREATE UNIQUE INDEX "activity_invitations_contact_key" ON "activity_invitations" USING btree ("activity_id","contact_id");--> statement-breakpoint
CREATE UNIQUE INDEX "activity_invitations_token_key" ON "activity_invitations" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "activity_invitations_waiting_idx" ON "activity_invitations" USING btree ("activity_id","waiting_since") WHERE status = 'waiting';--> statement-breakpoint
CREATE INDEX "activity_organisers_user_idx" ON "activity_organisers" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "activity_outbox_unsent_idx" ON "activity_outbox" USING btree ("created_at") WHERE sent_at is null;--> statement-breakpoint
CREATE INDEX "activity_readers_user_idx" ON "activity_readers" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "activity_audience_activity_idx" ON "activity_audience" USING btree ("activity_id");