-- The partner types of PRODUCT.md section 2; administrators can rename, describe or add to them.
INSERT INTO "partner_types" ("id", "name", "description") VALUES
  (gen_random_uuid(), 'Academic School', 'An academic School or department of the university served by central services'),
  (gen_random_uuid(), 'Employer', 'An organisation that employs graduates or offers placements'),
  (gen_random_uuid(), 'Business', 'A company the university works with on research, consultancy or knowledge exchange'),
  (gen_random_uuid(), 'Funder', 'A research council, trust or other body that funds the university''s work'),
  (gen_random_uuid(), 'School or College', 'A school or further-education college: outreach, recruitment and partnerships'),
  (gen_random_uuid(), 'Public body', 'A local authority, NHS trust, government department or agency'),
  (gen_random_uuid(), 'Charity or Community group', 'A charity, voluntary or community organisation'),
  (gen_random_uuid(), 'Alumni group', 'A group or chapter of the university''s alumni'),
  (gen_random_uuid(), 'Supplier', 'An organisation that supplies goods or services to the university'),
  (gen_random_uuid(), 'International partner', 'A university or organisation abroad the university partners with')
ON CONFLICT DO NOTHING;
