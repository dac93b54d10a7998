-- e.from(pricing).to(pricing).within(1h).by(day)
SELECT
  CAST(date_trunc('day', first_pricing) AS DATE) AS "period",
  count(*) FILTER (WHERE first_pricing IS NOT NULL AND mature_pricing_within_1h = 1) AS "trials",
  count(*) FILTER (WHERE first_pricing IS NOT NULL AND mature_pricing_within_1h = 1 AND (count_pricing_within_1h >= 2 OR count_pricing_within_1h >= 1 AND first_pricing_only = first_pricing)) AS "successes",
  count(*) FILTER (WHERE first_pricing IS NOT NULL AND mature_pricing_within_1h = 0) AS "immature"
FROM (
  SELECT
    min(CASE WHEN "node_slug" = 'pricing' AND "created_at" < ? THEN "created_at" END) AS first_pricing,
    count(*) FILTER (WHERE "node_slug" = 'pricing' AND "created_at" >= anchor_first_pricing AND "created_at" <= anchor_first_pricing + INTERVAL '3600' SECOND) AS count_pricing_within_1h,
    min(CASE WHEN "node_slug" = 'pricing' AND "created_at" < ? AND CASE WHEN "node_slug" = 'pricing' THEN 0 ELSE 1 END = 1 THEN "created_at" END) AS first_pricing_only,
    max(CASE WHEN "node_slug" = 'pricing' AND "created_at" < ? AND "created_at" + INTERVAL '3600' SECOND < ? THEN 1 ELSE 0 END) AS mature_pricing_within_1h
  FROM (
    SELECT
      "user_id",
      "session_id",
      "created_at",
      "node_slug",
      min(CASE WHEN "node_slug" = 'pricing' AND "created_at" < ? THEN "created_at" END) OVER (PARTITION BY "user_id", "session_id") AS anchor_first_pricing
    FROM "events"
    WHERE "created_at" >= ?
      AND "created_at" < ?
      AND "node_slug" = 'pricing'
  ) AS ev
  GROUP BY "user_id", "session_id"
) AS units
WHERE first_pricing IS NOT NULL
GROUP BY CAST(date_trunc('day', first_pricing) AS DATE)
ORDER BY "period";
