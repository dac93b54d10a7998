-- e.from(pricing).to(pricing).excludeBetween(docs).by(week)
SELECT
  toMonday(first_pricing) AS "period",
  countIf(ifNull(first_pricing IS NOT NULL, 0)) AS "trials",
  countIf(ifNull(first_pricing IS NOT NULL AND (arrayCount(t -> t >= assumeNotNull(first_pricing) AND t <= addSeconds(assumeNotNull(first_pricing), 0), count_pricing_at_anchor) >= 2 OR if(notEmpty(arrayFilter(t -> t > assumeNotNull(first_pricing), next_pricing)), arrayReduce('min', arrayFilter(t -> t > assumeNotNull(first_pricing), next_pricing)), NULL) IS NOT NULL AND CASE WHEN if(notEmpty(arrayFilter(t -> t > assumeNotNull(first_pricing), next_pricing)), arrayReduce('min', arrayFilter(t -> t > assumeNotNull(first_pricing), next_pricing)), NULL) > if(notEmpty(arrayFilter(t -> t > assumeNotNull(first_pricing), next_between_excluded)), arrayReduce('min', arrayFilter(t -> t > assumeNotNull(first_pricing), next_between_excluded)), NULL) THEN 0 ELSE 1 END = 1), 0)) AS "successes"
FROM (
  SELECT
    min(CASE WHEN "node_slug" = 'pricing' THEN "created_at" END) AS first_pricing,
    groupArrayIf("created_at", "node_slug" = 'pricing') AS count_pricing_at_anchor,
    groupArrayIf("created_at", "node_slug" = 'pricing') AS next_pricing,
    groupArrayIf("created_at", "node_slug" = 'docs') AS next_between_excluded
  FROM "events"
  WHERE "created_at" >= ?
    AND "created_at" < ?
    AND "node_slug" IN ('pricing', 'docs')
  GROUP BY "user_id", "session_id"
) AS units
WHERE first_pricing IS NOT NULL
GROUP BY toMonday(first_pricing)
ORDER BY "period";
