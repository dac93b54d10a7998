-- e.from(view).to(pricing).within(30m)
SELECT
  COUNT_IF(first_view IS NOT NULL) AS trials,
  COUNT_IF(first_view IS NOT NULL AND (count_pricing_within_30m >= 2 OR count_pricing_within_30m >= 1 AND first_view_only = first_view)) AS successes
FROM (
  SELECT
    min(CASE WHEN event_type = 'page_view' THEN created_at END) AS first_view,
    COUNT_IF(node_slug = 'pricing' AND created_at >= anchor_first_view AND created_at <= DATEADD(second, 1800, anchor_first_view)) AS count_pricing_within_30m,
    min(CASE WHEN event_type = 'page_view' AND CASE WHEN node_slug = 'pricing' THEN 0 ELSE 1 END = 1 THEN created_at END) AS first_view_only
  FROM (
    SELECT
      user_id,
      session_id,
      created_at,
      event_type,
      node_slug,
      min(CASE WHEN event_type = 'page_view' THEN created_at END) OVER (PARTITION BY user_id, session_id) AS anchor_first_view
    FROM events
    WHERE created_at >= ?
      AND created_at < ?
      AND (event_type = 'page_view' OR node_slug = 'pricing')
  ) AS ev
  GROUP BY user_id, session_id
) AS units;
