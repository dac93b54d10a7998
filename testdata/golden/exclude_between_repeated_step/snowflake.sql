-- e.from(pricing).to(pricing).excludeBetween(docs).by(week)
SELECT
  DATEADD(day, 1 - DAYOFWEEKISO(first_pricing), CAST(first_pricing AS DATE)) AS period,
  COUNT_IF(first_pricing IS NOT NULL) AS trials,
  COUNT_IF(first_pricing IS NOT NULL AND (count_pricing_at_anchor >= 2 OR next_pricing IS NOT NULL AND CASE WHEN next_pricing > next_between_excluded THEN 0 ELSE 1 END = 1)) AS successes
FROM (
  SELECT
    min(CASE WHEN node_slug = 'pricing' THEN created_at END) AS first_pricing,
    COUNT_IF(node_slug = 'pricing' AND created_at >= anchor_first_pricing AND created_at <= anchor_first_pricing) AS count_pricing_at_anchor,
    min(CASE WHEN node_slug = 'pricing' AND created_at > anchor_first_pricing THEN created_at END) AS next_pricing,
    min(CASE WHEN node_slug = 'docs' AND created_at > anchor_first_pricing THEN created_at END) AS next_between_excluded
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
      AND node_slug IN ('pricing', 'docs')
  ) AS ev
  GROUP BY user_id, session_id
) AS units
WHERE first_pricing IS NOT NULL
GROUP BY DATEADD(day, 1 - DAYOFWEEKISO(first_pricing), CAST(first_pricing AS DATE))
ORDER BY period;
