-- lag histogram (ref, age_upto, lag_upto seconds, units) of:
-- e.signup.within(7d)
SELECT "ref", "age_upto", "lag_upto", COUNT(*) AS "units"
FROM (
  SELECT
    'e.signup.within(7d)' AS "ref",
    CASE WHEN first_signup_attempt IS NOT NULL THEN CASE WHEN mature_signup_attempt_within_60s = 0 THEN 60 WHEN mature_signup_attempt_within_120s = 0 THEN 120 WHEN mature_signup_attempt_within_300s = 0 THEN 300 WHEN mature_signup_attempt_within_600s = 0 THEN 600 WHEN mature_signup_attempt_within_900s = 0 THEN 900 WHEN mature_signup_attempt_within_1800s = 0 THEN 1800 WHEN mature_signup_attempt_within_3600s = 0 THEN 3600 WHEN mature_signup_attempt_within_7200s = 0 THEN 7200 WHEN mature_signup_attempt_within_14400s = 0 THEN 14400 WHEN mature_signup_attempt_within_28800s = 0 THEN 28800 WHEN mature_signup_attempt_within_43200s = 0 THEN 43200 WHEN mature_signup_attempt_within_86400s = 0 THEN 86400 WHEN mature_signup_attempt_within_172800s = 0 THEN 172800 WHEN mature_signup_attempt_within_259200s = 0 THEN 259200 WHEN mature_signup_attempt_within_432000s = 0 THEN 432000 WHEN mature_signup_attempt_within_7d = 0 THEN 604800 END END AS "age_upto",
    CASE WHEN first_signup_attempt IS NOT NULL THEN CASE WHEN reached_signup_success_within_60s = 1 THEN 60 WHEN reached_signup_success_within_120s = 1 THEN 120 WHEN reached_signup_success_within_300s = 1 THEN 300 WHEN reached_signup_success_within_600s = 1 THEN 600 WHEN reached_signup_success_within_900s = 1 THEN 900 WHEN reached_signup_success_within_1800s = 1 THEN 1800 WHEN reached_signup_success_within_3600s = 1 THEN 3600 WHEN reached_signup_success_within_7200s = 1 THEN 7200 WHEN reached_signup_success_within_14400s = 1 THEN 14400 WHEN reached_signup_success_within_28800s = 1 THEN 28800 WHEN reached_signup_success_within_43200s = 1 THEN 43200 WHEN reached_signup_success_within_86400s = 1 THEN 86400 WHEN reached_signup_success_within_172800s = 1 THEN 172800 WHEN reached_signup_success_within_259200s = 1 THEN 259200 WHEN reached_signup_success_within_432000s = 1 THEN 432000 WHEN reached_signup_success_within_7d = 1 THEN 604800 END END AS "lag_upto"
  FROM (
    SELECT
      min(CASE WHEN "event_type" = 'signup_attempt' AND "created_at" < $1 THEN "created_at" END) AS first_signup_attempt,
      max(CASE WHEN "event_type" = 'signup_success' AND "created_at" >= anchor_first_signup_attempt AND "created_at" <= DATEADD(second, 604800, anchor_first_signup_attempt) THEN 1 ELSE 0 END) AS reached_signup_success_within_7d,
      max(CASE WHEN "event_type" = 'signup_attempt' AND "created_at" < $1 AND DATEADD(second, 604800, "created_at") < $2 THEN 1 ELSE 0 END) AS mature_signup_attempt_within_7d,
      max(CASE WHEN "event_type" = 'signup_success' AND "created_at" >= anchor_first_signup_attempt AND "created_at" <= DATEADD(second, 60, anchor_first_signup_attempt) THEN 1 ELSE 0 END) AS reached_signup_success_within_60s,
      max(CASE WHEN "event_type" = 'signup_attempt' AND "created_at" < $1 AND DATEADD(second, 60, "created_at") < $2 THEN 1 ELSE 0 END) AS mature_signup_attempt_within_60s,
      max(CASE WHEN "event_type" = 'signup_success' AND "created_at" >= anchor_first_signup_attempt AND "created_at" <= DATEADD(second, 120, anchor_first_signup_attempt) THEN 1 ELSE 0 END) AS reached_signup_success_within_120s,
      max(CASE WHEN "event_type" = 'signup_attempt' AND "created_at" < $1 AND DATEADD(second, 120, "created_at") < $2 THEN 1 ELSE 0 END) AS mature_signup_attempt_within_120s,
      max(CASE WHEN "event_type" = 'signup_success' AND "created_at" >= anchor_first_signup_attempt AND "created_at" <= DATEADD(second, 300, anchor_first_signup_attempt) THEN 1 ELSE 0 END) AS reached_signup_success_within_300s,
      max(CASE WHEN "event_type" = 'signup_attempt' AND "created_at" < $1 AND DATEADD(second, 300, "created_at") < $2 THEN 1 ELSE 0 END) AS mature_signup_attempt_within_300s,
      max(CASE WHEN "event_type" = 'signup_success' AND "created_at" >= anchor_first_signup_attempt AND "created_at" <= DATEADD(second, 600, anchor_first_signup_attempt) THEN 1 ELSE 0 END) AS reached_signup_success_within_600s,
      max(CASE WHEN "event_type" = 'signup_attempt' AND "created_at" < $1 AND DATEADD(second, 600, "created_at") < $2 THEN 1 ELSE 0 END) AS mature_signup_attempt_within_600s,
      max(CASE WHEN "event_type" = 'signup_success' AND "created_at" >= anchor_first_signup_attempt AND "created_at" <= DATEADD(second, 900, anchor_first_signup_attempt) THEN 1 ELSE 0 END) AS reached_signup_success_within_900s,
      max(CASE WHEN "event_type" = 'signup_attempt' AND "created_at" < $1 AND DATEADD(second, 900, "created_at") < $2 THEN 1 ELSE 0 END) AS mature_signup_attempt_within_900s,
      max(CASE WHEN "event_type" = 'signup_success' AND "created_at" >= anchor_first_signup_attempt AND "created_at" <= DATEADD(second, 1800, anchor_first_signup_attempt) THEN 1 ELSE 0 END) AS reached_signup_success_within_1800s,
      max(CASE WHEN "event_type" = 'signup_attempt' AND "created_at" < $1 AND DATEADD(second, 1800, "created_at") < $2 THEN 1 ELSE 0 END) AS mature_signup_attempt_within_1800s,
      max(CASE WHEN "event_type" = 'signup_success' AND "created_at" >= anchor_first_signup_attempt AND "created_at" <= DATEADD(second, 3600, anchor_first_signup_attempt) THEN 1 ELSE 0 END) AS reached_signup_success_within_3600s,
      max(CASE WHEN "event_type" = 'signup_attempt' AND "created_at" < $1 AND DATEADD(second, 3600, "created_at") < $2 THEN 1 ELSE 0 END) AS mature_signup_attempt_within_3600s,
      max(CASE WHEN "event_type" = 'signup_success' AND "created_at" >= anchor_first_signup_attempt AND "created_at" <= DATEADD(second, 7200, anchor_first_signup_attempt) THEN 1 ELSE 0 END) AS reached_signup_success_within_7200s,
      max(CASE WHEN "event_type" = 'signup_attempt' AND "created_at" < $1 AND DATEADD(second, 7200, "created_at") < $2 THEN 1 ELSE 0 END) AS mature_signup_attempt_within_7200s,
      max(CASE WHEN "event_type" = 'signup_success' AND "created_at" >= anchor_first_signup_attempt AND "created_at" <= DATEADD(second, 14400, anchor_first_signup_attempt) THEN 1 ELSE 0 END) AS reached_signup_success_within_14400s,
      max(CASE WHEN "event_type" = 'signup_attempt' AND "created_at" < $1 AND DATEADD(second, 14400, "created_at") < $2 THEN 1 ELSE 0 END) AS mature_signup_attempt_within_14400s,
      max(CASE WHEN "event_type" = 'signup_success' AND "created_at" >= anchor_first_signup_attempt AND "created_at" <= DATEADD(second, 28800, anchor_first_signup_attempt) THEN 1 ELSE 0 END) AS reached_signup_success_within_28800s,
      max(CASE WHEN "event_type" = 'signup_attempt' AND "created_at" < $1 AND DATEADD(second, 28800, "created_at") < $2 THEN 1 ELSE 0 END) AS mature_signup_attempt_within_28800s,
      max(CASE WHEN "event_type" = 'signup_success' AND "created_at" >= anchor_first_signup_attempt AND "created_at" <= DATEADD(second, 43200, anchor_first_signup_attempt) THEN 1 ELSE 0 END) AS reached_signup_success_within_43200s,
      max(CASE WHEN "event_type" = 'signup_attempt' AND "created_at" < $1 AND DATEADD(second, 43200, "created_at") < $2 THEN 1 ELSE 0 END) AS mature_signup_attempt_within_43200s,
      max(CASE WHEN "event_type" = 'signup_success' AND "created_at" >= anchor_first_signup_attempt AND "created_at" <= DATEADD(second, 86400, anchor_first_signup_attempt) THEN 1 ELSE 0 END) AS reached_signup_success_within_86400s,
      max(CASE WHEN "event_type" = 'signup_attempt' AND "created_at" < $1 AND DATEADD(second, 86400, "created_at") < $2 THEN 1 ELSE 0 END) AS mature_signup_attempt_within_86400s,
      max(CASE WHEN "event_type" = 'signup_success' AND "created_at" >= anchor_first_signup_attempt AND "created_at" <= DATEADD(second, 172800, anchor_first_signup_attempt) THEN 1 ELSE 0 END) AS reached_signup_success_within_172800s,
      max(CASE WHEN "event_type" = 'signup_attempt' AND "created_at" < $1 AND DATEADD(second, 172800, "created_at") < $2 THEN 1 ELSE 0 END) AS mature_signup_attempt_within_172800s,
      max(CASE WHEN "event_type" = 'signup_success' AND "created_at" >= anchor_first_signup_attempt AND "created_at" <= DATEADD(second, 259200, anchor_first_signup_attempt) THEN 1 ELSE 0 END) AS reached_signup_success_within_259200s,
      max(CASE WHEN "event_type" = 'signup_attempt' AND "created_at" < $1 AND DATEADD(second, 259200, "created_at") < $2 THEN 1 ELSE 0 END) AS mature_signup_attempt_within_259200s,
      max(CASE WHEN "event_type" = 'signup_success' AND "created_at" >= anchor_first_signup_attempt AND "created_at" <= DATEADD(second, 432000, anchor_first_signup_attempt) THEN 1 ELSE 0 END) AS reached_signup_success_within_432000s,
      max(CASE WHEN "event_type" = 'signup_attempt' AND "created_at" < $1 AND DATEADD(second, 432000, "created_at") < $2 THEN 1 ELSE 0 END) AS mature_signup_attempt_within_432000s
    FROM (
      SELECT
        "user_id",
        "session_id",
        "created_at",
        "event_type",
        min(CASE WHEN "event_type" = 'signup_attempt' AND "created_at" < $1 THEN "created_at" END) OVER (PARTITION BY "user_id", "session_id") AS anchor_first_signup_attempt
      FROM "events"
      WHERE "created_at" >= $3
        AND "created_at" < $2
        AND "event_type" IN ('signup_attempt', 'signup_success')
    ) AS ev
    GROUP BY "user_id", "session_id"
  ) AS units
) AS lags
WHERE "age_upto" IS NOT NULL OR "lag_upto" IS NOT NULL
GROUP BY "ref", "age_upto", "lag_upto"
ORDER BY "ref", "age_upto", "lag_upto";
