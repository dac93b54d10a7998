-- e.signup.excludeBetween(docs,pricing).within(1h)
SELECT
  countIf(ifNull(first_signup_attempt IS NOT NULL AND mature_signup_attempt_within_1h = 1, 0)) AS "trials",
  countIf(ifNull(first_signup_attempt IS NOT NULL AND mature_signup_attempt_within_1h = 1 AND (arrayCount(t -> t >= assumeNotNull(first_signup_attempt) AND t <= addSeconds(assumeNotNull(first_signup_attempt), 0), count_signup_success_at_anchor) >= 1 OR if(notEmpty(arrayFilter(t -> t > assumeNotNull(first_signup_attempt), next_signup_success)), arrayReduce('min', arrayFilter(t -> t > assumeNotNull(first_signup_attempt), next_signup_success)), NULL) IS NOT NULL AND if(notEmpty(arrayFilter(t -> t > assumeNotNull(first_signup_attempt), next_signup_success)), arrayReduce('min', arrayFilter(t -> t > assumeNotNull(first_signup_attempt), next_signup_success)), NULL) <= addSeconds(first_signup_attempt, 3600) AND CASE WHEN if(notEmpty(arrayFilter(t -> t > assumeNotNull(first_signup_attempt), next_signup_success)), arrayReduce('min', arrayFilter(t -> t > assumeNotNull(first_signup_attempt), next_signup_success)), NULL) > if(notEmpty(arrayFilter(t -> t > assumeNotNull(first_signup_attempt), next_between_excluded)), arrayReduce('min', arrayFilter(t -> t > assumeNotNull(first_signup_attempt), next_between_excluded)), NULL) THEN 0 ELSE 1 END = 1), 0)) AS "successes",
  countIf(ifNull(first_signup_attempt IS NOT NULL AND mature_signup_attempt_within_1h = 0, 0)) AS "immature"
FROM (
  SELECT
    min(CASE WHEN "event_type" = 'signup_attempt' AND "created_at" < ? THEN "created_at" END) AS first_signup_attempt,
    groupArrayIf("created_at", "event_type" = 'signup_success') AS count_signup_success_at_anchor,
    groupArrayIf("created_at", "event_type" = 'signup_success') AS next_signup_success,
    groupArrayIf("created_at", ("node_slug" = 'docs' OR "node_slug" = 'pricing')) AS next_between_excluded,
    max(CASE WHEN "event_type" = 'signup_attempt' AND "created_at" < ? AND addSeconds("created_at", 3600) < ? THEN 1 ELSE 0 END) AS mature_signup_attempt_within_1h
  FROM "events"
  WHERE "created_at" >= ?
    AND "created_at" < ?
    AND ("event_type" IN ('signup_attempt', 'signup_success') OR "node_slug" IN ('docs', 'pricing'))
  GROUP BY "user_id", "session_id"
) AS units;
