-- e.signup.within(7d)
SELECT
  COUNTIF(first_signup_attempt IS NOT NULL AND mature_signup_attempt_within_7d = 1) AS `trials`,
  COUNTIF(first_signup_attempt IS NOT NULL AND mature_signup_attempt_within_7d = 1 AND reached_signup_success_within_7d = 1) AS `successes`,
  COUNTIF(first_signup_attempt IS NOT NULL AND mature_signup_attempt_within_7d = 0) AS `immature`
FROM (
  SELECT
    min(CASE WHEN `event_type` = 'signup_attempt' AND `created_at` < @window_end THEN `created_at` END) AS first_signup_attempt,
    max(CASE WHEN `event_type` = 'signup_success' AND `created_at` >= anchor_first_signup_attempt AND `created_at` <= TIMESTAMP_ADD(anchor_first_signup_attempt, INTERVAL 604800 SECOND) THEN 1 ELSE 0 END) AS reached_signup_success_within_7d,
    max(CASE WHEN `event_type` = 'signup_attempt' AND `created_at` < @window_end AND TIMESTAMP_ADD(`created_at`, INTERVAL 604800 SECOND) < @observe_until THEN 1 ELSE 0 END) AS mature_signup_attempt_within_7d
  FROM (
    SELECT
      `user_id`,
      `session_id`,
      `created_at`,
      `event_type`,
      min(CASE WHEN `event_type` = 'signup_attempt' AND `created_at` < @window_end THEN `created_at` END) OVER (PARTITION BY `user_id`, `session_id`) AS anchor_first_signup_attempt
    FROM `events`
    WHERE `created_at` >= @window_start
      AND `created_at` < @observe_until
      AND `event_type` IN ('signup_attempt', 'signup_success')
  ) AS ev
  GROUP BY `user_id`, `session_id`
) AS units;
