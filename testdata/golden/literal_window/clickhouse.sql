-- e.signup.context(channel='google').within(2h)
SELECT
  countIf(ifNull(first_signup_attempt IS NOT NULL AND if(notEmpty(arrayFilter(v -> isNotNull(v), arrayMap(p -> tupleElement(p, 2), arrayFilter(p -> tupleElement(p, 1) = assumeNotNull(first_signup_attempt), entry_channel)))), arrayReduce('min', arrayFilter(v -> isNotNull(v), arrayMap(p -> tupleElement(p, 2), arrayFilter(p -> tupleElement(p, 1) = assumeNotNull(first_signup_attempt), entry_channel)))), NULL) = 'google' AND mature_signup_attempt_within_2h = 1, 0)) AS "trials",
  countIf(ifNull(first_signup_attempt IS NOT NULL AND if(notEmpty(arrayFilter(v -> isNotNull(v), arrayMap(p -> tupleElement(p, 2), arrayFilter(p -> tupleElement(p, 1) = assumeNotNull(first_signup_attempt), entry_channel)))), arrayReduce('min', arrayFilter(v -> isNotNull(v), arrayMap(p -> tupleElement(p, 2), arrayFilter(p -> tupleElement(p, 1) = assumeNotNull(first_signup_attempt), entry_channel)))), NULL) = 'google' AND mature_signup_attempt_within_2h = 1 AND arrayExists(t -> t >= assumeNotNull(first_signup_attempt) AND t <= addSeconds(assumeNotNull(first_signup_attempt), 7200), reached_signup_success_within_2h), 0)) AS "successes",
  countIf(ifNull(first_signup_attempt IS NOT NULL AND if(notEmpty(arrayFilter(v -> isNotNull(v), arrayMap(p -> tupleElement(p, 2), arrayFilter(p -> tupleElement(p, 1) = assumeNotNull(first_signup_attempt), entry_channel)))), arrayReduce('min', arrayFilter(v -> isNotNull(v), arrayMap(p -> tupleElement(p, 2), arrayFilter(p -> tupleElement(p, 1) = assumeNotNull(first_signup_attempt), entry_channel)))), NULL) = 'google' AND mature_signup_attempt_within_2h = 0, 0)) AS "immature"
FROM (
  SELECT
    min(CASE WHEN "event_type" = 'signup_attempt' AND "created_at" < toDateTime('2025-02-01 12:30:00', 'UTC') THEN "created_at" END) AS first_signup_attempt,
    groupArrayIf("created_at", "event_type" = 'signup_success') AS reached_signup_success_within_2h,
    groupArrayIf(tuple("created_at", "channel"), "event_type" = 'signup_attempt' AND "created_at" < toDateTime('2025-02-01 12:30:00', 'UTC')) AS entry_channel,
    max(CASE WHEN "event_type" = 'signup_attempt' AND "created_at" < toDateTime('2025-02-01 12:30:00', 'UTC') AND addSeconds("created_at", 7200) < toDateTime('2025-02-01 12:30:00', 'UTC') THEN 1 ELSE 0 END) AS mature_signup_attempt_within_2h
  FROM "events"
  WHERE "created_at" >= toDateTime('2025-01-01 00:00:00', 'UTC')
    AND "created_at" < toDateTime('2025-02-01 12:30:00', 'UTC')
    AND "event_type" IN ('signup_attempt', 'signup_success')
  GROUP BY "user_id", "session_id"
) AS units
WHERE first_signup_attempt IS NOT NULL AND if(notEmpty(arrayFilter(v -> isNotNull(v), arrayMap(p -> tupleElement(p, 2), arrayFilter(p -> tupleElement(p, 1) = assumeNotNull(first_signup_attempt), entry_channel)))), arrayReduce('min', arrayFilter(v -> isNotNull(v), arrayMap(p -> tupleElement(p, 2), arrayFilter(p -> tupleElement(p, 1) = assumeNotNull(first_signup_attempt), entry_channel)))), NULL) = 'google';
