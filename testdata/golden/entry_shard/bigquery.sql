-- e.signup.context(channel)
SELECT
  entry_channel AS `channel`,
  COUNTIF(first_signup_attempt IS NOT NULL) AS `trials`,
  COUNTIF(first_signup_attempt IS NOT NULL AND last_signup_success >= first_signup_attempt) AS `successes`
FROM (
  SELECT
    min(CASE WHEN `event_type` = 'signup_attempt' THEN `created_at` END) AS first_signup_attempt,
    max(CASE WHEN `event_type` = 'signup_success' THEN `created_at` END) AS last_signup_success,
    min(CASE WHEN `event_type` = 'signup_attempt' AND `created_at` = anchor_first_signup_attempt THEN `channel` END) AS entry_channel
  FROM (
    SELECT
      `user_id`,
      `session_id`,
      `created_at`,
      `event_type`,
      `channel`,
      min(CASE WHEN `event_type` = 'signup_attempt' THEN `created_at` END) OVER (PARTITION BY `user_id`, `session_id`) AS anchor_first_signup_attempt
    FROM `events`
    WHERE `created_at` >= @window_start
      AND `created_at` < @window_end
      AND `event_type` IN ('signup_attempt', 'signup_success')
  ) AS ev
  GROUP BY `user_id`, `session_id`
) AS units
WHERE first_signup_attempt IS NOT NULL
GROUP BY entry_channel
ORDER BY `channel`;
