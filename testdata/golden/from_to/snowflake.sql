-- e.from(homepage).to(pricing)
SELECT
  COUNT_IF(first_homepage IS NOT NULL) AS trials,
  COUNT_IF(first_homepage IS NOT NULL AND last_pricing >= first_homepage) AS successes
FROM (
  SELECT
    min(CASE WHEN node_slug = 'homepage' THEN created_at END) AS first_homepage,
    max(CASE WHEN node_slug = 'pricing' THEN created_at END) AS last_pricing
  FROM events
  WHERE created_at >= ?
    AND created_at < ?
    AND node_slug IN ('homepage', 'pricing')
  GROUP BY user_id, session_id
) AS units;
