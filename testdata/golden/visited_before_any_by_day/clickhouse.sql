-- e.signup.visitedBefore(pricing).attempt(any).within(1h).by(day)
SELECT
  toDate(COALESCE(converts_signup_attempt_within_1h, first_signup_attempt)) AS "period",
  countIf(ifNull(first_signup_attempt IS NOT NULL AND first_at_pricing <= first_signup_attempt, 0)) AS "trials",
  countIf(ifNull(first_signup_attempt IS NOT NULL AND first_at_pricing <= first_signup_attempt AND converts_signup_attempt_within_1h IS NOT NULL, 0)) AS "successes"
FROM (
  SELECT
    min(CASE WHEN "event_type" = 'signup_attempt' THEN "created_at" END) AS first_signup_attempt,
    min(CASE WHEN "node_slug" = 'pricing' THEN "created_at" END) AS first_at_pricing,
    if(notEmpty(arrayConcat(arrayFilter(f -> arrayExists(t -> t >= f AND t <= addSeconds(f, 3600), groupArrayIf("created_at", "event_type" = 'signup_success')), groupArrayIf("created_at", "event_type" = 'signup_attempt' AND CASE WHEN "event_type" = 'signup_success' THEN 0 ELSE 1 END = 1)), arrayFilter(f -> arrayCount(t -> t >= f AND t <= addSeconds(f, 3600), groupArrayIf("created_at", "event_type" = 'signup_success')) >= 2, groupArrayIf("created_at", "event_type" = 'signup_attempt' AND "event_type" = 'signup_success')))), arrayReduce('min', arrayConcat(arrayFilter(f -> arrayExists(t -> t >= f AND t <= addSeconds(f, 3600), groupArrayIf("created_at", "event_type" = 'signup_success')), groupArrayIf("created_at", "event_type" = 'signup_attempt' AND CASE WHEN "event_type" = 'signup_success' THEN 0 ELSE 1 END = 1)), arrayFilter(f -> arrayCount(t -> t >= f AND t <= addSeconds(f, 3600), groupArrayIf("created_at", "event_type" = 'signup_success')) >= 2, groupArrayIf("created_at", "event_type" = 'signup_attempt' AND "event_type" = 'signup_success')))), NULL) AS converts_signup_attempt_within_1h
  FROM "events"
  WHERE "created_at" >= ?
    AND "created_at" < ?
    AND ("event_type" IN ('signup_attempt', 'signup_success') OR "node_slug" = 'pricing')
  GROUP BY "user_id", "session_id"
) AS units
WHERE first_signup_attempt IS NOT NULL
GROUP BY toDate(COALESCE(converts_signup_attempt_within_1h, first_signup_attempt))
ORDER BY "period";
