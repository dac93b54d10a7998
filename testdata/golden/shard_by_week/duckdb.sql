-- e.signup.context(channel).by(week)
SELECT
  entry_channel AS "channel",
  CAST(date_trunc('week', first_signup_attempt) AS DATE) AS "period",
  count(*) FILTER (WHERE first_signup_attempt IS NOT NULL) AS "trials",
  count(*) FILTER (WHERE first_signup_attempt IS NOT NULL AND last_signup_success >= first_signup_attempt) AS "successes"
FROM (
  SELECT
    min(CASE WHEN "event_type" = 'signup_attempt' THEN "created_at" END) AS first_signup_attempt,
    max(CASE WHEN "event_type" = 'signup_success' THEN "created_at" END) AS last_signup_success,
    (min({'t': "created_at", 'n': "channel" IS NULL, 'v': "channel"}) FILTER (WHERE "event_type" = 'signup_attempt')).v AS entry_channel
  FROM "events"
  WHERE "created_at" >= ?
    AND "created_at" < ?
    AND "event_type" IN ('signup_attempt', 'signup_success')
  GROUP BY "user_id", "session_id"
) AS units
WHERE first_signup_attempt IS NOT NULL AND first_signup_attempt IS NOT NULL
GROUP BY entry_channel, CAST(date_trunc('week', first_signup_attempt) AS DATE)
ORDER BY "channel", "period";
