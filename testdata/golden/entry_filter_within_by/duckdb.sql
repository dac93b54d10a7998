-- e.signup.context(device='mobile').contextAny(channel='bing',channel='google').within(1d).by(day)
SELECT
  CAST(date_trunc('day', first_signup_attempt) AS DATE) AS "period",
  count(*) FILTER (WHERE first_signup_attempt IS NOT NULL AND entry_device = 'mobile' AND entry_channel IN ('bing', 'google') AND mature_signup_attempt_within_1d = 1) AS "trials",
  count(*) FILTER (WHERE first_signup_attempt IS NOT NULL AND entry_device = 'mobile' AND entry_channel IN ('bing', 'google') AND mature_signup_attempt_within_1d = 1 AND reached_signup_success_within_1d = 1) AS "successes",
  count(*) FILTER (WHERE first_signup_attempt IS NOT NULL AND entry_device = 'mobile' AND entry_channel IN ('bing', 'google') AND mature_signup_attempt_within_1d = 0) AS "immature"
FROM (
  SELECT
    min(CASE WHEN "event_type" = 'signup_attempt' AND "created_at" < ? THEN "created_at" END) AS first_signup_attempt,
    max(CASE WHEN "event_type" = 'signup_success' AND "created_at" >= anchor_first_signup_attempt AND "created_at" <= anchor_first_signup_attempt + INTERVAL '86400' SECOND THEN 1 ELSE 0 END) AS reached_signup_success_within_1d,
    (min({'t': "created_at", 'n': "device" IS NULL, 'v': "device"}) FILTER (WHERE "event_type" = 'signup_attempt' AND "created_at" < ?)).v AS entry_device,
    (min({'t': "created_at", 'n': "channel" IS NULL, 'v': "channel"}) FILTER (WHERE "event_type" = 'signup_attempt' AND "created_at" < ?)).v AS entry_channel,
    max(CASE WHEN "event_type" = 'signup_attempt' AND "created_at" < ? AND "created_at" + INTERVAL '86400' SECOND < ? THEN 1 ELSE 0 END) AS mature_signup_attempt_within_1d
  FROM (
    SELECT
      "user_id",
      "session_id",
      "created_at",
      "event_type",
      "device",
      "channel",
      min(CASE WHEN "event_type" = 'signup_attempt' AND "created_at" < ? THEN "created_at" END) OVER (PARTITION BY "user_id", "session_id") AS anchor_first_signup_attempt
    FROM "events"
    WHERE "created_at" >= ?
      AND "created_at" < ?
      AND "event_type" IN ('signup_attempt', 'signup_success')
  ) AS ev
  GROUP BY "user_id", "session_id"
) AS units
WHERE first_signup_attempt IS NOT NULL AND first_signup_attempt IS NOT NULL AND entry_device = 'mobile' AND entry_channel IN ('bing', 'google')
GROUP BY CAST(date_trunc('day', first_signup_attempt) AS DATE)
ORDER BY "period";
