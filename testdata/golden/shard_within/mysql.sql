-- e.signup.context(channel,device='mobile').within(1d)
SELECT
  `channel`,
  count(CASE WHEN first_signup_attempt IS NOT NULL AND mature_signup_attempt_within_1d = 1 THEN 1 END) AS `trials`,
  count(CASE WHEN first_signup_attempt IS NOT NULL AND mature_signup_attempt_within_1d = 1 AND reached_signup_success_within_1d = 1 THEN 1 END) AS `successes`,
  count(CASE WHEN first_signup_attempt IS NOT NULL AND mature_signup_attempt_within_1d = 0 THEN 1 END) AS `immature`
FROM (
  SELECT
    `channel`,
    min(CASE WHEN `event_type` = 'signup_attempt' AND `created_at` < ? THEN `created_at` END) AS first_signup_attempt,
    max(CASE WHEN `event_type` = 'signup_success' AND `created_at` >= anchor_first_signup_attempt AND `created_at` <= anchor_first_signup_attempt + INTERVAL 86400 SECOND THEN 1 ELSE 0 END) AS reached_signup_success_within_1d,
    max(CASE WHEN `event_type` = 'signup_attempt' AND `created_at` < ? AND `created_at` + INTERVAL 86400 SECOND < ? THEN 1 ELSE 0 END) AS mature_signup_attempt_within_1d
  FROM (
    SELECT
      `user_id`,
      `session_id`,
      `channel`,
      `created_at`,
      `event_type`,
      min(CASE WHEN `event_type` = 'signup_attempt' AND `created_at` < ? THEN `created_at` END) OVER (PARTITION BY `user_id`, `session_id`, `channel`) AS anchor_first_signup_attempt
    FROM `events`
    WHERE `created_at` >= ?
      AND `created_at` < ?
      AND `channel` IS NOT NULL
      AND `device` = 'mobile'
  ) AS ev
  GROUP BY `user_id`, `session_id`, `channel`
) AS units
GROUP BY `channel`
ORDER BY `channel`;
