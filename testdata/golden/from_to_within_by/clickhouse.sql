-- e.from(pricing).to(signup).within(30m).by(day)
SELECT
  toDate(first_pricing) AS "period",
  countIf(ifNull(first_pricing IS NOT NULL, 0)) AS "trials",
  countIf(ifNull(first_pricing IS NOT NULL AND arrayExists(t -> t >= assumeNotNull(first_pricing) AND t <= addSeconds(assumeNotNull(first_pricing), 1800), reached_signup_within_30m), 0)) AS "successes"
FROM (
  SELECT
    min(CASE WHEN "node_slug" = 'pricing' THEN "created_at" END) AS first_pricing,
    groupArrayIf("created_at", "node_slug" = 'signup') AS reached_signup_within_30m
  FROM "events"
  WHERE "created_at" >= ?
    AND "created_at" < ?
    AND "node_slug" IN ('pricing', 'signup')
  GROUP BY "user_id", "session_id"
) AS units
WHERE first_pricing IS NOT NULL
GROUP BY toDate(first_pricing)
ORDER BY "period";
