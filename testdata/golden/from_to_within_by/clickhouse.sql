-- e.from(pricing).to(signup).within(30m).by(day)
SELECT
  toDate(first_pricing) AS "period",
  countIf(ifNull(first_pricing IS NOT NULL AND mature_pricing_within_30m = 1, 0)) AS "trials",
  countIf(ifNull(first_pricing IS NOT NULL AND mature_pricing_within_30m = 1 AND arrayExists(t -> t >= assumeNotNull(first_pricing) AND t <= addSeconds(assumeNotNull(first_pricing), 1800), reached_signup_within_30m), 0)) AS "successes",
  countIf(ifNull(first_pricing IS NOT NULL AND mature_pricing_within_30m = 0, 0)) AS "immature"
FROM (
  SELECT
    min(CASE WHEN "node_slug" = 'pricing' AND "created_at" < ? THEN "created_at" END) AS first_pricing,
    groupArrayIf("created_at", "node_slug" = 'signup') AS reached_signup_within_30m,
    max(CASE WHEN "node_slug" = 'pricing' AND "created_at" < ? AND addSeconds("created_at", 1800) < ? THEN 1 ELSE 0 END) AS mature_pricing_within_30m
  FROM "events"
  WHERE "created_at" >= ?
    AND "created_at" < ?
    AND "node_slug" IN ('pricing', 'signup')
  GROUP BY "user_id", "session_id"
) AS units
WHERE first_pricing IS NOT NULL
GROUP BY toDate(first_pricing)
ORDER BY "period";
