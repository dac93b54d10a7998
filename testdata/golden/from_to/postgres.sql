-- e.from(homepage).to(pricing)
SELECT
  count(*) FILTER (WHERE first_homepage IS NOT NULL) AS "trials",
  count(*) FILTER (WHERE first_homepage IS NOT NULL AND last_pricing >= first_homepage) AS "successes"
FROM (
  SELECT
    min(CASE WHEN "node_slug" = 'homepage' THEN "created_at" END) AS first_homepage,
    max(CASE WHEN "node_slug" = 'pricing' THEN "created_at" END) AS last_pricing
  FROM "events"
  WHERE "created_at" >= $1
    AND "created_at" < $2
    AND "node_slug" IN ('homepage', 'pricing')
  GROUP BY "user_id", "session_id"
) AS units;
