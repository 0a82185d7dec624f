ALTER TABLE "escalations" ADD COLUMN "named_user_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL;--> statement-breakpoint
ALTER TABLE "requests" ADD COLUMN "clock_paused_at" timestamp (3) with time zone;--> statement-breakpoint
-- The rules the senior view uses to flag what needs attention before anyone asks (see README).
INSERT INTO "settings" ("key", "value") VALUES
  ('attention_rules', '{"approachingFraction": 0.75, "cadenceOverdueFactor": 2, "sentimentWindowDays": 90, "sentimentMinTouchpoints": 3, "sentimentThreshold": -0.5, "disputeOpenDays": 14}')
ON CONFLICT DO NOTHING;
