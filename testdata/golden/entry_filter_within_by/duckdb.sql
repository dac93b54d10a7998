-- e.signup.context(device='mobile').contextAny(channel='bing',channel='google').within(1d).by(day)
SELECT
  CAST(date_trunc('day', first_signup_attempt) AS DATE) AS "period",
  count(*) FILTER (WHERE first_signup_attempt IS NOT NULL AND entry_device = 1 AND entry_channel IN (1, 3) AND mature_signup_attempt_within_1d = 1) AS "trials",
  count(*) FILTER (WHERE first_signup_attempt IS NOT NULL AND entry_device = 1 AND entry_channel IN (1, 3) AND mature_signup_attempt_within_1d = 1 AND reached_signup_success_within_1d = 1) AS "successes",
  count(*) FILTER (WHERE first_signup_attempt IS NOT NULL AND entry_device = 1 AND entry_channel IN (1, 3) AND mature_signup_attempt_within_1d = 0) AS "immature"
FROM (
  SELECT
    min(CASE WHEN "event_type" = 'signup_attempt' AND "created_at" < ? THEN "created_at" END) AS first_signup_attempt,
    max(CASE WHEN "event_type" = 'signup_success' AND "created_at" >= anchor_first_signup_attempt AND "created_at" <= anchor_first_signup_attempt + INTERVAL '86400' SECOND THEN 1 ELSE 0 END) AS reached_signup_success_within_1d,
    NULLIF((min(epoch_us("created_at") * 4 + CASE WHEN "device" = 'mobile' THEN 1 WHEN "device" IS NULL THEN 3 WHEN "device" < 'mobile' THEN 0 ELSE 2 END) FILTER (WHERE "event_type" = 'signup_attempt' AND "created_at" < ?) & 3), 3) AS entry_device,
    NULLIF((min(epoch_us("created_at") * 8 + CASE WHEN "channel" = 'bing' THEN 1 WHEN "channel" = 'google' THEN 3 WHEN "channel" IS NULL THEN 5 WHEN "channel" < 'bing' THEN 0 WHEN "channel" < 'google' THEN 2 ELSE 4 END) FILTER (WHERE "event_type" = 'signup_attempt' AND "created_at" < ?) & 7), 5) AS entry_channel,
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
WHERE first_signup_attempt IS NOT NULL AND first_signup_attempt IS NOT NULL AND entry_device = 1 AND entry_channel IN (1, 3)
GROUP BY CAST(date_trunc('day', first_signup_attempt) AS DATE)
ORDER BY "period";
