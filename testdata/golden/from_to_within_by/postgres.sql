-- e.from(pricing).to(signup).within(30m).by(day)
SELECT
  CAST(date_trunc('day', first_pricing) AS DATE) AS "period",
  count(*) FILTER (WHERE first_pricing IS NOT NULL AND mature_pricing_within_30m = 1) AS "trials",
  count(*) FILTER (WHERE first_pricing IS NOT NULL AND mature_pricing_within_30m = 1 AND reached_signup_within_30m = 1) AS "successes",
  count(*) FILTER (WHERE first_pricing IS NOT NULL AND mature_pricing_within_30m = 0) AS "immature"
FROM (
  SELECT
    min(CASE WHEN "node_slug" = 'pricing' AND "created_at" < $1 THEN "created_at" END) AS first_pricing,
    max(CASE WHEN "node_slug" = 'signup' AND "created_at" >= anchor_first_pricing AND "created_at" <= anchor_first_pricing + INTERVAL '1800 seconds' THEN 1 ELSE 0 END) AS reached_signup_within_30m,
    max(CASE WHEN "node_slug" = 'pricing' AND "created_at" < $1 AND "created_at" + INTERVAL '1800 seconds' < $2 THEN 1 ELSE 0 END) AS mature_pricing_within_30m
  FROM (
    SELECT
      "user_id",
      "session_id",
      "created_at",
      "node_slug",
      min(CASE WHEN "node_slug" = 'pricing' AND "created_at" < $1 THEN "created_at" END) OVER (PARTITION BY "user_id", "session_id") AS anchor_first_pricing
    FROM "events"
    WHERE "created_at" >= $3
      AND "created_at" < $2
      AND "node_slug" IN ('pricing', 'signup')
  ) AS ev
  GROUP BY "user_id", "session_id"
) AS units
WHERE first_pricing IS NOT NULL
GROUP BY CAST(date_trunc('day', first_pricing) AS DATE)
ORDER BY "period";
