-- lag histogram (ref, age_upto, lag_upto seconds, units) of:
-- e.signup.within(7d)
SELECT "ref", "age_upto", "lag_upto", COUNT(*) AS "units"
FROM (
  SELECT
    'e.signup.within(7d)' AS "ref",
    CASE WHEN first_signup_attempt IS NOT NULL THEN CASE WHEN mature_signup_attempt_within_60s = 0 THEN 60 WHEN mature_signup_attempt_within_120s = 0 THEN 120 WHEN mature_signup_attempt_within_300s = 0 THEN 300 WHEN mature_signup_attempt_within_600s = 0 THEN 600 WHEN mature_signup_attempt_within_900s = 0 THEN 900 WHEN mature_signup_attempt_within_1800s = 0 THEN 1800 WHEN mature_signup_attempt_within_3600s = 0 THEN 3600 WHEN mature_signup_attempt_within_7200s = 0 THEN 7200 WHEN mature_signup_attempt_within_14400s = 0 THEN 14400 WHEN mature_signup_attempt_within_28800s = 0 THEN 28800 WHEN mature_signup_attempt_within_43200s = 0 THEN 43200 WHEN mature_signup_attempt_within_86400s = 0 THEN 86400 WHEN mature_signup_attempt_within_172800s = 0 THEN 172800 WHEN mature_signup_attempt_within_259200s = 0 THEN 259200 WHEN mature_signup_attempt_within_432000s = 0 THEN 432000 WHEN mature_signup_attempt_within_7d = 0 THEN 604800 END END AS "age_upto",
    CASE WHEN first_signup_attempt IS NOT NULL THEN CASE WHEN arrayExists(t -> t >= assumeNotNull(first_signup_attempt) AND t <= addSeconds(assumeNotNull(first_signup_attempt), 60), reached_signup_success_within_60s) THEN 60 WHEN arrayExists(t -> t >= assumeNotNull(first_signup_attempt) AND t <= addSeconds(assumeNotNull(first_signup_attempt), 120), reached_signup_success_within_120s) THEN 120 WHEN arrayExists(t -> t >= assumeNotNull(first_signup_attempt) AND t <= addSeconds(assumeNotNull(first_signup_attempt), 300), reached_signup_success_within_300s) THEN 300 WHEN arrayExists(t -> t >= assumeNotNull(first_signup_attempt) AND t <= addSeconds(assumeNotNull(first_signup_attempt), 600), reached_signup_success_within_600s) THEN 600 WHEN arrayExists(t -> t >= assumeNotNull(first_signup_attempt) AND t <= addSeconds(assumeNotNull(first_signup_attempt), 900), reached_signup_success_within_900s) THEN 900 WHEN arrayExists(t -> t >= assumeNotNull(first_signup_attempt) AND t <= addSeconds(assumeNotNull(first_signup_attempt), 1800), reached_signup_success_within_1800s) THEN 1800 WHEN arrayExists(t -> t >= assumeNotNull(first_signup_attempt) AND t <= addSeconds(assumeNotNull(first_signup_attempt), 3600), reached_signup_success_within_3600s) THEN 3600 WHEN arrayExists(t -> t >= assumeNotNull(first_signup_attempt) AND t <= addSeconds(assumeNotNull(first_signup_attempt), 7200), reached_signup_success_within_7200s) THEN 7200 WHEN arrayExists(t -> t >= assumeNotNull(first_signup_attempt) AND t <= addSeconds(assumeNotNull(first_signup_attempt), 14400), reached_signup_success_within_14400s) THEN 14400 WHEN arrayExists(t -> t >= assumeNotNull(first_signup_attempt) AND t <= addSeconds(assumeNotNull(first_signup_attempt), 28800), reached_signup_success_within_28800s) THEN 28800 WHEN arrayExists(t -> t >= assumeNotNull(first_signup_attempt) AND t <= addSeconds(assumeNotNull(first_signup_attempt), 43200), reached_signup_success_within_43200s) THEN 43200 WHEN arrayExists(t -> t >= assumeNotNull(first_signup_attempt) AND t <= addSeconds(assumeNotNull(first_signup_attempt), 86400), reached_signup_success_within_86400s) THEN 86400 WHEN arrayExists(t -> t >= assumeNotNull(first_signup_attempt) AND t <= addSeconds(assumeNotNull(first_signup_attempt), 172800), reached_signup_success_within_172800s) THEN 172800 WHEN arrayExists(t -> t >= assumeNotNull(first_signup_attempt) AND t <= addSeconds(assumeNotNull(first_signup_attempt), 259200), reached_signup_success_within_259200s) THEN 259200 WHEN arrayExists(t -> t >= assumeNotNull(first_signup_attempt) AND t <= addSeconds(assumeNotNull(first_signup_attempt), 432000), reached_signup_success_within_432000s) THEN 432000 WHEN arrayExists(t -> t >= assumeNotNull(first_signup_attempt) AND t <= addSeconds(assumeNotNull(first_signup_attempt), 604800), reached_signup_success_within_7d) THEN 604800 END END AS "lag_upto"
  FROM (
    SELECT
      min(CASE WHEN "event_type" = 'signup_attempt' AND "created_at" < ? THEN "created_at" END) AS first_signup_attempt,
      groupArrayIf("created_at", "event_type" = 'signup_success') AS reached_signup_success_within_7d,
      max(CASE WHEN "event_type" = 'signup_attempt' AND "created_at" < ? AND addSeconds("created_at", 604800) < ? THEN 1 ELSE 0 END) AS mature_signup_attempt_within_7d,
      groupArrayIf("created_at", "event_type" = 'signup_success') AS reached_signup_success_within_60s,
      max(CASE WHEN "event_type" = 'signup_attempt' AND "created_at" < ? AND addSeconds("created_at", 60) < ? THEN 1 ELSE 0 END) AS mature_signup_attempt_within_60s,
      groupArrayIf("created_at", "event_type" = 'signup_success') AS reached_signup_success_within_120s,
      max(CASE WHEN "event_type" = 'signup_attempt' AND "created_at" < ? AND addSeconds("created_at", 120) < ? THEN 1 ELSE 0 END) AS mature_signup_attempt_within_120s,
      groupArrayIf("created_at", "event_type" = 'signup_success') AS reached_signup_success_within_300s,
      max(CASE WHEN "event_type" = 'signup_attempt' AND "created_at" < ? AND addSeconds("created_at", 300) < ? THEN 1 ELSE 0 END) AS mature_signup_attempt_within_300s,
      groupArrayIf("created_at", "event_type" = 'signup_success') AS reached_signup_success_within_600s,
      max(CASE WHEN "event_type" = 'signup_attempt' AND "created_at" < ? AND addSeconds("created_at", 600) < ? THEN 1 ELSE 0 END) AS mature_signup_attempt_within_600s,
      groupArrayIf("created_at", "event_type" = 'signup_success') AS reached_signup_success_within_900s,
      max(CASE WHEN "event_type" = 'signup_attempt' AND "created_at" < ? AND addSeconds("created_at", 900) < ? THEN 1 ELSE 0 END) AS mature_signup_attempt_within_900s,
      groupArrayIf("created_at", "event_type" = 'signup_success') AS reached_signup_success_within_1800s,
      max(CASE WHEN "event_type" = 'signup_attempt' AND "created_at" < ? AND addSeconds("created_at", 1800) < ? THEN 1 ELSE 0 END) AS mature_signup_attempt_within_1800s,
      groupArrayIf("created_at", "event_type" = 'signup_success') AS reached_signup_success_within_3600s,
      max(CASE WHEN "event_type" = 'signup_attempt' AND "created_at" < ? AND addSeconds("created_at", 3600) < ? THEN 1 ELSE 0 END) AS mature_signup_attempt_within_3600s,
      groupArrayIf("created_at", "event_type" = 'signup_success') AS reached_signup_success_within_7200s,
      max(CASE WHEN "event_type" = 'signup_attempt' AND "created_at" < ? AND addSeconds("created_at", 7200) < ? THEN 1 ELSE 0 END) AS mature_signup_attempt_within_7200s,
      groupArrayIf("created_at", "event_type" = 'signup_success') AS reached_signup_success_within_14400s,
      max(CASE WHEN "event_type" = 'signup_attempt' AND "created_at" < ? AND addSeconds("created_at", 14400) < ? THEN 1 ELSE 0 END) AS mature_signup_attempt_within_14400s,
      groupArrayIf("created_at", "event_type" = 'signup_success') AS reached_signup_success_within_28800s,
      max(CASE WHEN "event_type" = 'signup_attempt' AND "created_at" < ? AND addSeconds("created_at", 28800) < ? THEN 1 ELSE 0 END) AS mature_signup_attempt_within_28800s,
      groupArrayIf("created_at", "event_type" = 'signup_success') AS reached_signup_success_within_43200s,
      max(CASE WHEN "event_type" = 'signup_attempt' AND "created_at" < ? AND addSeconds("created_at", 43200) < ? THEN 1 ELSE 0 END) AS mature_signup_attempt_within_43200s,
      groupArrayIf("created_at", "event_type" = 'signup_success') AS reached_signup_success_within_86400s,
      max(CASE WHEN "event_type" = 'signup_attempt' AND "created_at" < ? AND addSeconds("created_at", 86400) < ? THEN 1 ELSE 0 END) AS mature_signup_attempt_within_86400s,
      groupArrayIf("created_at", "event_type" = 'signup_success') AS reached_signup_success_within_172800s,
      max(CASE WHEN "event_type" = 'signup_attempt' AND "created_at" < ? AND addSeconds("created_at", 172800) < ? THEN 1 ELSE 0 END) AS mature_signup_attempt_within_172800s,
      groupArrayIf("created_at", "event_type" = 'signup_success') AS reached_signup_success_within_259200s,
      max(CASE WHEN "event_type" = 'signup_attempt' AND "created_at" < ? AND addSeconds("created_at", 259200) < ? THEN 1 ELSE 0 END) AS mature_signup_attempt_within_259200s,
      groupArrayIf("created_at", "event_type" = 'signup_success') AS reached_signup_success_within_432000s,
      max(CASE WHEN "event_type" = 'signup_attempt' AND "created_at" < ? AND addSeconds("created_at", 432000) < ? THEN 1 ELSE 0 END) AS mature_signup_attempt_within_432000s
    FROM "events"
    WHERE "created_at" >= ?
      AND "created_at" < ?
      AND "event_type" IN ('signup_attempt', 'signup_success')
    GROUP BY "user_id", "session_id"
  ) AS units
) AS lags
WHERE "age_upto" IS NOT NULL OR "lag_upto" IS NOT NULL
GROUP BY "ref", "age_upto", "lag_upto"
ORDER BY "ref", "age_upto", "lag_upto";
