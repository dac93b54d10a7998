-- e.from('it''s').to('a\b').visited('--;').exclude('/*x*/')
SELECT
  COUNT_IF(first_it_s IS NOT NULL AND at_node = 1 AND at_x = 0) AS trials,
  COUNT_IF(first_it_s IS NOT NULL AND at_node = 1 AND at_x = 0 AND last_a_b >= first_it_s) AS successes
FROM (
  SELECT
    min(CASE WHEN node_slug = 'it''s' THEN created_at END) AS first_it_s,
    max(CASE WHEN node_slug = '--;' THEN 1 ELSE 0 END) AS at_node,
    max(CASE WHEN node_slug = '/*x*/' THEN 1 ELSE 0 END) AS at_x,
    max(CASE WHEN node_slug = 'a\\b' THEN created_at END) AS last_a_b
  FROM events
  WHERE created_at >= ?
    AND created_at < ?
    AND node_slug IN ('it''s', 'a\\b', '--;', '/*x*/')
  GROUP BY user_id, session_id
) AS units;
