-- e.signup.visited(pricing)
SELECT
  count(*) FILTER (WHERE first_signup_attempt IS NOT NULL AND at_pricing = 1) AS "trials",
  count(*) FILTER (WHERE first_signup_attempt IS NOT NULL AND at_pricing = 1 AND last_signup_success >= first_signup_attempt) AS "successes"
FROM (
  SELECT
    min(CASE WHEN "node_slug" = 'home' THEN "created_at" END) AS first_signup_attempt,
    max(CASE WHEN "event_type" = 'page_view' AND "node_slug" = 'pricing' THEN 1 ELSE 0 END) AS at_pricing,
    max(CASE WHEN "event_type" = 'signup_success' AND "node_slug" = 'welcome' THEN "created_at" END) AS last_signup_success
  FROM "events"
  WHERE "created_at" >= ?
    AND "created_at" < ?
    AND (CASE WHEN "node_slug" = 'home' THEN true WHEN "event_type" = 'signup_success' AND "node_slug" = 'welcome' THEN true ELSE "event_type" = 'page_view' AND "node_slug" = 'pricing' END)
  GROUP BY "user_id", "session_id"
) AS units;
