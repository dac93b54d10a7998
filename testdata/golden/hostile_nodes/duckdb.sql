-- e.from('it''s').to('a\b').visited('--;').exclude('/*x*/')
SELECT
  count(*) FILTER (WHERE first_it_s IS NOT NULL AND at_node = 1 AND at_x = 0) AS "trials",
  count(*) FILTER (WHERE first_it_s IS NOT NULL AND at_node = 1 AND at_x = 0 AND last_a_b >= first_it_s) AS "successes"
FROM (
  SELECT
    *,
    (visited_flags >> 0) & 1 AS at_node,
    (visited_flags >> 1) & 1 AS at_x
  FROM (
    SELECT
      min(CASE WHEN "node_slug" = 'it''s' THEN "created_at" END) AS first_it_s,
      max(CASE WHEN "node_slug" = 'a\b' THEN "created_at" END) AS last_a_b,
      bit_or(CASE "node_slug" WHEN '--;' THEN 1 WHEN '/*x*/' THEN 2 ELSE 0 END) AS visited_flags
    FROM "events"
    WHERE "created_at" >= ?
      AND "created_at" < ?
      AND "node_slug" IN ('it''s', 'a\b', '--;', '/*x*/')
    GROUP BY "user_id", "session_id"
  ) AS flagged
) AS units;
