-- e.signup.contextAny(channel='bing',channel='google',device='mobile')
SELECT
  count(*) FILTER (WHERE first_signup_attempt IS NOT NULL AND entry_channel IN (1, 3) AND entry_device = 1) AS "trials",
  count(*) FILTER (WHERE first_signup_attempt IS NOT NULL AND entry_channel IN (1, 3) AND entry_device = 1 AND epoch_us(last_signup_success) >= first_signup_attempt) AS "successes"
FROM (
  SELECT
    (min(epoch_us("created_at") * 8 + CASE WHEN "channel" = 'bing' THEN 1 WHEN "channel" = 'google' THEN 3 WHEN "channel" IS NULL THEN 5 WHEN "channel" < 'bing' THEN 0 WHEN "channel" < 'google' THEN 2 ELSE 4 END) FILTER (WHERE "event_type" = 'signup_attempt') >> 3) AS first_signup_attempt,
    max(CASE WHEN "event_type" = 'signup_success' THEN "created_at" END) AS last_signup_success,
    NULLIF((min(epoch_us("created_at") * 8 + CASE WHEN "channel" = 'bing' THEN 1 WHEN "channel" = 'google' THEN 3 WHEN "channel" IS NULL THEN 5 WHEN "channel" < 'bing' THEN 0 WHEN "channel" < 'google' THEN 2 ELSE 4 END) FILTER (WHERE "event_type" = 'signup_attempt') & 7), 5) AS entry_channel,
    NULLIF((min(epoch_us("created_at") * 4 + CASE WHEN "device" = 'mobile' THEN 1 WHEN "device" IS NULL THEN 3 WHEN "device" < 'mobile' THEN 0 ELSE 2 END) FILTER (WHERE "event_type" = 'signup_attempt') & 3), 3) AS entry_device
  FROM "events"
  WHERE "created_at" >= ?
    AND "created_at" < ?
    AND "event_type" IN ('signup_attempt', 'signup_success')
  GROUP BY "user_id", "session_id"
) AS units
WHERE first_signup_attempt IS NOT NULL AND entry_channel IN (1, 3) AND entry_device = 1;
