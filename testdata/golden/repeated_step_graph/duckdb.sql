-- e.from(view).to(pricing).within(30m)
SELECT
  count(*) FILTER (WHERE first_view IS NOT NULL AND mature_view_within_30m = 1) AS "trials",
  count(*) FILTER (WHERE first_view IS NOT NULL AND mature_view_within_30m = 1 AND (count_pricing_within_30m >= 2 OR count_pricing_within_30m >= 1 AND first_view_only = first_view)) AS "successes",
  count(*) FILTER (WHERE first_view IS NOT NULL AND mature_view_within_30m = 0) AS "immature"
FROM (
  SELECT
    min(CASE WHEN "event_type" = 'page_view' AND "created_at" < ? THEN "created_at" END) AS first_view,
    count(*) FILTER (WHERE "node_slug" = 'pricing' AND "created_at" >= anchor_first_view AND "created_at" <= anchor_first_view + INTERVAL '1800' SECOND) AS count_pricing_within_30m,
    min(CASE WHEN "event_type" = 'page_view' AND "created_at" < ? AND CASE WHEN "node_slug" = 'pricing' THEN 0 ELSE 1 END = 1 THEN "created_at" END) AS first_view_only,
    max(CASE WHEN "event_type" = 'page_view' AND "created_at" < ? AND "created_at" + INTERVAL '1800' SECOND < ? THEN 1 ELSE 0 END) AS mature_view_within_30m
  FROM (
    SELECT
      "user_id",
      "session_id",
      "created_at",
      "event_type",
      "node_slug",
      min(CASE WHEN "event_type" = 'page_view' AND "created_at" < ? THEN "created_at" END) OVER (PARTITION BY "user_id", "session_id") AS anchor_first_view
    FROM "events"
    WHERE "created_at" >= ?
      AND "created_at" < ?
      AND (CASE WHEN "event_type" = 'page_view' THEN true ELSE "node_slug" = 'pricing' END)
  ) AS ev
  GROUP BY "user_id", "session_id"
) AS units;
