-- e.signup.attempt(any).within(1h)
SELECT
  countIf(ifNull(first_signup_attempt IS NOT NULL, 0)) AS "trials",
  countIf(ifNull(first_signup_attempt IS NOT NULL AND converts_signup_attempt_within_1h IS NOT NULL, 0)) AS "successes"
FROM (
  SELECT
    min(CASE WHEN "event_type" = 'signup_attempt' THEN "created_at" END) AS first_signup_attempt,
    if(notEmpty(arrayConcat(arrayFilter(f -> arrayExists(t -> t >= f AND t <= addSeconds(f, 3600), groupArrayIf("created_at", "event_type" = 'signup_success')), groupArrayIf("created_at", "event_type" = 'signup_attempt' AND CASE WHEN "event_type" = 'signup_success' THEN 0 ELSE 1 END = 1)), arrayFilter(f -> arrayCount(t -> t >= f AND t <= addSeconds(f, 3600), groupArrayIf("created_at", "event_type" = 'signup_success')) >= 2, groupArrayIf("created_at", "event_type" = 'signup_attempt' AND "event_type" = 'signup_success')))), arrayReduce('min', arrayConcat(arrayFilter(f -> arrayExists(t -> t >= f AND t <= addSeconds(f, 3600), groupArrayIf("created_at", "event_type" = 'signup_success')), groupArrayIf("created_at", "event_type" = 'signup_attempt' AND CASE WHEN "event_type" = 'signup_success' THEN 0 ELSE 1 END = 1)), arrayFilter(f -> arrayCount(t -> t >= f AND t <= addSeconds(f, 3600), groupArrayIf("created_at", "event_type" = 'signup_success')) >= 2, groupArrayIf("created_at", "event_type" = 'signup_attempt' AND "event_type" = 'signup_success')))), NULL) AS converts_signup_attempt_within_1h
  FROM "events"
  WHERE "created_at" >= ?
    AND "created_at" < ?
    AND "event_type" IN ('signup_attempt', 'signup_success')
  GROUP BY "user_id", "session_id"
) AS units;
