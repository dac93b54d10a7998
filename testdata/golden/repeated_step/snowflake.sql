-- e.from(pricing).to(pricing)
SELECT
  COUNT_IF(first_pricing IS NOT NULL) AS trials,
  COUNT_IF(first_pricing IS NOT NULL AND count_pricing >= 2) AS successes
FROM (
  SELECT
    min(CASE WHEN node_slug = 'pricing' THEN created_at END) AS first_pricing,
    COUNT_IF(node_slug = 'pricing' AND created_at >= anchor_first_pricing) AS count_pricing
  FROM (
    SELECT
      user_id,
      session_id,
      created_at,
      node_slug,
      min(CASE WHEN node_slug = 'pricing' THEN created_at END) OVER (PARTITION BY user_id, session_id) AS anchor_first_pricing
    FROM events
    WHERE created_at >= ?
      AND created_at < ?
      AND node_slug = 'pricing'
  ) AS ev
  GROUP BY user_id, session_id
) AS units;
