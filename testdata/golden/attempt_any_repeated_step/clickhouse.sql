-- e.from(pricing).to(pricing).attempt(any).within(1h)
SELECT
  countIf(ifNull(first_pricing IS NOT NULL AND mature_pricing_within_1h = 1, 0)) AS "trials",
  countIf(ifNull(first_pricing IS NOT NULL AND mature_pricing_within_1h = 1 AND converts_pricing_within_1h IS NOT NULL, 0)) AS "successes",
  countIf(ifNull(first_pricing IS NOT NULL AND mature_pricing_within_1h = 0, 0)) AS "immature"
FROM (
  SELECT
    min(CASE WHEN "node_slug" = 'pricing' AND "created_at" < ? THEN "created_at" END) AS first_pricing,
    if(notEmpty(arrayConcat(arrayFilter(f -> arrayExists(t -> t >= f AND t <= addSeconds(f, 3600), groupArrayIf("created_at", "node_slug" = 'pricing')), groupArrayIf("created_at", "node_slug" = 'pricing' AND "created_at" < ? AND CASE WHEN "node_slug" = 'pricing' THEN 0 ELSE 1 END = 1)), arrayFilter(f -> arrayCount(t -> t >= f AND t <= addSeconds(f, 3600), groupArrayIf("created_at", "node_slug" = 'pricing')) >= 2, groupArrayIf("created_at", "node_slug" = 'pricing' AND "created_at" < ? AND "node_slug" = 'pricing')))), arrayReduce('min', arrayConcat(arrayFilter(f -> arrayExists(t -> t >= f AND t <= addSeconds(f, 3600), groupArrayIf("created_at", "node_slug" = 'pricing')), groupArrayIf("created_at", "node_slug" = 'pricing' AND "created_at" < ? AND CASE WHEN "node_slug" = 'pricing' THEN 0 ELSE 1 END = 1)), arrayFilter(f -> arrayCount(t -> t >= f AND t <= addSeconds(f, 3600), groupArrayIf("created_at", "node_slug" = 'pricing')) >= 2, groupArrayIf("created_at", "node_slug" = 'pricing' AND "created_at" < ? AND "node_slug" = 'pricing')))), NULL) AS converts_pricing_within_1h,
    max(CASE WHEN "node_slug" = 'pricing' AND "created_at" < ? AND addSeconds("created_at", 3600) < ? THEN 1 ELSE 0 END) AS mature_pricing_within_1h
  FROM "events"
  WHERE "created_at" >= ?
    AND "created_at" < ?
    AND "node_slug" = 'pricing'
  GROUP BY "user_id", "session_id"
) AS units;
