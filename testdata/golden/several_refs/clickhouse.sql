-- e.signup.context(channel='google')
SELECT
  countIf(ifNull(first_signup_attempt IS NOT NULL AND if(notEmpty(arrayFilter(v -> isNotNull(v), arrayMap(p -> tupleElement(p, 2), arrayFilter(p -> tupleElement(p, 1) = assumeNotNull(first_signup_attempt), entry_channel)))), arrayReduce('min', arrayFilter(v -> isNotNull(v), arrayMap(p -> tupleElement(p, 2), arrayFilter(p -> tupleElement(p, 1) = assumeNotNull(first_signup_attempt), entry_channel)))), NULL) = 'google', 0)) AS "trials",
  countIf(ifNull(first_signup_attempt IS NOT NULL AND if(notEmpty(arrayFilter(v -> isNotNull(v), arrayMap(p -> tupleElement(p, 2), arrayFilter(p -> tupleElement(p, 1) = assumeNotNull(first_signup_attempt), entry_channel)))), arrayReduce('min', arrayFilter(v -> isNotNull(v), arrayMap(p -> tupleElement(p, 2), arrayFilter(p -> tupleElement(p, 1) = assumeNotNull(first_signup_attempt), entry_channel)))), NULL) = 'google' AND last_signup_success >= first_signup_attempt, 0)) AS "successes"
FROM (
  SELECT
    min(CASE WHEN "event_type" = 'signup_attempt' THEN "created_at" END) AS first_signup_attempt,
    max(CASE WHEN "event_type" = 'signup_success' THEN "created_at" END) AS last_signup_success,
    groupArrayIf(tuple("created_at", "channel"), "event_type" = 'signup_attempt') AS entry_channel
  FROM "events"
  WHERE "created_at" >= ?
    AND "created_at" < ?
    AND "event_type" IN ('signup_attempt', 'signup_success')
  GROUP BY "user_id", "session_id"
) AS units
WHERE first_signup_attempt IS NOT NULL AND if(notEmpty(arrayFilter(v -> isNotNull(v), arrayMap(p -> tupleElement(p, 2), arrayFilter(p -> tupleElement(p, 1) = assumeNotNull(first_signup_attempt), entry_channel)))), arrayReduce('min', arrayFilter(v -> isNotNull(v), arrayMap(p -> tupleElement(p, 2), arrayFilter(p -> tupleElement(p, 1) = assumeNotNull(first_signup_attempt), entry_channel)))), NULL) = 'google';

-- e.checkout.visited(pricing)
SELECT
  countIf(ifNull(first_checkout_attempt IS NOT NULL AND at_pricing = 1, 0)) AS "trials",
  countIf(ifNull(first_checkout_attempt IS NOT NULL AND at_pricing = 1 AND last_checkout_success >= first_checkout_attempt, 0)) AS "successes"
FROM (
  SELECT
    min(CASE WHEN "event_type" = 'checkout_attempt' THEN "created_at" END) AS first_checkout_attempt,
    max(CASE WHEN "node_slug" = 'pricing' THEN 1 ELSE 0 END) AS at_pricing,
    max(CASE WHEN "event_type" = 'checkout_success' THEN "created_at" END) AS last_checkout_success
  FROM "events"
  WHERE "created_at" >= ?
    AND "created_at" < ?
    AND ("event_type" IN ('checkout_attempt', 'checkout_success') OR "node_slug" = 'pricing')
  GROUP BY "user_id", "session_id"
) AS units;

-- e.from(homepage).to(pricing).by(week)
SELECT
  toMonday(first_homepage) AS "period",
  countIf(ifNull(first_homepage IS NOT NULL, 0)) AS "trials",
  countIf(ifNull(first_homepage IS NOT NULL AND last_pricing >= first_homepage, 0)) AS "successes"
FROM (
  SELECT
    min(CASE WHEN "node_slug" = 'homepage' THEN "created_at" END) AS first_homepage,
    max(CASE WHEN "node_slug" = 'pricing' THEN "created_at" END) AS last_pricing
  FROM "events"
  WHERE "created_at" >= ?
    AND "created_at" < ?
    AND "node_slug" IN ('homepage', 'pricing')
  GROUP BY "user_id", "session_id"
) AS units
WHERE first_homepage IS NOT NULL
GROUP BY toMonday(first_homepage)
ORDER BY "period";
