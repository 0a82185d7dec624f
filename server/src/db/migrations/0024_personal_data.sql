CREATE TABLE "consent_purposes" (
	"key" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"lawful_basis" text NOT NULL,
	"data_held" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "consents" (
	"id" uuid PRIMARY KEY NOT NULL,
	"contact_id" uuid NOT NULL,
	"purpose" text NOT NULL,
	"decision" text NOT NULL,
	"lawful_basis" text NOT NULL,
	"source" text NOT NULL,
	"recorded_on" date NOT NULL,
	"evidence" text,
	"recorded_by_id" uuid,
	"recorded_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "data_protection_holders" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"granted_by_id" uuid,
	"granted_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "erasures" (
	"contact_id" uuid PRIMARY KEY NOT NULL,
	"erased_by_id" uuid,
	"erased_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "retention_rules" (
	"key" text PRIMARY KEY NOT NULL,
	"years" integer NOT NULL,
	"enabled" boolean DEFAULT false NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "retention_runs" (
	"id" uuid PRIMARY KEY NOT NULL,
	"rule" text NOT NULL,
	"dry_run" boolean NOT NULL,
	"cutoff" date NOT NULL,
	"affected" integer NOT NULL,
	"record_ids" jsonb NOT NULL,
	"run_by_id" uuid,
	"at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "consents" ADD CONSTRAINT "consents_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consents" ADD CONSTRAINT "consents_purpose_consent_purposes_key_fk" FOREIGN KEY ("purpose") REFERENCES "public"."consent_purposes"("key") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consents" ADD CONSTRAINT "consents_recorded_by_id_users_id_fk" FOREIGN KEY ("recorded_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "data_protection_holders" ADD CONSTRAINT "data_protection_holders_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "data_protection_holders" ADD CONSTRAINT "data_protection_holders_granted_by_id_users_id_fk" FOREIGN KEY ("granted_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "erasures" ADD CONSTRAINT "erasures_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "erasures" ADD CONSTRAINT "erasures_erased_by_id_users_id_fk" FOREIGN KEY ("erased_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "retention_runs" ADD CONSTRAINT "retention_runs_run_by_id_users_id_fk" FOREIGN KEY ("run_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "consents_contact_purpose_idx" ON "consents" USING btree ("contact_id","purpose","recorded_at");--> statement-breakpoint
CREATE INDEX "retention_runs_rule_idx" ON "retention_runs" USING btree ("rule","at");--> statement-breakpoint
-- The purposes of issue 15 and the retention schedule's three rules (off until an administrator turns them on).
INSERT INTO "consent_purposes" ("key", "name", "description", "lawful_basis", "data_held") VALUES
  ('events', 'Events and invitations', 'Invitations to forums, seminars, roadshows and other engagement activities', 'legitimate_interests', 'Name, work e-mail address, affiliation and role; registrations and attendance'),
  ('surveys', 'Surveys', 'Relationship surveys sent by a private link', 'legitimate_interests', 'Name, work e-mail address, affiliation; survey answers'),
  ('newsletters', 'Newsletters', 'News and updates from the university', 'consent', 'Name and e-mail address'),
  ('research_collaboration', 'Research collaboration', 'Approaches about joint research, knowledge transfer and funding bids', 'legitimate_interests', 'Name, work contact details, job title, touch points')
ON CONFLICT DO NOTHING;--> statement-breakpoint
INSERT INTO "retention_rules" ("key", "years", "enabled") VALUES
  ('touchpoint_notes', 6, false),
  ('unlinked_contacts', 3, false),
  ('dormant_partners', 3, false)
ON CONFLICT DO NOTHING;
