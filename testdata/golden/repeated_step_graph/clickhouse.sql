-- e.from(view).to(pricing).within(30m)
SELECT
  countIf(ifNull(first_view IS NOT NULL, 0)) AS "trials",
  countIf(ifNull(first_view IS NOT NULL AND (arrayCount(t -> t >= assumeNotNull(first_view) AND t <= addSeconds(assumeNotNull(first_view), 1800), count_pricing_within_30m) >= 2 OR arrayCount(t -> t >= assumeNotNull(first_view) AND t <= addSeconds(assumeNotNull(first_view), 1800), count_pricing_within_30m) >= 1 AND first_view_only = first_view), 0)) AS "successes"
FROM (
  SELECT
    min(CASE WHEN "event_type" = 'page_view' THEN "created_at" END) AS first_view,
    groupArrayIf("created_at", "node_slug" = 'pricing') AS count_pricing_within_30m,
    min(CASE WHEN "event_type" = 'page_view' AND CASE WHEN "node_slug" = 'pricing' THEN 0 ELSE 1 END = 1 THEN "created_at" END) AS first_view_only
  FROM "events"
  WHERE "created_at" >= ?
    AND "created_at" < ?
    AND ("event_type" = 'page_view' OR "node_slug" = 'pricing')
  GROUP BY "user_id", "session_id"
) AS units;
