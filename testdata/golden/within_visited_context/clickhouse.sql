-- e.signup.visited(pricing).context(device='mobile').within(36h)
SELECT
  countIf(ifNull(first_signup_attempt IS NOT NULL AND at_pricing = 1 AND if(notEmpty(arrayFilter(v -> isNotNull(v), arrayMap(p -> tupleElement(p, 2), arrayFilter(p -> tupleElement(p, 1) = assumeNotNull(first_signup_attempt), entry_device)))), arrayReduce('min', arrayFilter(v -> isNotNull(v), arrayMap(p -> tupleElement(p, 2), arrayFilter(p -> tupleElement(p, 1) = assumeNotNull(first_signup_attempt), entry_device)))), NULL) = 'mobile' AND mature_signup_attempt_within_36h = 1, 0)) AS "trials",
  countIf(ifNull(first_signup_attempt IS NOT NULL AND at_pricing = 1 AND if(notEmpty(arrayFilter(v -> isNotNull(v), arrayMap(p -> tupleElement(p, 2), arrayFilter(p -> tupleElement(p, 1) = assumeNotNull(first_signup_attempt), entry_device)))), arrayReduce('min', arrayFilter(v -> isNotNull(v), arrayMap(p -> tupleElement(p, 2), arrayFilter(p -> tupleElement(p, 1) = assumeNotNull(first_signup_attempt), entry_device)))), NULL) = 'mobile' AND mature_signup_attempt_within_36h = 1 AND arrayExists(t -> t >= assumeNotNull(first_signup_attempt) AND t <= addSeconds(assumeNotNull(first_signup_attempt), 129600), reached_signup_success_within_36h), 0)) AS "successes",
  countIf(ifNull(first_signup_attempt IS NOT NULL AND at_pricing = 1 AND if(notEmpty(arrayFilter(v -> isNotNull(v), arrayMap(p -> tupleElement(p, 2), arrayFilter(p -> tupleElement(p, 1) = assumeNotNull(first_signup_attempt), entry_device)))), arrayReduce('min', arrayFilter(v -> isNotNull(v), arrayMap(p -> tupleElement(p, 2), arrayFilter(p -> tupleElement(p, 1) = assumeNotNull(first_signup_attempt), entry_device)))), NULL) = 'mobile' AND mature_signup_attempt_within_36h = 0, 0)) AS "immature"
FROM (
  SELECT
    min(CASE WHEN "event_type" = 'signup_attempt' AND "created_at" < ? THEN "created_at" END) AS first_signup_attempt,
    max(CASE WHEN "node_slug" = 'pricing' AND "created_at" < ? THEN 1 ELSE 0 END) AS at_pricing,
    groupArrayIf("created_at", "event_type" = 'signup_success') AS reached_signup_success_within_36h,
    groupArrayIf(tuple("created_at", "device"), "event_type" = 'signup_attempt' AND "created_at" < ?) AS entry_device,
    max(CASE WHEN "event_type" = 'signup_attempt' AND "created_at" < ? AND addSeconds("created_at", 129600) < ? THEN 1 ELSE 0 END) AS mature_signup_attempt_within_36h
  FROM "events"
  WHERE "created_at" >= ?
    AND "created_at" < ?
    AND ("event_type" IN ('signup_attempt', 'signup_success') OR "node_slug" = 'pricing')
  GROUP BY "user_id", "session_id"
) AS units
WHERE first_signup_attempt IS NOT NULL AND if(notEmpty(arrayFilter(v -> isNotNull(v), arrayMap(p -> tupleElement(p, 2), arrayFilter(p -> tupleElement(p, 1) = assumeNotNull(first_signup_attempt), entry_device)))), arrayReduce('min', arrayFilter(v -> isNotNull(v), arrayMap(p -> tupleElement(p, 2), arrayFilter(p -> tupleElement(p, 1) = assumeNotNull(first_signup_attempt), entry_device)))), NULL) = 'mobile';
