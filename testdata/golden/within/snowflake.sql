-- e.signup.within(7d)
SELECT
  COUNT_IF(first_signup_attempt IS NOT NULL AND mature_signup_attempt_within_7d = 1) AS trials,
  COUNT_IF(first_signup_attempt IS NOT NULL AND mature_signup_attempt_within_7d = 1 AND reached_signup_success_within_7d = 1) AS successes,
  COUNT_IF(first_signup_attempt IS NOT NULL AND mature_signup_attempt_within_7d = 0) AS immature
FROM (
  SELECT
    min(CASE WHEN event_type = 'signup_attempt' AND created_at < ? THEN created_at END) AS first_signup_attempt,
    max(CASE WHEN event_type = 'signup_success' AND created_at >= anchor_first_signup_attempt AND created_at <= DATEADD(second, 604800, anchor_first_signup_attempt) THEN 1 ELSE 0 END) AS reached_signup_success_within_7d,
    max(CASE WHEN event_type = 'signup_attempt' AND created_at < ? AND DATEADD(second, 604800, created_at) < ? THEN 1 ELSE 0 END) AS mature_signup_attempt_within_7d
  FROM (
    SELECT
      user_id,
      session_id,
      created_at,
      event_type,
      min(CASE WHEN event_type = 'signup_attempt' AND created_at < ? THEN created_at END) OVER (PARTITION BY user_id, session_id) AS anchor_first_signup_attempt
    FROM events
    WHERE created_at >= ?
      AND created_at < ?
      AND event_type IN ('signup_attempt', 'signup_success')
  ) AS ev
  GROUP BY user_id, session_id
) AS units;
