-- e.signup.context(channel,device).attribution(event)
SELECT
  "channel",
  "device",
  count(*) FILTER (WHERE first_signup_attempt IS NOT NULL) AS "trials",
  count(*) FILTER (WHERE first_signup_attempt IS NOT NULL AND last_signup_success >= first_signup_attempt) AS "successes"
FROM (
  SELECT
    "channel",
    "device",
    min(CASE WHEN "event_type" = 'signup_attempt' THEN "created_at" END) AS first_signup_attempt,
    max(CASE WHEN "event_type" = 'signup_success' THEN "created_at" END) AS last_signup_success
  FROM "events"
  WHERE "created_at" >= $1
    AND "created_at" < $2
    AND "channel" IS NOT NULL
    AND "device" IS NOT NULL
  GROUP BY "user_id", "session_id", "channel", "device"
) AS units
GROUP BY "channel", "device"
ORDER BY "channel", "device";
