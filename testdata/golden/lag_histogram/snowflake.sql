-- lag histogram (ref, age_upto, lag_upto seconds, units) of:
-- e.signup.within(7d)
SELECT ref, age_upto, lag_upto, COUNT(*) AS units
FROM (
  SELECT
    'e.signup.within(7d)' AS ref,
    CASE WHEN first_signup_attempt IS NOT NULL THEN CASE WHEN DATEADD(second, 60, first_signup_attempt) >= ? THEN 60 WHEN DATEADD(second, 120, first_signup_attempt) >= ? THEN 120 WHEN DATEADD(second, 300, first_signup_attempt) >= ? THEN 300 WHEN DATEADD(second, 600, first_signup_attempt) >= ? THEN 600 WHEN DATEADD(second, 900, first_signup_attempt) >= ? THEN 900 WHEN DATEADD(second, 1800, first_signup_attempt) >= ? THEN 1800 WHEN DATEADD(second, 3600, first_signup_attempt) >= ? THEN 3600 WHEN DATEADD(second, 7200, first_signup_attempt) >= ? THEN 7200 WHEN DATEADD(second, 14400, first_signup_attempt) >= ? THEN 14400 WHEN DATEADD(second, 28800, first_signup_attempt) >= ? THEN 28800 WHEN DATEADD(second, 43200, first_signup_attempt) >= ? THEN 43200 WHEN DATEADD(second, 86400, first_signup_attempt) >= ? THEN 86400 WHEN DATEADD(second, 172800, first_signup_attempt) >= ? THEN 172800 WHEN DATEADD(second, 259200, first_signup_attempt) >= ? THEN 259200 WHEN DATEADD(second, 432000, first_signup_attempt) >= ? THEN 432000 WHEN DATEADD(second, 604800, first_signup_attempt) >= ? THEN 604800 END END AS age_upto,
    CASE WHEN first_signup_attempt IS NOT NULL THEN CASE WHEN reached_signup_success_within_60s = 1 THEN 60 WHEN reached_signup_success_within_120s = 1 THEN 120 WHEN reached_signup_success_within_300s = 1 THEN 300 WHEN reached_signup_success_within_600s = 1 THEN 600 WHEN reached_signup_success_within_900s = 1 THEN 900 WHEN reached_signup_success_within_1800s = 1 THEN 1800 WHEN reached_signup_success_within_3600s = 1 THEN 3600 WHEN reached_signup_success_within_7200s = 1 THEN 7200 WHEN reached_signup_success_within_14400s = 1 THEN 14400 WHEN reached_signup_success_within_28800s = 1 THEN 28800 WHEN reached_signup_success_within_43200s = 1 THEN 43200 WHEN reached_signup_success_within_86400s = 1 THEN 86400 WHEN reached_signup_success_within_172800s = 1 THEN 172800 WHEN reached_signup_success_within_259200s = 1 THEN 259200 WHEN reached_signup_success_within_432000s = 1 THEN 432000 WHEN reached_signup_success_within_7d = 1 THEN 604800 END END AS lag_upto
  FROM (
    SELECT
      min(CASE WHEN event_type = 'signup_attempt' AND created_at < ? THEN created_at END) AS first_signup_attempt,
      max(CASE WHEN event_type = 'signup_success' AND created_at >= anchor_first_signup_attempt AND created_at <= DATEADD(second, 604800, anchor_first_signup_attempt) THEN 1 ELSE 0 END) AS reached_signup_success_within_7d,
      max(CASE WHEN event_type = 'signup_attempt' AND created_at < ? AND DATEADD(second, 604800, created_at) < ? THEN 1 ELSE 0 END) AS mature_signup_attempt_within_7d,
      max(CASE WHEN event_type = 'signup_success' AND created_at >= anchor_first_signup_attempt AND created_at <= DATEADD(second, 60, anchor_first_signup_attempt) THEN 1 ELSE 0 END) AS reached_signup_success_within_60s,
      max(CASE WHEN event_type = 'signup_success' AND created_at >= anchor_first_signup_attempt AND created_at <= DATEADD(second, 120, anchor_first_signup_attempt) THEN 1 ELSE 0 END) AS reached_signup_success_within_120s,
      max(CASE WHEN event_type = 'signup_success' AND created_at >= anchor_first_signup_attempt AND created_at <= DATEADD(second, 300, anchor_first_signup_attempt) THEN 1 ELSE 0 END) AS reached_signup_success_within_300s,
      max(CASE WHEN event_type = 'signup_success' AND created_at >= anchor_first_signup_attempt AND created_at <= DATEADD(second, 600, anchor_first_signup_attempt) THEN 1 ELSE 0 END) AS reached_signup_success_within_600s,
      max(CASE WHEN event_type = 'signup_success' AND created_at >= anchor_first_signup_attempt AND created_at <= DATEADD(second, 900, anchor_first_signup_attempt) THEN 1 ELSE 0 END) AS reached_signup_success_within_900s,
      max(CASE WHEN event_type = 'signup_success' AND created_at >= anchor_first_signup_attempt AND created_at <= DATEADD(second, 1800, anchor_first_signup_attempt) THEN 1 ELSE 0 END) AS reached_signup_success_within_1800s,
      max(CASE WHEN event_type = 'signup_success' AND created_at >= anchor_first_signup_attempt AND created_at <= DATEADD(second, 3600, anchor_first_signup_attempt) THEN 1 ELSE 0 END) AS reached_signup_success_within_3600s,
      max(CASE WHEN event_type = 'signup_success' AND created_at >= anchor_first_signup_attempt AND created_at <= DATEADD(second, 7200, anchor_first_signup_attempt) THEN 1 ELSE 0 END) AS reached_signup_success_within_7200s,
      max(CASE WHEN event_type = 'signup_success' AND created_at >= anchor_first_signup_attempt AND created_at <= DATEADD(second, 14400, anchor_first_signup_attempt) THEN 1 ELSE 0 END) AS reached_signup_success_within_14400s,
      max(CASE WHEN event_type = 'signup_success' AND created_at >= anchor_first_signup_attempt AND created_at <= DATEADD(second, 28800, anchor_first_signup_attempt) THEN 1 ELSE 0 END) AS reached_signup_success_within_28800s,
      max(CASE WHEN event_type = 'signup_success' AND created_at >= anchor_first_signup_attempt AND created_at <= DATEADD(second, 43200, anchor_first_signup_attempt) THEN 1 ELSE 0 END) AS reached_signup_success_within_43200s,
      max(CASE WHEN event_type = 'signup_success' AND created_at >= anchor_first_signup_attempt AND created_at <= DATEADD(second, 86400, anchor_first_signup_attempt) THEN 1 ELSE 0 END) AS reached_signup_success_within_86400s,
      max(CASE WHEN event_type = 'signup_success' AND created_at >= anchor_first_signup_attempt AND created_at <= DATEADD(second, 172800, anchor_first_signup_attempt) THEN 1 ELSE 0 END) AS reached_signup_success_within_172800s,
      max(CASE WHEN event_type = 'signup_success' AND created_at >= anchor_first_signup_attempt AND created_at <= DATEADD(second, 259200, anchor_first_signup_attempt) THEN 1 ELSE 0 END) AS reached_signup_success_within_259200s,
      max(CASE WHEN event_type = 'signup_success' AND created_at >= anchor_first_signup_attempt AND created_at <= DATEADD(second, 432000, anchor_first_signup_attempt) THEN 1 ELSE 0 END) AS reached_signup_success_within_432000s
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
  ) AS units
) AS lags
WHERE age_upto IS NOT NULL OR lag_upto IS NOT NULL
GROUP BY ref, age_upto, lag_upto
ORDER BY ref, age_upto, lag_upto;
