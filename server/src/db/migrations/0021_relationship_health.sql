CREATE TABLE "health_rules" (
	"version" integer PRIMARY KEY NOT NULL,
	"weights" jsonb NOT NULL,
	"created_by_id" uuid,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "relationship_health" (
	"relationship_id" uuid NOT NULL,
	"audience" text NOT NULL,
	"score" smallint,
	"parts" jsonb NOT NULL,
	"rule_version" integer NOT NULL,
	"has_confidential" boolean DEFAULT false NOT NULL,
	"computed_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "relationship_health_relationship_id_audience_pk" PRIMARY KEY("relationship_id","audience")
);
--> statement-breakpoint
CREATE TABLE "relationship_health_snapshots" (
	"relationship_id" uuid NOT NULL,
	"audience" text NOT NULL,
	"day" date NOT NULL,
	"score" smallint,
	"rule_version" integer NOT NULL,
	CONSTRAINT "relationship_health_snapshots_relationship_id_audience_day_pk" PRIMARY KEY("relationship_id","audience","day")
);
--> statement-breakpoint
ALTER TABLE "health_rules" ADD CONSTRAINT "health_rules_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "relationship_health" ADD CONSTRAINT "relationship_health_relationship_id_relationships_id_fk" FOREIGN KEY ("relationship_id") REFERENCES "public"."relationships"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "relationship_health_snapshots" ADD CONSTRAINT "relationship_health_snapshots_relationship_id_relationships_id_fk" FOREIGN KEY ("relationship_id") REFERENCES "public"."relationships"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "relationship_health_snapshots_day_idx" ON "relationship_health_snapshots" USING btree ("day");