-- Issue 18: survey results become a part of the health score. Adding a part is a change of rule,
-- so it gets a new version and every score and daily point computed before keeps its version.
-- The first rule is written down if no administrator ever replaced it (as addRuleVersion does).
INSERT INTO "health_rules" ("version", "weights", "created_by_id")
SELECT 1, '{"contact":30,"requests":20,"escalations":20,"sentiment":20,"activities":10}'::jsonb, NULL
WHERE NOT EXISTS (SELECT 1 FROM "health_rules");--> statement-breakpoint
-- The earlier versions had no survey part: it is written down as weighed 0, which is what they did.
UPDATE "health_rules" SET "weights" = "weights" || '{"surveys":0}'::jsonb WHERE NOT ("weights" ? 'surveys');--> statement-breakpoint
-- The new version: the rule in force, with survey results weighed 10.
INSERT INTO "health_rules" ("version", "weights", "created_by_id")
SELECT "version" + 1, "weights" || '{"surveys":10}'::jsonb, NULL
FROM "health_rules" ORDER BY "version" DESC LIMIT 1;
