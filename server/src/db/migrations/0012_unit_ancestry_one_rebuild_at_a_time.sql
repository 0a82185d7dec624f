-- The closure table is rebuilt whole after each statement that adds or moves units. Two such
-- statements at once (two administrators adding units) each deleted the rows they could see and
-- then inserted the whole tree, so the second collided with the rows the first had just added
-- (23505 on unit_ancestry). Rebuilds now take the table's lock first, one at a time; readers are
-- not blocked, and the rebuild that waited sees the other's units when it runs.
CREATE OR REPLACE FUNCTION "rebuild_unit_ancestry"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	LOCK TABLE "unit_ancestry" IN EXCLUSIVE MODE;
	DELETE FROM "unit_ancestry";
	INSERT INTO "unit_ancestry" ("ancestor_id", "unit_id", "depth")
	WITH RECURSIVE tree AS (
		SELECT "id" AS ancestor_id, "id" AS unit_id, 0 AS depth FROM "units"
		UNION ALL
		SELECT tree.ancestor_id, u."id", tree.depth + 1 FROM tree JOIN "units" u ON u."parent_id" = tree.unit_id
	)
	SELECT ancestor_id, unit_id, depth FROM tree;
	RETURN NULL;
END;
$$;
