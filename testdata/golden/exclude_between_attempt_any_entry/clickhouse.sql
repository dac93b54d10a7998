-- e.from(pricing).to(signup).excludeBetween(demo).context(channel).attempt(any)
SELECT
  if(notEmpty(arrayFilter(v -> isNotNull(v), arrayMap(p -> tupleElement(p, 2), arrayFilter(p -> tupleElement(p, 1) = assumeNotNull(coalesce(converts_pricing_unblocked, first_pricing)), entry_channel)))), arrayReduce('min', arrayFilter(v -> isNotNull(v), arrayMap(p -> tupleElement(p, 2), arrayFilter(p -> tupleElement(p, 1) = assumeNotNull(coalesce(converts_pricing_unblocked, first_pricing)), entry_channel)))), NULL) AS "channel",
  countIf(ifNull(first_pricing IS NOT NULL, 0)) AS "trials",
  countIf(ifNull(first_pricing IS NOT NULL AND converts_pricing_unblocked IS NOT NULL, 0)) AS "successes"
FROM (
  SELECT
    min(CASE WHEN "node_slug" = 'pricing' THEN "created_at" END) AS first_pricing,
    if(notEmpty(arrayConcat(arrayFilter(f -> arrayExists(t -> t >= f AND NOT arrayExists(x -> x > f AND x < t, groupArrayIf("created_at", "node_slug" = 'demo')), groupArrayIf("created_at", "node_slug" = 'signup')), groupArrayIf("created_at", "node_slug" = 'pricing' AND CASE WHEN "node_slug" = 'signup' THEN 0 ELSE 1 END = 1)), arrayFilter(f -> arrayCount(t -> t >= f AND NOT arrayExists(x -> x > f AND x < t, groupArrayIf("created_at", "node_slug" = 'demo')), groupArrayIf("created_at", "node_slug" = 'signup')) >= 2, groupArrayIf("created_at", "node_slug" = 'pricing' AND "node_slug" = 'signup')))), arrayReduce('min', arrayConcat(arrayFilter(f -> arrayExists(t -> t >= f AND NOT arrayExists(x -> x > f AND x < t, groupArrayIf("created_at", "node_slug" = 'demo')), groupArrayIf("created_at", "node_slug" = 'signup')), groupArrayIf("created_at", "node_slug" = 'pricing' AND CASE WHEN "node_slug" = 'signup' THEN 0 ELSE 1 END = 1)), arrayFilter(f -> arrayCount(t -> t >= f AND NOT arrayExists(x -> x > f AND x < t, groupArrayIf("created_at", "node_slug" = 'demo')), groupArrayIf("created_at", "node_slug" = 'signup')) >= 2, groupArrayIf("created_at", "node_slug" = 'pricing' AND "node_slug" = 'signup')))), NULL) AS converts_pricing_unblocked,
    groupArrayIf(tuple("created_at", "channel"), "node_slug" = 'pricing') AS entry_channel
  FROM "events"
  WHERE "created_at" >= ?
    AND "created_at" < ?
    AND "node_slug" IN ('pricing', 'signup', 'demo')
  GROUP BY "user_id", "session_id"
) AS units
WHERE first_pricing IS NOT NULL
GROUP BY if(notEmpty(arrayFilter(v -> isNotNull(v), arrayMap(p -> tupleElement(p, 2), arrayFilter(p -> tupleElement(p, 1) = assumeNotNull(coalesce(converts_pricing_unblocked, first_pricing)), entry_channel)))), arrayReduce('min', arrayFilter(v -> isNotNull(v), arrayMap(p -> tupleElement(p, 2), arrayFilter(p -> tupleElement(p, 1) = assumeNotNull(coalesce(converts_pricing_unblocked, first_pricing)), entry_channel)))), NULL)
ORDER BY "channel";
