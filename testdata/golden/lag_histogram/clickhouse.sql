-- lag histogram (ref, age_upto, lag_upto seconds, units) of:
-- e.signup.within(7d)
SELECT "ref", "age_upto", "lag_upto", COUNT(*) AS "units"
FROM (
  SELECT
    'e.signup.within(7d)' AS "ref",
    CASE WHEN first_signup_attempt IS NOT NULL THEN CASE WHEN addSeconds(first_signup_attempt, 60) >= ? THEN 60 WHEN addSeconds(first_signup_attempt, 120) >= ? THEN 120 WHEN addSeconds(first_signup_attempt, 300) >= ? THEN 300 WHEN addSeconds(first_signup_attempt, 600) >= ? THEN 600 WHEN addSeconds(first_signup_attempt, 900) >= ? THEN 900 WHEN addSeconds(first_signup_attempt, 1800) >= ? THEN 1800 WHEN addSeconds(first_signup_attempt, 3600) >= ? THEN 3600 WHEN addSeconds(first_signup_attempt, 7200) >= ? THEN 7200 WHEN addSeconds(first_signup_attempt, 14400) >= ? THEN 14400 WHEN addSeconds(first_signup_attempt, 28800) >= ? THEN 28800 WHEN addSeconds(first_signup_attempt, 43200) >= ? THEN 43200 WHEN addSeconds(first_signup_attempt, 86400) >= ? THEN 86400 WHEN addSeconds(first_signup_attempt, 172800) >= ? THEN 172800 WHEN addSeconds(first_signup_attempt, 259200) >= ? THEN 259200 WHEN addSeconds(first_signup_attempt, 432000) >= ? THEN 432000 WHEN addSeconds(first_signup_attempt, 604800) >= ? THEN 604800 END END AS "age_upto",
    CASE WHEN first_signup_attempt IS NOT NULL THEN CASE WHEN arrayExists(t -> t >= assumeNotNull(first_signup_attempt) AND t <= addSeconds(assumeNotNull(first_signup_attempt), 60), reached_signup_success_within_60s) THEN 60 WHEN arrayExists(t -> t >= assumeNotNull(first_signup_attempt) AND t <= addSeconds(assumeNotNull(first_signup_attempt), 120), reached_signup_success_within_120s) THEN 120 WHEN arrayExists(t -> t >= assumeNotNull(first_signup_attempt) AND t <= addSeconds(assumeNotNull(first_signup_attempt), 300), reached_signup_success_within_300s) THEN 300 WHEN arrayExists(t -> t >= assumeNotNull(first_signup_attempt) AND t <= addSeconds(assumeNotNull(first_signup_attempt), 600), reached_signup_success_within_600s) THEN 600 WHEN arrayExists(t -> t >= assumeNotNull(first_signup_attempt) AND t <= addSeconds(assumeNotNull(first_signup_attempt), 900), reached_signup_success_within_900s) THEN 900 WHEN arrayExists(t -> t >= assumeNotNull(first_signup_attempt) AND t <= addSeconds(assumeNotNull(first_signup_attempt), 1800), reached_signup_success_within_1800s) THEN 1800 WHEN arrayExists(t -> t >= assumeNotNull(first_signup_attempt) AND t <= addSeconds(assumeNotNull(first_signup_attempt), 3600), reached_signup_success_within_3600s) THEN 3600 WHEN arrayExists(t -> t >= assumeNotNull(first_signup_attempt) AND t <= addSeconds(assumeNotNull(first_signup_attempt), 7200), reached_signup_success_within_7200s) THEN 7200 WHEN arrayExists(t -> t >= assumeNotNull(first_signup_attempt) AND t <= addSeconds(assumeNotNull(first_signup_attempt), 14400), reached_signup_success_within_14400s) THEN 14400 WHEN arrayExists(t -> t >= assumeNotNull(first_signup_attempt) AND t <= addSeconds(assumeNotNull(first_signup_attempt), 28800), reached_signup_success_within_28800s) THEN 28800 WHEN arrayExists(t -> t >= assumeNotNull(first_signup_attempt) AND t <= addSeconds(assumeNotNull(first_signup_attempt), 43200), reached_signup_success_within_43200s) THEN 43200 WHEN arrayExists(t -> t >= assumeNotNull(first_signup_attempt) AND t <= addSeconds(assumeNotNull(first_signup_attempt), 86400), reached_signup_success_within_86400s) THEN 86400 WHEN arrayExists(t -> t >= assumeNotNull(first_signup_attempt) AND t <= addSeconds(assumeNotNull(first_signup_attempt), 172800), reached_signup_success_within_172800s) THEN 172800 WHEN arrayExists(t -> t >= assumeNotNull(first_signup_attempt) AND t <= addSeconds(assumeNotNull(first_signup_attempt), 259200), reached_signup_success_within_259200s) THEN 259200 WHEN arrayExists(t -> t >= assumeNotNull(first_signup_attempt) AND t <= addSeconds(assumeNotNull(first_signup_attempt), 432000), reached_signup_success_within_432000s) THEN 432000 WHEN arrayExists(t -> t >= assumeNotNull(first_signup_attempt) AND t <= addSeconds(assumeNotNull(first_signup_attempt), 604800), reached_signup_success_within_7d) THEN 604800 END END AS "lag_upto"
  FROM (
    SELECT
      min(CASE WHEN "event_type" = 'signup_attempt' AND "created_at" < ? THEN "created_at" END) AS first_signup_attempt,
      groupArrayIf("created_at", "event_type" = 'signup_success') AS reached_signup_success_within_7d,
      max(CASE WHEN "event_type" = 'signup_attempt' AND "created_at" < ? AND addSeconds("created_at", 604800) < ? THEN 1 ELSE 0 END) AS mature_signup_attempt_within_7d,
      groupArrayIf("created_at", "event_type" = 'signup_success') AS reached_signup_success_within_60s,
      groupArrayIf("created_at", "event_type" = 'signup_success') AS reached_signup_success_within_120s,
      groupArrayIf("created_at", "event_type" = 'signup_success') AS reached_signup_success_within_300s,
      groupArrayIf("created_at", "event_type" = 'signup_success') AS reached_signup_success_within_600s,
      groupArrayIf("created_at", "event_type" = 'signup_success') AS reached_signup_success_within_900s,
      groupArrayIf("created_at", "event_type" = 'signup_success') AS reached_signup_success_within_1800s,
      groupArrayIf("created_at", "event_type" = 'signup_success') AS reached_signup_success_within_3600s,
      groupArrayIf("created_at", "event_type" = 'signup_success') AS reached_signup_success_within_7200s,
      groupArrayIf("created_at", "event_type" = 'signup_success') AS reached_signup_success_within_14400s,
      groupArrayIf("created_at", "event_type" = 'signup_success') AS reached_signup_success_within_28800s,
      groupArrayIf("created_at", "event_type" = 'signup_success') AS reached_signup_success_within_43200s,
      groupArrayIf("created_at", "event_type" = 'signup_success') AS reached_signup_success_within_86400s,
      groupArrayIf("created_at", "event_type" = 'signup_success') AS reached_signup_success_within_172800s,
      groupArrayIf("created_at", "event_type" = 'signup_success') AS reached_signup_success_within_259200s,
      groupArrayIf("created_at", "event_type" = 'signup_success') AS reached_signup_success_within_432000s
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
