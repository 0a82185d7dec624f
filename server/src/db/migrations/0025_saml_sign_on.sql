CREATE TABLE "saml_used_ids" (
	"id" text PRIMARY KEY NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "sign_on_attempts" ALTER COLUMN "nonce" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "sign_on_attempts" ALTER COLUMN "code_verifier" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "sign_on_providers" ALTER COLUMN "client_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "sign_on_providers" ALTER COLUMN "scopes" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "sign_on_attempts" ADD COLUMN "verified" text;--> statement-breakpoint
ALTER TABLE "sign_on_providers" ADD COLUMN "sso_url" text;--> statement-breakpoint
ALTER TABLE "sign_on_providers" ADD COLUMN "slo_url" text;--> statement-breakpoint
ALTER TABLE "sign_on_providers" ADD COLUMN "idp_certificates" text[];--> statement-breakpoint
ALTER TABLE "sign_on_sessions" ADD COLUMN "logout_hint_encrypted" text;--> statement-breakpoint
CREATE INDEX "saml_used_ids_expires_idx" ON "saml_used_ids" USING btree ("expires_at");--> statement-breakpoint
ALTER TABLE "sign_on_sessions" DROP COLUMN "id_token";