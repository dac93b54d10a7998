-- e.signup.within(7d)
SELECT
  countIf(ifNull(first_signup_attempt IS NOT NULL AND mature_signup_attempt_within_7d = 1, 0)) AS "trials",
  countIf(ifNull(first_signup_attempt IS NOT NULL AND mature_signup_attempt_within_7d = 1 AND arrayExists(t -> t >= assumeNotNull(first_signup_attempt) AND t <= addSeconds(assumeNotNull(first_signup_attempt), 604800), reached_signup_success_within_7d), 0)) AS "successes",
  countIf(ifNull(first_signup_attempt IS NOT NULL AND mature_signup_attempt_within_7d = 0, 0)) AS "immature"
FROM (
  SELECT
    min(CASE WHEN "event_type" = 'signup_attempt' AND "created_at" < ? THEN "created_at" END) AS first_signup_attempt,
    groupArrayIf("created_at", "event_type" = 'signup_success') AS reached_signup_success_within_7d,
    max(CASE WHEN "event_type" = 'signup_attempt' AND "created_at" < ? AND addSeconds("created_at", 604800) < ? THEN 1 ELSE 0 END) AS mature_signup_attempt_within_7d
  FROM "events"
  WHERE "created_at" >= ?
    AND "created_at" < ?
    AND "event_type" IN ('signup_attempt', 'signup_success')
  GROUP BY "user_id", "session_id"
) AS units;
