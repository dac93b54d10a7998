-- e.signup.excludeBetween(support).attempt(any).within(1h).by(day)
SELECT
  toDate(COALESCE(converts_signup_attempt_unblocked_within_1h, first_signup_attempt)) AS "period",
  countIf(ifNull(first_signup_attempt IS NOT NULL AND mature_signup_attempt_within_1h = 1, 0)) AS "trials",
  countIf(ifNull(first_signup_attempt IS NOT NULL AND mature_signup_attempt_within_1h = 1 AND converts_signup_attempt_unblocked_within_1h IS NOT NULL, 0)) AS "successes",
  countIf(ifNull(first_signup_attempt IS NOT NULL AND mature_signup_attempt_within_1h = 0, 0)) AS "immature"
FROM (
  SELECT
    min(CASE WHEN "event_type" = 'signup_attempt' AND "created_at" < ? THEN "created_at" END) AS first_signup_attempt,
    if(notEmpty(arrayConcat(arrayFilter(f -> arrayExists(t -> t >= f AND t <= addSeconds(f, 3600) AND NOT arrayExists(x -> x > f AND x < t, groupArrayIf("created_at", "node_slug" = 'support')), groupArrayIf("created_at", "event_type" = 'signup_success')), groupArrayIf("created_at", "event_type" = 'signup_attempt' AND "created_at" < ? AND CASE WHEN "event_type" = 'signup_success' THEN 0 ELSE 1 END = 1)), arrayFilter(f -> arrayCount(t -> t >= f AND t <= addSeconds(f, 3600) AND NOT arrayExists(x -> x > f AND x < t, groupArrayIf("created_at", "node_slug" = 'support')), groupArrayIf("created_at", "event_type" = 'signup_success')) >= 2, groupArrayIf("created_at", "event_type" = 'signup_attempt' AND "created_at" < ? AND "event_type" = 'signup_success')))), arrayReduce('min', arrayConcat(arrayFilter(f -> arrayExists(t -> t >= f AND t <= addSeconds(f, 3600) AND NOT arrayExists(x -> x > f AND x < t, groupArrayIf("created_at", "node_slug" = 'support')), groupArrayIf("created_at", "event_type" = 'signup_success')), groupArrayIf("created_at", "event_type" = 'signup_attempt' AND "created_at" < ? AND CASE WHEN "event_type" = 'signup_success' THEN 0 ELSE 1 END = 1)), arrayFilter(f -> arrayCount(t -> t >= f AND t <= addSeconds(f, 3600) AND NOT arrayExists(x -> x > f AND x < t, groupArrayIf("created_at", "node_slug" = 'support')), groupArrayIf("created_at", "event_type" = 'signup_success')) >= 2, groupArrayIf("created_at", "event_type" = 'signup_attempt' AND "created_at" < ? AND "event_type" = 'signup_success')))), NULL) AS converts_signup_attempt_unblocked_within_1h,
    max(CASE WHEN "event_type" = 'signup_attempt' AND "created_at" < ? AND addSeconds("created_at", 3600) < ? THEN 1 ELSE 0 END) AS mature_signup_attempt_within_1h
  FROM "events"
  WHERE "created_at" >= ?
    AND "created_at" < ?
    AND ("event_type" IN ('signup_attempt', 'signup_success') OR "node_slug" = 'support')
  GROUP BY "user_id", "session_id"
) AS units
WHERE first_signup_attempt IS NOT NULL
GROUP BY toDate(COALESCE(converts_signup_attempt_unblocked_within_1h, first_signup_attempt))
ORDER BY "period";
