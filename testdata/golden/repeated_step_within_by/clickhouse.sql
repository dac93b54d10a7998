-- e.from(pricing).to(pricing).within(1h).by(day)
SELECT
  toDate(first_pricing) AS "period",
  countIf(ifNull(first_pricing IS NOT NULL, 0)) AS "trials",
  countIf(ifNull(first_pricing IS NOT NULL AND arrayCount(t -> t >= assumeNotNull(first_pricing) AND t <= addSeconds(assumeNotNull(first_pricing), 3600), count_pricing_within_1h) >= 2, 0)) AS "successes"
FROM (
  SELECT
    min(CASE WHEN "node_slug" = 'pricing' THEN "created_at" END) AS first_pricing,
    groupArrayIf("created_at", "node_slug" = 'pricing') AS count_pricing_within_1h
  FROM "events"
  WHERE "created_at" >= ?
    AND "created_at" < ?
    AND "node_slug" = 'pricing'
  GROUP BY "user_id", "session_id"
) AS units
WHERE first_pricing IS NOT NULL
GROUP BY toDate(first_pricing)
ORDER BY "period";
