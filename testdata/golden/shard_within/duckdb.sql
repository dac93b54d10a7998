-- e.signup.context(channel,device='mobile').within(1d)
SELECT
  entry_channel AS "channel",
  count(*) FILTER (WHERE first_signup_attempt IS NOT NULL AND entry_device = 1 AND mature_signup_attempt_within_1d = 1) AS "trials",
  count(*) FILTER (WHERE first_signup_attempt IS NOT NULL AND entry_device = 1 AND mature_signup_attempt_within_1d = 1 AND reached_signup_success_within_1d = 1) AS "successes",
  count(*) FILTER (WHERE first_signup_attempt IS NOT NULL AND entry_device = 1 AND mature_signup_attempt_within_1d = 0) AS "immature"
FROM (
  SELECT
    min(CASE WHEN "event_type" = 'signup_attempt' AND "created_at" < ? THEN "created_at" END) AS first_signup_attempt,
    max(CASE WHEN "event_type" = 'signup_success' AND "created_at" >= anchor_first_signup_attempt AND "created_at" <= anchor_first_signup_attempt + INTERVAL '86400' SECOND THEN 1 ELSE 0 END) AS reached_signup_success_within_1d,
    (min({'t': "created_at", 'n': "channel" IS NULL, 'v': "channel"}) FILTER (WHERE "event_type" = 'signup_attempt' AND "created_at" < ?)).v AS entry_channel,
    NULLIF((min(epoch_us("created_at") * 4 + CASE WHEN "device" = 'mobile' THEN 1 WHEN "device" IS NULL THEN 3 WHEN "device" < 'mobile' THEN 0 ELSE 2 END) FILTER (WHERE "event_type" = 'signup_attempt' AND "created_at" < ?) & 3), 3) AS entry_device,
    max(CASE WHEN "event_type" = 'signup_attempt' AND "created_at" < ? AND "created_at" + INTERVAL '86400' SECOND < ? THEN 1 ELSE 0 END) AS mature_signup_attempt_within_1d
  FROM (
    SELECT
      "user_id",
      "session_id",
      "created_at",
      "event_type",
      "channel",
      "device",
      min(CASE WHEN "event_type" = 'signup_attempt' AND "created_at" < ? THEN "created_at" END) OVER (PARTITION BY "user_id", "session_id") AS anchor_first_signup_attempt
    FROM "events"
    WHERE "created_at" >= ?
      AND "created_at" < ?
      AND "event_type" IN ('signup_attempt', 'signup_success')
  ) AS ev
  GROUP BY "user_id", "session_id"
) AS units
WHERE first_signup_attempt IS NOT NULL AND entry_device = 1
GROUP BY entry_channel
ORDER BY "channel";
