-- e.signup.context(channel).attribution(event).by(week)
SELECT
  "channel",
  CAST(DATE_TRUNC('week', first_signup_attempt) AS DATE) AS "period",
  count(CASE WHEN first_signup_attempt IS NOT NULL THEN 1 END) AS "trials",
  count(CASE WHEN first_signup_attempt IS NOT NULL AND last_signup_success >= first_signup_attempt THEN 1 END) AS "successes"
FROM (
  SELECT
    "channel",
    min(CASE WHEN "event_type" = 'signup_attempt' THEN "created_at" END) AS first_signup_attempt,
    max(CASE WHEN "event_type" = 'signup_success' THEN "created_at" END) AS last_signup_success
  FROM "events"
  WHERE "created_at" >= $1
    AND "created_at" < $2
    AND "channel" IS NOT NULL
  GROUP BY "user_id", "session_id", "channel"
) AS units
WHERE first_signup_attempt IS NOT NULL
GROUP BY "channel", CAST(DATE_TRUNC('week', first_signup_attempt) AS DATE)
ORDER BY "channel", "period";
