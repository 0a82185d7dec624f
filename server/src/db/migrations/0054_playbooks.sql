CREATE TABLE "playbook_run_steps" (
	"id" uuid PRIMARY KEY NOT NULL,
	"run_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"title" text NOT NULL,
	"completes_when" text NOT NULL,
	"touchpoint_kind" text,
	"ticked_at" timestamp (3) with time zone,
	"ticked_by_id" uuid,
	"evidence" text,
	CONSTRAINT "playbook_run_steps_tick" CHECK (("playbook_run_steps"."ticked_at" is null) = ("playbook_run_steps"."evidence" is null))
);
--> statement-breakpoint
CREATE TABLE "playbook_runs" (
	"id" uuid PRIMARY KEY NOT NULL,
	"relationship_id" uuid NOT NULL,
	"manager_id" uuid,
	"reason" text NOT NULL,
	"started_by_event" bigint,
	"started_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "playbook_runs_started_by_event_unique" UNIQUE("started_by_event")
);
--> statement-breakpoint
CREATE TABLE "playbook_steps" (
	"id" uuid PRIMARY KEY NOT NULL,
	"partner_type_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"title" text NOT NULL,
	"completes_when" text NOT NULL,
	"touchpoint_kind" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "playbook_steps_touchpoint_kind" CHECK (("playbook_steps"."completes_when" = 'touchpoint') = ("playbook_steps"."touchpoint_kind" is not null))
);
--> statement-breakpoint
ALTER TABLE "playbook_run_steps" ADD CONSTRAINT "playbook_run_steps_run_id_playbook_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."playbook_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "playbook_run_steps" ADD CONSTRAINT "playbook_run_steps_ticked_by_id_users_id_fk" FOREIGN KEY ("ticked_by_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "playbook_runs" ADD CONSTRAINT "playbook_runs_relationship_id_relationships_id_fk" FOREIGN KEY ("relationship_id") REFERENCES "public"."relationships"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "playbook_runs" ADD CONSTRAINT "playbook_runs_manager_id_users_id_fk" FOREIGN KEY ("manager_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "playbook_steps" ADD CONSTRAINT "playbook_steps_partner_type_id_partner_types_id_fk" FOREIGN KEY ("partner_type_id") REFERENCES "public"."partner_types"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "playbook_run_steps_run_idx" ON "playbook_run_steps" USING btree ("run_id","position");--> statement-breakpoint
CREATE INDEX "playbook_runs_relationship_idx" ON "playbook_runs" USING btree ("relationship_id","started_at");--> statement-breakpoint
CREATE INDEX "playbook_steps_type_idx" ON "playbook_steps" USING btree ("partner_type_id","position");--> statement-breakpoint
INSERT INTO "playbook_steps" ("id", "partner_type_id", "position", "title", "completes_when", "touchpoint_kind")
SELECT gen_random_uuid(), pt.id, s.position, s.title, s.completes_when, s.touchpoint_kind
FROM "partner_types" pt
CROSS JOIN (VALUES
  (1, 'Hold an introductory meeting', 'touchpoint', 'meeting'),
  (2, 'Agree the communication plan', 'communication_plan', NULL),
  (3, 'Exchange information about each other''s services and practices', 'by_hand', NULL),
  (4, 'Name the peer pairs', 'peer_pairs', NULL),
  (5, 'Set the first review date', 'review', NULL)
) AS s(position, title, completes_when, touchpoint_kind);
