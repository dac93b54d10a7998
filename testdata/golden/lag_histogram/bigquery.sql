-- lag histogram (ref, age_upto, lag_upto seconds, units) of:
-- e.signup.within(7d)
SELECT `ref`, `age_upto`, `lag_upto`, COUNT(*) AS `units`
FROM (
  SELECT
    'e.signup.within(7d)' AS `ref`,
    CASE WHEN first_signup_attempt IS NOT NULL THEN CASE WHEN TIMESTAMP_ADD(first_signup_attempt, INTERVAL 60 SECOND) >= @observe_until THEN 60 WHEN TIMESTAMP_ADD(first_signup_attempt, INTERVAL 120 SECOND) >= @observe_until THEN 120 WHEN TIMESTAMP_ADD(first_signup_attempt, INTERVAL 300 SECOND) >= @observe_until THEN 300 WHEN TIMESTAMP_ADD(first_signup_attempt, INTERVAL 600 SECOND) >= @observe_until THEN 600 WHEN TIMESTAMP_ADD(first_signup_attempt, INTERVAL 900 SECOND) >= @observe_until THEN 900 WHEN TIMESTAMP_ADD(first_signup_attempt, INTERVAL 1800 SECOND) >= @observe_until THEN 1800 WHEN TIMESTAMP_ADD(first_signup_attempt, INTERVAL 3600 SECOND) >= @observe_until THEN 3600 WHEN TIMESTAMP_ADD(first_signup_attempt, INTERVAL 7200 SECOND) >= @observe_until THEN 7200 WHEN TIMESTAMP_ADD(first_signup_attempt, INTERVAL 14400 SECOND) >= @observe_until THEN 14400 WHEN TIMESTAMP_ADD(first_signup_attempt, INTERVAL 28800 SECOND) >= @observe_until THEN 28800 WHEN TIMESTAMP_ADD(first_signup_attempt, INTERVAL 43200 SECOND) >= @observe_until THEN 43200 WHEN TIMESTAMP_ADD(first_signup_attempt, INTERVAL 86400 SECOND) >= @observe_until THEN 86400 WHEN TIMESTAMP_ADD(first_signup_attempt, INTERVAL 172800 SECOND) >= @observe_until THEN 172800 WHEN TIMESTAMP_ADD(first_signup_attempt, INTERVAL 259200 SECOND) >= @observe_until THEN 259200 WHEN TIMESTAMP_ADD(first_signup_attempt, INTERVAL 432000 SECOND) >= @observe_until THEN 432000 WHEN TIMESTAMP_ADD(first_signup_attempt, INTERVAL 604800 SECOND) >= @observe_until THEN 604800 END END AS `age_upto`,
    CASE WHEN first_signup_attempt IS NOT NULL THEN CASE WHEN reached_signup_success_within_60s = 1 THEN 60 WHEN reached_signup_success_within_120s = 1 THEN 120 WHEN reached_signup_success_within_300s = 1 THEN 300 WHEN reached_signup_success_within_600s = 1 THEN 600 WHEN reached_signup_success_within_900s = 1 THEN 900 WHEN reached_signup_success_within_1800s = 1 THEN 1800 WHEN reached_signup_success_within_3600s = 1 THEN 3600 WHEN reached_signup_success_within_7200s = 1 THEN 7200 WHEN reached_signup_success_within_14400s = 1 THEN 14400 WHEN reached_signup_success_within_28800s = 1 THEN 28800 WHEN reached_signup_success_within_43200s = 1 THEN 43200 WHEN reached_signup_success_within_86400s = 1 THEN 86400 WHEN reached_signup_success_within_172800s = 1 THEN 172800 WHEN reached_signup_success_within_259200s = 1 THEN 259200 WHEN reached_signup_success_within_432000s = 1 THEN 432000 WHEN reached_signup_success_within_7d = 1 THEN 604800 END END AS `lag_upto`
  FROM (
    SELECT
      min(CASE WHEN `event_type` = 'signup_attempt' AND `created_at` < @window_end THEN `created_at` END) AS first_signup_attempt,
      max(CASE WHEN `event_type` = 'signup_success' AND `created_at` >= anchor_first_signup_attempt AND `created_at` <= TIMESTAMP_ADD(anchor_first_signup_attempt, INTERVAL 604800 SECOND) THEN 1 ELSE 0 END) AS reached_signup_success_within_7d,
      max(CASE WHEN `event_type` = 'signup_attempt' AND `created_at` < @window_end AND TIMESTAMP_ADD(`created_at`, INTERVAL 604800 SECOND) < @observe_until THEN 1 ELSE 0 END) AS mature_signup_attempt_within_7d,
      max(CASE WHEN `event_type` = 'signup_success' AND `created_at` >= anchor_first_signup_attempt AND `created_at` <= TIMESTAMP_ADD(anchor_first_signup_attempt, INTERVAL 60 SECOND) THEN 1 ELSE 0 END) AS reached_signup_success_within_60s,
      max(CASE WHEN `event_type` = 'signup_success' AND `created_at` >= anchor_first_signup_attempt AND `created_at` <= TIMESTAMP_ADD(anchor_first_signup_attempt, INTERVAL 120 SECOND) THEN 1 ELSE 0 END) AS reached_signup_success_within_120s,
      max(CASE WHEN `event_type` = 'signup_success' AND `created_at` >= anchor_first_signup_attempt AND `created_at` <= TIMESTAMP_ADD(anchor_first_signup_attempt, INTERVAL 300 SECOND) THEN 1 ELSE 0 END) AS reached_signup_success_within_300s,
      max(CASE WHEN `event_type` = 'signup_success' AND `created_at` >= anchor_first_signup_attempt AND `created_at` <= TIMESTAMP_ADD(anchor_first_signup_attempt, INTERVAL 600 SECOND) THEN 1 ELSE 0 END) AS reached_signup_success_within_600s,
      max(CASE WHEN `event_type` = 'signup_success' AND `created_at` >= anchor_first_signup_attempt AND `created_at` <= TIMESTAMP_ADD(anchor_first_signup_attempt, INTERVAL 900 SECOND) THEN 1 ELSE 0 END) AS reached_signup_success_within_900s,
      max(CASE WHEN `event_type` = 'signup_success' AND `created_at` >= anchor_first_signup_attempt AND `created_at` <= TIMESTAMP_ADD(anchor_first_signup_attempt, INTERVAL 1800 SECOND) THEN 1 ELSE 0 END) AS reached_signup_success_within_1800s,
      max(CASE WHEN `event_type` = 'signup_success' AND `created_at` >= anchor_first_signup_attempt AND `created_at` <= TIMESTAMP_ADD(anchor_first_signup_attempt, INTERVAL 3600 SECOND) THEN 1 ELSE 0 END) AS reached_signup_success_within_3600s,
      max(CASE WHEN `event_type` = 'signup_success' AND `created_at` >= anchor_first_signup_attempt AND `created_at` <= TIMESTAMP_ADD(anchor_first_signup_attempt, INTERVAL 7200 SECOND) THEN 1 ELSE 0 END) AS reached_signup_success_within_7200s,
      max(CASE WHEN `event_type` = 'signup_success' AND `created_at` >= anchor_first_signup_attempt AND `created_at` <= TIMESTAMP_ADD(anchor_first_signup_attempt, INTERVAL 14400 SECOND) THEN 1 ELSE 0 END) AS reached_signup_success_within_14400s,
      max(CASE WHEN `event_type` = 'signup_success' AND `created_at` >= anchor_first_signup_attempt AND `created_at` <= TIMESTAMP_ADD(anchor_first_signup_attempt, INTERVAL 28800 SECOND) THEN 1 ELSE 0 END) AS reached_signup_success_within_28800s,
      max(CASE WHEN `event_type` = 'signup_success' AND `created_at` >= anchor_first_signup_attempt AND `created_at` <= TIMESTAMP_ADD(anchor_first_signup_attempt, INTERVAL 43200 SECOND) THEN 1 ELSE 0 END) AS reached_signup_success_within_43200s,
      max(CASE WHEN `event_type` = 'signup_success' AND `created_at` >= anchor_first_signup_attempt AND `created_at` <= TIMESTAMP_ADD(anchor_first_signup_attempt, INTERVAL 86400 SECOND) THEN 1 ELSE 0 END) AS reached_signup_success_within_86400s,
      max(CASE WHEN `event_type` = 'signup_success' AND `created_at` >= anchor_first_signup_attempt AND `created_at` <= TIMESTAMP_ADD(anchor_first_signup_attempt, INTERVAL 172800 SECOND) THEN 1 ELSE 0 END) AS reached_signup_success_within_172800s,
      max(CASE WHEN `event_type` = 'signup_success' AND `created_at` >= anchor_first_signup_attempt AND `created_at` <= TIMESTAMP_ADD(anchor_first_signup_attempt, INTERVAL 259200 SECOND) THEN 1 ELSE 0 END) AS reached_signup_success_within_259200s,
      max(CASE WHEN `event_type` = 'signup_success' AND `created_at` >= anchor_first_signup_attempt AND `created_at` <= TIMESTAMP_ADD(anchor_first_signup_attempt, INTERVAL 432000 SECOND) THEN 1 ELSE 0 END) AS reached_signup_success_within_432000s
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
  ) AS units
) AS lags
WHERE `age_upto` IS NOT NULL OR `lag_upto` IS NOT NULL
GROUP BY `ref`, `age_upto`, `lag_upto`
ORDER BY `ref`, `age_upto`, `lag_upto`;
