CREATE TABLE "sign_on_attempts" (
	"id" text PRIMARY KEY NOT NULL,
	"provider_key" text NOT NULL,
	"state" text NOT NULL,
	"nonce" text NOT NULL,
	"code_verifier" text NOT NULL,
	"return_to" text,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sign_on_providers" (
	"id" uuid PRIMARY KEY NOT NULL,
	"key" text NOT NULL,
	"name" text NOT NULL,
	"protocol" text NOT NULL,
	"issuer" text NOT NULL,
	"client_id" text NOT NULL,
	"client_secret_encrypted" text,
	"scopes" text NOT NULL,
	"enabled" boolean NOT NULL,
	"link_by_verified_email" boolean NOT NULL,
	"default_role" text NOT NULL,
	"default_unit_id" uuid,
	"rules" jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sign_on_sessions" (
	"session_id" text PRIMARY KEY NOT NULL,
	"provider_key" text NOT NULL,
	"id_token" text
);
--> statement-breakpoint
ALTER TABLE "sign_on_providers" ADD CONSTRAINT "sign_on_providers_default_unit_id_units_id_fk" FOREIGN KEY ("default_unit_id") REFERENCES "public"."units"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sign_on_sessions" ADD CONSTRAINT "sign_on_sessions_session_id_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sign_on_attempts_expires_idx" ON "sign_on_attempts" USING btree ("expires_at");--> statement-breakpoint
CREATE UNIQUE INDEX "sign_on_providers_key_key" ON "sign_on_providers" USING btree ("key");