-- e.signup.within(7d)
SELECT
  countIf(ifNull(first_signup_attempt IS NOT NULL, 0)) AS "trials",
  countIf(ifNull(first_signup_attempt IS NOT NULL AND arrayExists(t -> t >= assumeNotNull(first_signup_attempt) AND t <= addSeconds(assumeNotNull(first_signup_attempt), 604800), reached_signup_success_within_7d), 0)) AS "successes"
FROM (
  SELECT
    min(CASE WHEN "event_type" = 'signup_attempt' THEN "created_at" END) AS first_signup_attempt,
    groupArrayIf("created_at", "event_type" = 'signup_success') AS reached_signup_success_within_7d
  FROM "events"
  WHERE "created_at" >= ?
    AND "created_at" < ?
    AND "event_type" IN ('signup_attempt', 'signup_success')
  GROUP BY "user_id", "session_id"
) AS units;
