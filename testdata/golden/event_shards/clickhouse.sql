-- e.signup.context(channel,device).attribution(event)
SELECT
  "channel",
  "device",
  countIf(ifNull(first_signup_attempt IS NOT NULL, 0)) AS "trials",
  countIf(ifNull(first_signup_attempt IS NOT NULL AND last_signup_success >= first_signup_attempt, 0)) AS "successes"
FROM (
  SELECT
    "channel",
    "device",
    min(CASE WHEN "event_type" = 'signup_attempt' THEN "created_at" END) AS first_signup_attempt,
    max(CASE WHEN "event_type" = 'signup_success' THEN "created_at" END) AS last_signup_success
  FROM "events"
  WHERE "created_at" >= ?
    AND "created_at" < ?
    AND "channel" IS NOT NULL
    AND "device" IS NOT NULL
  GROUP BY "user_id", "session_id", "channel", "device"
) AS units
GROUP BY "channel", "device"
ORDER BY "channel", "device";
