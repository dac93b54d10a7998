-- e.signup.excludeBetween(docs,pricing).within(1h)
SELECT
  COUNT_IF(first_signup_attempt IS NOT NULL) AS trials,
  COUNT_IF(first_signup_attempt IS NOT NULL AND (count_signup_success_at_anchor >= 1 OR next_signup_success IS NOT NULL AND next_signup_success <= DATEADD(second, 3600, first_signup_attempt) AND CASE WHEN next_signup_success > next_between_excluded THEN 0 ELSE 1 END = 1)) AS successes
FROM (
  SELECT
    min(CASE WHEN event_type = 'signup_attempt' THEN created_at END) AS first_signup_attempt,
    COUNT_IF(event_type = 'signup_success' AND created_at >= anchor_first_signup_attempt AND created_at <= anchor_first_signup_attempt) AS count_signup_success_at_anchor,
    min(CASE WHEN event_type = 'signup_success' AND created_at > anchor_first_signup_attempt THEN created_at END) AS next_signup_success,
    min(CASE WHEN (node_slug = 'docs' OR node_slug = 'pricing') AND created_at > anchor_first_signup_attempt THEN created_at END) AS next_between_excluded
  FROM (
    SELECT
      user_id,
      session_id,
      created_at,
      event_type,
      node_slug,
      min(CASE WHEN event_type = 'signup_attempt' THEN created_at END) OVER (PARTITION BY user_id, session_id) AS anchor_first_signup_attempt
    FROM events
    WHERE created_at >= ?
      AND created_at < ?
      AND (event_type IN ('signup_attempt', 'signup_success') OR node_slug IN ('docs', 'pricing'))
  ) AS ev
  GROUP BY user_id, session_id
) AS units;
