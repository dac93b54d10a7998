-- e.signup.context(channel,device='mobile').within(1d)
SELECT
  channel,
  COUNT_IF(first_signup_attempt IS NOT NULL AND mature_signup_attempt_within_1d = 1) AS trials,
  COUNT_IF(first_signup_attempt IS NOT NULL AND mature_signup_attempt_within_1d = 1 AND reached_signup_success_within_1d = 1) AS successes,
  COUNT_IF(first_signup_attempt IS NOT NULL AND mature_signup_attempt_within_1d = 0) AS immature
FROM (
  SELECT
    channel,
    min(CASE WHEN event_type = 'signup_attempt' AND created_at < ? THEN created_at END) AS first_signup_attempt,
    max(CASE WHEN event_type = 'signup_success' AND created_at >= anchor_first_signup_attempt AND created_at <= DATEADD(second, 86400, anchor_first_signup_attempt) THEN 1 ELSE 0 END) AS reached_signup_success_within_1d,
    max(CASE WHEN event_type = 'signup_attempt' AND created_at < ? AND DATEADD(second, 86400, created_at) < ? THEN 1 ELSE 0 END) AS mature_signup_attempt_within_1d
  FROM (
    SELECT
      user_id,
      session_id,
      channel,
      created_at,
      event_type,
      min(CASE WHEN event_type = 'signup_attempt' AND created_at < ? THEN created_at END) OVER (PARTITION BY user_id, session_id, channel) AS anchor_first_signup_attempt
    FROM events
    WHERE created_at >= ?
      AND created_at < ?
      AND channel IS NOT NULL
      AND device = 'mobile'
  ) AS ev
  GROUP BY user_id, session_id, channel
) AS units
GROUP BY channel
ORDER BY channel;
