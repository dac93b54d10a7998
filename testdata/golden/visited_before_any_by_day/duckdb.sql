-- e.signup.visitedBefore(pricing).attempt(any).within(1h).by(day)
SELECT
  CAST(date_trunc('day', COALESCE(converts_signup_attempt_within_1h, first_signup_attempt)) AS DATE) AS "period",
  count(*) FILTER (WHERE first_signup_attempt IS NOT NULL AND first_at_pricing <= first_signup_attempt AND mature_signup_attempt_within_1h = 1) AS "trials",
  count(*) FILTER (WHERE first_signup_attempt IS NOT NULL AND first_at_pricing <= first_signup_attempt AND mature_signup_attempt_within_1h = 1 AND converts_signup_attempt_within_1h IS NOT NULL) AS "successes",
  count(*) FILTER (WHERE first_signup_attempt IS NOT NULL AND first_at_pricing <= first_signup_attempt AND mature_signup_attempt_within_1h = 0) AS "immature"
FROM (
  SELECT
    min(CASE WHEN "event_type" = 'signup_attempt' AND "created_at" < ? THEN "created_at" END) AS first_signup_attempt,
    min(CASE WHEN "node_slug" = 'pricing' THEN "created_at" END) AS first_at_pricing,
    min(CASE WHEN "event_type" = 'signup_attempt' AND "created_at" < ? AND (next_converts_signup_attempt_within_1h <= "created_at" + INTERVAL '3600' SECOND OR prev_converts_signup_attempt_within_1h = "created_at") THEN "created_at" END) AS converts_signup_attempt_within_1h,
    max(CASE WHEN "event_type" = 'signup_attempt' AND "created_at" < ? AND "created_at" + INTERVAL '3600' SECOND < ? THEN 1 ELSE 0 END) AS mature_signup_attempt_within_1h
  FROM (
    SELECT
      "user_id",
      "session_id",
      "created_at",
      "event_type",
      "node_slug",
      min(CASE WHEN "event_type" = 'signup_success' THEN "created_at" END) OVER (PARTITION BY "user_id", "session_id" ORDER BY "created_at", CASE WHEN "event_type" = 'signup_success' THEN 1 ELSE 0 END, CASE WHEN "event_type" = 'signup_attempt' AND "created_at" < ? THEN 1 ELSE 0 END ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING) AS next_converts_signup_attempt_within_1h,
      max(CASE WHEN "event_type" = 'signup_success' THEN "created_at" END) OVER (PARTITION BY "user_id", "session_id" ORDER BY "created_at", CASE WHEN "event_type" = 'signup_success' THEN 1 ELSE 0 END, CASE WHEN "event_type" = 'signup_attempt' AND "created_at" < ? THEN 1 ELSE 0 END ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev_converts_signup_attempt_within_1h
    FROM "events"
    WHERE "created_at" >= ?
      AND "created_at" < ?
      AND (CASE WHEN "event_type" IN ('signup_attempt', 'signup_success') THEN true ELSE "node_slug" = 'pricing' END)
  ) AS ev
  GROUP BY "user_id", "session_id"
) AS units
WHERE first_signup_attempt IS NOT NULL
GROUP BY CAST(date_trunc('day', COALESCE(converts_signup_attempt_within_1h, first_signup_attempt)) AS DATE)
ORDER BY "period";
