-- e.from(pricing).to(signup).context(channel,country).attempt(any).within(30m)
SELECT
  if(notEmpty(arrayFilter(v -> isNotNull(v), arrayMap(p -> tupleElement(p, 2), arrayFilter(p -> tupleElement(p, 1) = assumeNotNull(coalesce(converts_pricing_within_30m, first_pricing)), entry_channel)))), arrayReduce('min', arrayFilter(v -> isNotNull(v), arrayMap(p -> tupleElement(p, 2), arrayFilter(p -> tupleElement(p, 1) = assumeNotNull(coalesce(converts_pricing_within_30m, first_pricing)), entry_channel)))), NULL) AS "channel",
  if(notEmpty(arrayFilter(v -> isNotNull(v), arrayMap(p -> tupleElement(p, 2), arrayFilter(p -> tupleElement(p, 1) = assumeNotNull(coalesce(converts_pricing_within_30m, first_pricing)), entry_country)))), arrayReduce('min', arrayFilter(v -> isNotNull(v), arrayMap(p -> tupleElement(p, 2), arrayFilter(p -> tupleElement(p, 1) = assumeNotNull(coalesce(converts_pricing_within_30m, first_pricing)), entry_country)))), NULL) AS "country",
  countIf(ifNull(first_pricing IS NOT NULL AND mature_pricing_within_30m = 1, 0)) AS "trials",
  countIf(ifNull(first_pricing IS NOT NULL AND mature_pricing_within_30m = 1 AND converts_pricing_within_30m IS NOT NULL, 0)) AS "successes",
  countIf(ifNull(first_pricing IS NOT NULL AND mature_pricing_within_30m = 0, 0)) AS "immature"
FROM (
  SELECT
    min(CASE WHEN "node_slug" = 'pricing' AND "created_at" < ? THEN "created_at" END) AS first_pricing,
    if(notEmpty(arrayConcat(arrayFilter(f -> arrayExists(t -> t >= f AND t <= addSeconds(f, 1800), groupArrayIf("created_at", "node_slug" = 'signup')), groupArrayIf("created_at", "node_slug" = 'pricing' AND "created_at" < ? AND CASE WHEN "node_slug" = 'signup' THEN 0 ELSE 1 END = 1)), arrayFilter(f -> arrayCount(t -> t >= f AND t <= addSeconds(f, 1800), groupArrayIf("created_at", "node_slug" = 'signup')) >= 2, groupArrayIf("created_at", "node_slug" = 'pricing' AND "created_at" < ? AND "node_slug" = 'signup')))), arrayReduce('min', arrayConcat(arrayFilter(f -> arrayExists(t -> t >= f AND t <= addSeconds(f, 1800), groupArrayIf("created_at", "node_slug" = 'signup')), groupArrayIf("created_at", "node_slug" = 'pricing' AND "created_at" < ? AND CASE WHEN "node_slug" = 'signup' THEN 0 ELSE 1 END = 1)), arrayFilter(f -> arrayCount(t -> t >= f AND t <= addSeconds(f, 1800), groupArrayIf("created_at", "node_slug" = 'signup')) >= 2, groupArrayIf("created_at", "node_slug" = 'pricing' AND "created_at" < ? AND "node_slug" = 'signup')))), NULL) AS converts_pricing_within_30m,
    groupArrayIf(tuple("created_at", "channel"), "node_slug" = 'pricing' AND "created_at" < ?) AS entry_channel,
    groupArrayIf(tuple("created_at", "country"), "node_slug" = 'pricing' AND "created_at" < ?) AS entry_country,
    max(CASE WHEN "node_slug" = 'pricing' AND "created_at" < ? AND addSeconds("created_at", 1800) < ? THEN 1 ELSE 0 END) AS mature_pricing_within_30m
  FROM "events"
  WHERE "created_at" >= ?
    AND "created_at" < ?
    AND "node_slug" IN ('pricing', 'signup')
  GROUP BY "user_id", "session_id"
) AS units
WHERE first_pricing IS NOT NULL
GROUP BY if(notEmpty(arrayFilter(v -> isNotNull(v), arrayMap(p -> tupleElement(p, 2), arrayFilter(p -> tupleElement(p, 1) = assumeNotNull(coalesce(converts_pricing_within_30m, first_pricing)), entry_channel)))), arrayReduce('min', arrayFilter(v -> isNotNull(v), arrayMap(p -> tupleElement(p, 2), arrayFilter(p -> tupleElement(p, 1) = assumeNotNull(coalesce(converts_pricing_within_30m, first_pricing)), entry_channel)))), NULL), if(notEmpty(arrayFilter(v -> isNotNull(v), arrayMap(p -> tupleElement(p, 2), arrayFilter(p -> tupleElement(p, 1) = assumeNotNull(coalesce(converts_pricing_within_30m, first_pricing)), entry_country)))), arrayReduce('min', arrayFilter(v -> isNotNull(v), arrayMap(p -> tupleElement(p, 2), arrayFilter(p -> tupleElement(p, 1) = assumeNotNull(coalesce(converts_pricing_within_30m, first_pricing)), entry_country)))), NULL)
ORDER BY "channel", "country";
