CREATE TABLE "dispute_outcome_mail" (
	"procedure_id" uuid PRIMARY KEY NOT NULL,
	"token" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"emailed_at" timestamp (3) with time zone
);
--> statement-breakpoint
ALTER TABLE "agreement_changes" ADD COLUMN "partner_notice" text;--> statement-breakpoint
ALTER TABLE "agreement_changes" ADD COLUMN "partner_notice_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "dispute_outcome_mail" ADD CONSTRAINT "dispute_outcome_mail_procedure_id_dispute_procedures_id_fk" FOREIGN KEY ("procedure_id") REFERENCES "public"."dispute_procedures"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "dispute_outcome_mail_unsent_idx" ON "dispute_outcome_mail" USING btree ("created_at") WHERE token is not null;--> statement-breakpoint
CREATE INDEX "agreement_changes_notice_idx" ON "agreement_changes" USING btree ("proposed_at") WHERE partner_notice = 'pending';--> statement-breakpoint
-- hand-written: the purpose under which Rapport e-mails a partner's contact about the arrangement itself (issue 17: changes to an agreement that affect them, a dispute's outcome to acknowledge).
INSERT INTO "consent_purposes" ("key", "name", "description", "lawful_basis", "data_held") VALUES
  ('arrangements', 'Our arrangements', 'Changes to an agreement with the partner, and the outcome of a dispute to acknowledge', 'contract', 'Name, work e-mail address, affiliation; the agreement''s terms and the dispute''s outcome')
ON CONFLICT DO NOTHING;
