CREATE TABLE "duplicate_dismissals" (
	"id" uuid PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"first_id" uuid NOT NULL,
	"second_id" uuid NOT NULL,
	"dismissed_by_id" uuid NOT NULL,
	"dismissed_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "duplicate_dismissals_in_order" CHECK ("duplicate_dismissals"."first_id" < "duplicate_dismissals"."second_id")
);
--> statement-breakpoint
CREATE TABLE "merges" (
	"id" uuid PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"survivor_id" uuid NOT NULL,
	"merged_ids" uuid[] NOT NULL,
	"survivor_before" jsonb NOT NULL,
	"survivor_after" jsonb NOT NULL,
	"records" jsonb NOT NULL,
	"steps" jsonb NOT NULL,
	"merged_by_id" uuid NOT NULL,
	"merged_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"unmerged_at" timestamp (3) with time zone,
	"unmerged_by_id" uuid
);
--> statement-breakpoint
ALTER TABLE "duplicate_dismissals" ADD CONSTRAINT "duplicate_dismissals_dismissed_by_id_users_id_fk" FOREIGN KEY ("dismissed_by_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "merges" ADD CONSTRAINT "merges_merged_by_id_users_id_fk" FOREIGN KEY ("merged_by_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "merges" ADD CONSTRAINT "merges_unmerged_by_id_users_id_fk" FOREIGN KEY ("unmerged_by_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "duplicate_dismissals_pair_key" ON "duplicate_dismissals" USING btree ("kind","first_id","second_id");--> statement-breakpoint
CREATE INDEX "duplicate_dismissals_second_idx" ON "duplicate_dismissals" USING btree ("second_id");--> statement-breakpoint
CREATE INDEX "merges_survivor_idx" ON "merges" USING btree ("survivor_id","merged_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "merges_merged_idx" ON "merges" USING gin ("merged_ids");