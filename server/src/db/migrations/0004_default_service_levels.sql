-- Default service levels (working hours) per request kind and priority; administrators can change them.
INSERT INTO "service_levels" ("id", "kind", "priority", "first_response_hours", "resolve_hours")
SELECT gen_random_uuid(), k.kind, p.priority, p.first_response, k.factor * p.resolve
FROM (VALUES ('incident', 1), ('enhancement', 4), ('enquiry', 1), ('complaint', 2), ('dispute', 2), ('concern', 2))
       AS k(kind, factor),
     (VALUES ('critical', 1, 8), ('high', 4, 24), ('normal', 8, 60), ('low', 16, 120))
       AS p(priority, first_response, resolve)
ON CONFLICT DO NOTHING;
--> statement-breakpoint
-- The working week the service-level clocks run in: Monday to Friday, 09:00 to 17:00, UK time.
INSERT INTO "settings" ("key", "value") VALUES
  ('working_week', '{"timeZone": "Europe/London", "days": [1, 2, 3, 4, 5], "start": "09:00", "end": "17:00"}')
ON CONFLICT DO NOTHING;
