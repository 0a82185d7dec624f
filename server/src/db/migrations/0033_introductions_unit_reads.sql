CREATE TABLE "unit_reads" (
	"reader_unit_id" uuid NOT NULL,
	"owner_unit_id" uuid NOT NULL,
	"month" date NOT NULL,
	"reads" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "unit_reads_reader_unit_id_owner_unit_id_month_pk" PRIMARY KEY("reader_unit_id","owner_unit_id","month")
);
--> statement-breakpoint
CREATE TABLE "introduction_requests" (
	"id" uuid PRIMARY KEY NOT NULL,
	"partner_id" uuid NOT NULL,
	"asked_by_id" uuid NOT NULL,
	"colleague_id" uuid NOT NULL,
	"message" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "unit_reads" ADD CONSTRAINT "unit_reads_reader_unit_id_units_id_fk" FOREIGN KEY ("reader_unit_id") REFERENCES "public"."units"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unit_reads" ADD CONSTRAINT "unit_reads_owner_unit_id_units_id_fk" FOREIGN KEY ("owner_unit_id") REFERENCES "public"."units"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "introduction_requests" ADD CONSTRAINT "introduction_requests_partner_id_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partners"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "introduction_requests" ADD CONSTRAINT "introduction_requests_asked_by_id_users_id_fk" FOREIGN KEY ("asked_by_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "introduction_requests" ADD CONSTRAINT "introduction_requests_colleague_id_users_id_fk" FOREIGN KEY ("colleague_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "unit_reads_month_idx" ON "unit_reads" USING btree ("month");--> statement-breakpoint
CREATE INDEX "introduction_requests_partner_idx" ON "introduction_requests" USING btree ("partner_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "introduction_requests_colleague_idx" ON "introduction_requests" USING btree ("colleague_id","created_at" DESC NULLS LAST);