-- e.signup.context(channel,device='mobile').within(1d)
SELECT
  "channel",
  count(*) FILTER (WHERE first_signup_attempt IS NOT NULL AND mature_signup_attempt_within_1d = 1) AS "trials",
  count(*) FILTER (WHERE first_signup_attempt IS NOT NULL AND mature_signup_attempt_within_1d = 1 AND reached_signup_success_within_1d = 1) AS "successes",
  count(*) FILTER (WHERE first_signup_attempt IS NOT NULL AND mature_signup_attempt_within_1d = 0) AS "immature"
FROM (
  SELECT
    "channel",
    min(CASE WHEN "event_type" = 'signup_attempt' AND "created_at" < $1 THEN "created_at" END) AS first_signup_attempt,
    max(CASE WHEN "event_type" = 'signup_success' AND "created_at" >= anchor_first_signup_attempt AND "created_at" <= anchor_first_signup_attempt + INTERVAL '86400 seconds' THEN 1 ELSE 0 END) AS reached_signup_success_within_1d,
    max(CASE WHEN "event_type" = 'signup_attempt' AND "created_at" < $1 AND "created_at" + INTERVAL '86400 seconds' < $2 THEN 1 ELSE 0 END) AS mature_signup_attempt_within_1d
  FROM (
    SELECT
      "user_id",
      "session_id",
      "channel",
      "created_at",
      "event_type",
      min(CASE WHEN "event_type" = 'signup_attempt' AND "created_at" < $1 THEN "created_at" END) OVER (PARTITION BY "user_id", "session_id", "channel") AS anchor_first_signup_attempt
    FROM "events"
    WHERE "created_at" >= $3
      AND "created_at" < $2
      AND "channel" IS NOT NULL
      AND "device" = 'mobile'
  ) AS ev
  GROUP BY "user_id", "session_id", "channel"
) AS units
GROUP BY "channel"
ORDER BY "channel";
