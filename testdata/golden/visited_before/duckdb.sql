-- e.signup.visitedBefore(homepage,pricing)
SELECT
  count(*) FILTER (WHERE first_signup_attempt IS NOT NULL AND first_at_homepage <= first_signup_attempt AND first_at_pricing <= first_signup_attempt) AS "trials",
  count(*) FILTER (WHERE first_signup_attempt IS NOT NULL AND first_at_homepage <= first_signup_attempt AND first_at_pricing <= first_signup_attempt AND last_signup_success >= first_signup_attempt) AS "successes"
FROM (
  SELECT
    min(CASE WHEN "event_type" = 'signup_attempt' THEN "created_at" END) AS first_signup_attempt,
    min(CASE WHEN "node_slug" = 'homepage' THEN "created_at" END) AS first_at_homepage,
    min(CASE WHEN "node_slug" = 'pricing' THEN "created_at" END) AS first_at_pricing,
    max(CASE WHEN "event_type" = 'signup_success' THEN "created_at" END) AS last_signup_success
  FROM "events"
  WHERE "created_at" >= ?
    AND "created_at" < ?
    AND (CASE WHEN "event_type" IN ('signup_attempt', 'signup_success') THEN true ELSE "node_slug" IN ('homepage', 'pricing') END)
  GROUP BY "user_id", "session_id"
) AS units;
