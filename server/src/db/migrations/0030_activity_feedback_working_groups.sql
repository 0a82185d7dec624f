CREATE TABLE "activity_feedback" (
	"id" uuid PRIMARY KEY NOT NULL,
	"activity_id" uuid NOT NULL,
	"invitation_id" uuid,
	"user_id" uuid,
	"rating" smallint NOT NULL,
	"useful" text,
	"change" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "activity_feedback_rating_range" CHECK ("activity_feedback"."rating" between 1 and 5),
	CONSTRAINT "activity_feedback_one_author" CHECK (num_nonnulls("activity_feedback"."invitation_id", "activity_feedback"."user_id") = 1)
);
--> statement-breakpoint
CREATE TABLE "working_group_members" (
	"id" uuid PRIMARY KEY NOT NULL,
	"activity_id" uuid NOT NULL,
	"contact_id" uuid,
	"partner_id" uuid,
	"user_id" uuid,
	"role" text,
	"joined_on" date NOT NULL,
	"left_on" date,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "working_group_members_one_person" CHECK (("working_group_members"."contact_id" is not null and "working_group_members"."partner_id" is not null and "working_group_members"."user_id" is null) or ("working_group_members"."contact_id" is null and "working_group_members"."partner_id" is null and "working_group_members"."user_id" is not null)),
	CONSTRAINT "working_group_members_left_after_joined" CHECK ("working_group_members"."left_on" is null or "working_group_members"."left_on" >= "working_group_members"."joined_on")
);
--> statement-breakpoint
ALTER TABLE "activity_feedback" ADD CONSTRAINT "activity_feedback_activity_id_activities_id_fk" FOREIGN KEY ("activity_id") REFERENCES "public"."activities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activity_feedback" ADD CONSTRAINT "activity_feedback_invitation_id_activity_invitations_id_fk" FOREIGN KEY ("invitation_id") REFERENCES "public"."activity_invitations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activity_feedback" ADD CONSTRAINT "activity_feedback_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "working_group_members" ADD CONSTRAINT "working_group_members_activity_id_activities_id_fk" FOREIGN KEY ("activity_id") REFERENCES "public"."activities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "working_group_members" ADD CONSTRAINT "working_group_members_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "working_group_members" ADD CONSTRAINT "working_group_members_partner_id_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partners"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "working_group_members" ADD CONSTRAINT "working_group_members_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "activity_feedback_invitation_key" ON "activity_feedback" USING btree ("invitation_id");--> statement-breakpoint
CREATE UNIQUE INDEX "activity_feedback_user_key" ON "activity_feedback" USING btree ("activity_id","user_id");--> statement-breakpoint
CREATE INDEX "activity_feedback_activity_idx" ON "activity_feedback" USING btree ("activity_id","created_at");--> statement-breakpoint
CREATE INDEX "working_group_members_activity_idx" ON "working_group_members" USING btree ("activity_id","joined_on");--> statement-breakpoint
CREATE INDEX "working_group_members_contact_idx" ON "working_group_members" USING btree ("contact_id");--> statement-breakpoint
CREATE INDEX "working_group_members_partner_idx" ON "working_group_members" USING btree ("partner_id");