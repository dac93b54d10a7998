-- e.from(view).to(pricing).within(30m)
SELECT
  countIf(ifNull(first_view IS NOT NULL AND mature_view_within_30m = 1, 0)) AS "trials",
  countIf(ifNull(first_view IS NOT NULL AND mature_view_within_30m = 1 AND (arrayCount(t -> t >= assumeNotNull(first_view) AND t <= addSeconds(assumeNotNull(first_view), 1800), count_pricing_within_30m) >= 2 OR arrayCount(t -> t >= assumeNotNull(first_view) AND t <= addSeconds(assumeNotNull(first_view), 1800), count_pricing_within_30m) >= 1 AND first_view_only = first_view), 0)) AS "successes",
  countIf(ifNull(first_view IS NOT NULL AND mature_view_within_30m = 0, 0)) AS "immature"
FROM (
  SELECT
    min(CASE WHEN "event_type" = 'page_view' AND "created_at" < ? THEN "created_at" END) AS first_view,
    groupArrayIf("created_at", "node_slug" = 'pricing') AS count_pricing_within_30m,
    min(CASE WHEN "event_type" = 'page_view' AND "created_at" < ? AND CASE WHEN "node_slug" = 'pricing' THEN 0 ELSE 1 END = 1 THEN "created_at" END) AS first_view_only,
    max(CASE WHEN "event_type" = 'page_view' AND "created_at" < ? AND addSeconds("created_at", 1800) < ? THEN 1 ELSE 0 END) AS mature_view_within_30m
  FROM "events"
  WHERE "created_at" >= ?
    AND "created_at" < ?
    AND ("event_type" = 'page_view' OR "node_slug" = 'pricing')
  GROUP BY "user_id", "session_id"
) AS units;
