-- e.signup.context(channel='x--y; DROP TABLE events; --')
SELECT
  count(CASE WHEN first_signup_attempt IS NOT NULL AND entry_channel = 'x--y; DROP TABLE events; --' THEN 1 END) AS `trials`,
  count(CASE WHEN first_signup_attempt IS NOT NULL AND entry_channel = 'x--y; DROP TABLE events; --' AND last_signup_success >= first_signup_attempt THEN 1 END) AS `successes`
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
    WHERE `created_at` >= ?
      AND `created_at` < ?
      AND `event_type` IN ('signup_attempt', 'signup_success')
  ) AS ev
  GROUP BY `user_id`, `session_id`
) AS units
WHERE first_signup_attempt IS NOT NULL AND entry_channel = 'x--y; DROP TABLE events; --';
