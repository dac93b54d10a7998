-- e.signup.context(channel='google').within(2h)
SELECT
  count(*) FILTER (WHERE first_signup_attempt IS NOT NULL AND entry_channel = 1 AND mature_signup_attempt_within_2h = 1) AS "trials",
  count(*) FILTER (WHERE first_signup_attempt IS NOT NULL AND entry_channel = 1 AND mature_signup_attempt_within_2h = 1 AND reached_signup_success_within_2h = 1) AS "successes",
  count(*) FILTER (WHERE first_signup_attempt IS NOT NULL AND entry_channel = 1 AND mature_signup_attempt_within_2h = 0) AS "immature"
FROM (
  SELECT
    min(CASE WHEN "event_type" = 'signup_attempt' AND "created_at" < TIMESTAMP '2025-02-01 12:30:00' THEN "created_at" END) AS first_signup_attempt,
    max(CASE WHEN "event_type" = 'signup_success' AND "created_at" >= anchor_first_signup_attempt AND "created_at" <= anchor_first_signup_attempt + INTERVAL '7200' SECOND THEN 1 ELSE 0 END) AS reached_signup_success_within_2h,
    NULLIF((min(epoch_us("created_at") * 4 + CASE WHEN "channel" = 'google' THEN 1 WHEN "channel" IS NULL THEN 3 WHEN "channel" < 'google' THEN 0 ELSE 2 END) FILTER (WHERE "event_type" = 'signup_attempt' AND "created_at" < TIMESTAMP '2025-02-01 12:30:00') & 3), 3) AS entry_channel,
    max(CASE WHEN "event_type" = 'signup_attempt' AND "created_at" < TIMESTAMP '2025-02-01 12:30:00' AND "created_at" + INTERVAL '7200' SECOND < TIMESTAMP '2025-02-01 12:30:00' THEN 1 ELSE 0 END) AS mature_signup_attempt_within_2h
  FROM (
    SELECT
      "user_id",
      "session_id",
      "created_at",
      "event_type",
      "channel",
      min(CASE WHEN "event_type" = 'signup_attempt' AND "created_at" < TIMESTAMP '2025-02-01 12:30:00' THEN "created_at" END) OVER (PARTITION BY "user_id", "session_id") AS anchor_first_signup_attempt
    FROM "events"
    WHERE "created_at" >= TIMESTAMP '2025-01-01 00:00:00'
      AND "created_at" < TIMESTAMP '2025-02-01 12:30:00'
      AND "event_type" IN ('signup_attempt', 'signup_success')
  ) AS ev
  GROUP BY "user_id", "session_id"
) AS units
WHERE first_signup_attempt IS NOT NULL AND entry_channel = 1;
