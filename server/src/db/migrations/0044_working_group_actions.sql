CREATE TABLE "working_group_actions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"activity_id" uuid NOT NULL,
	"meeting_starts_at" timestamp (3) with time zone NOT NULL,
	"title" text NOT NULL,
	"member_id" uuid NOT NULL,
	"due_on" date,
	"done_at" timestamp (3) with time zone,
	"task_id" uuid,
	"created_by_id" uuid NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "working_group_actions" ADD CONSTRAINT "working_group_actions_activity_id_activities_id_fk" FOREIGN KEY ("activity_id") REFERENCES "public"."activities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "working_group_actions" ADD CONSTRAINT "working_group_actions_member_id_working_group_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."working_group_members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "working_group_actions" ADD CONSTRAINT "working_group_actions_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."tasks"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "working_group_actions" ADD CONSTRAINT "working_group_actions_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "working_group_actions_activity_idx" ON "working_group_actions" USING btree ("activity_id","meeting_starts_at");--> statement-breakpoint
CREATE INDEX "working_group_actions_member_idx" ON "working_group_actions" USING btree ("member_id");--> statement-breakpoint
CREATE INDEX "working_group_actions_task_idx" ON "working_group_actions" USING btree ("task_id");