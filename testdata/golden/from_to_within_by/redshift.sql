-- e.from(pricing).to(signup).within(30m).by(day)
SELECT
  CAST(DATE_TRUNC('day', first_pricing) AS DATE) AS "period",
  count(CASE WHEN first_pricing IS NOT NULL AND mature_pricing_within_30m = 1 THEN 1 END) AS "trials",
  count(CASE WHEN first_pricing IS NOT NULL AND mature_pricing_within_30m = 1 AND reached_signup_within_30m = 1 THEN 1 END) AS "successes",
  count(CASE WHEN first_pricing IS NOT NULL AND mature_pricing_within_30m = 0 THEN 1 END) AS "immature"
FROM (
  SELECT
    min(CASE WHEN "node_slug" = 'pricing' AND "created_at" < $1 THEN "created_at" END) AS first_pricing,
    max(CASE WHEN "node_slug" = 'signup' AND "created_at" >= anchor_first_pricing AND "created_at" <= DATEADD(second, 1800, anchor_first_pricing) THEN 1 ELSE 0 END) AS reached_signup_within_30m,
    max(CASE WHEN "node_slug" = 'pricing' AND "created_at" < $1 AND DATEADD(second, 1800, "created_at") < $2 THEN 1 ELSE 0 END) AS mature_pricing_within_30m
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
GROUP BY CAST(DATE_TRUNC('day', first_pricing) AS DATE)
ORDER BY "period";
