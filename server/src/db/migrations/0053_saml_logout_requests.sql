ALTER TABLE "sign_on_sessions" ADD COLUMN "saml_subject_hash" text;--> statement-breakpoint
ALTER TABLE "sign_on_sessions" ADD COLUMN "saml_session_index_hash" text;--> statement-breakpoint
CREATE INDEX "sign_on_sessions_saml_subject_idx" ON "sign_on_sessions" USING btree ("provider_key","saml_subject_hash");