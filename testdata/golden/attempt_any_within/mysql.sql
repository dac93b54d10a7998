-- e.signup.attempt(any).within(1h)
SELECT
  count(CASE WHEN first_signup_attempt IS NOT NULL AND mature_signup_attempt_within_1h = 1 THEN 1 END) AS `trials`,
  count(CASE WHEN first_signup_attempt IS NOT NULL AND mature_signup_attempt_within_1h = 1 AND converts_signup_attempt_within_1h IS NOT NULL THEN 1 END) AS `successes`,
  count(CASE WHEN first_signup_attempt IS NOT NULL AND mature_signup_attempt_within_1h = 0 THEN 1 END) AS `immature`
FROM (
  SELECT
    min(CASE WHEN `event_type` = 'signup_attempt' AND `created_at` < ? THEN `created_at` END) AS first_signup_attempt,
    min(CASE WHEN `event_type` = 'signup_attempt' AND `created_at` < ? AND (next_converts_signup_attempt_within_1h <= `created_at` + INTERVAL 3600 SECOND OR prev_converts_signup_attempt_within_1h = `created_at`) THEN `created_at` END) AS converts_signup_attempt_within_1h,
    max(CASE WHEN `event_type` = 'signup_attempt' AND `created_at` < ? AND `created_at` + INTERVAL 3600 SECOND < ? THEN 1 ELSE 0 END) AS mature_signup_attempt_within_1h
  FROM (
    SELECT
      `user_id`,
      `session_id`,
      `created_at`,
      `event_type`,
      min(CASE WHEN `event_type` = 'signup_success' THEN `created_at` END) OVER (PARTITION BY `user_id`, `session_id` ORDER BY `created_at`, CASE WHEN `event_type` = 'signup_success' THEN 1 ELSE 0 END, CASE WHEN `event_type` = 'signup_attempt' AND `created_at` < ? THEN 1 ELSE 0 END ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING) AS next_converts_signup_attempt_within_1h,
      max(CASE WHEN `event_type` = 'signup_success' THEN `created_at` END) OVER (PARTITION BY `user_id`, `session_id` ORDER BY `created_at`, CASE WHEN `event_type` = 'signup_success' THEN 1 ELSE 0 END, CASE WHEN `event_type` = 'signup_attempt' AND `created_at` < ? THEN 1 ELSE 0 END ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev_converts_signup_attempt_within_1h
    FROM `events`
    WHERE `created_at` >= ?
      AND `created_at` < ?
      AND `event_type` IN ('signup_attempt', 'signup_success')
  ) AS ev
  GROUP BY `user_id`, `session_id`
) AS units;
