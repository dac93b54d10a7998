-- e.from(pricing).to(pricing).within(1h).by(day)
SELECT
  toDate(first_pricing) AS "period",
  countIf(ifNull(first_pricing IS NOT NULL AND mature_pricing_within_1h = 1, 0)) AS "trials",
  countIf(ifNull(first_pricing IS NOT NULL AND mature_pricing_within_1h = 1 AND (arrayCount(t -> t >= assumeNotNull(first_pricing) AND t <= addSeconds(assumeNotNull(first_pricing), 3600), count_pricing_within_1h) >= 2 OR arrayCount(t -> t >= assumeNotNull(first_pricing) AND t <= addSeconds(assumeNotNull(first_pricing), 3600), count_pricing_within_1h) >= 1 AND first_pricing_only = first_pricing), 0)) AS "successes",
  countIf(ifNull(first_pricing IS NOT NULL AND mature_pricing_within_1h = 0, 0)) AS "immature"
FROM (
  SELECT
    min(CASE WHEN "node_slug" = 'pricing' AND "created_at" < ? THEN "created_at" END) AS first_pricing,
    groupArrayIf("created_at", "node_slug" = 'pricing') AS count_pricing_within_1h,
    min(CASE WHEN "node_slug" = 'pricing' AND "created_at" < ? AND CASE WHEN "node_slug" = 'pricing' THEN 0 ELSE 1 END = 1 THEN "created_at" END) AS first_pricing_only,
    max(CASE WHEN "node_slug" = 'pricing' AND "created_at" < ? AND addSeconds("created_at", 3600) < ? THEN 1 ELSE 0 END) AS mature_pricing_within_1h
  FROM "events"
  WHERE "created_at" >= ?
    AND "created_at" < ?
    AND "node_slug" = 'pricing'
  GROUP BY "user_id", "session_id"
) AS units
WHERE first_pricing IS NOT NULL
GROUP BY toDate(first_pricing)
ORDER BY "period";
