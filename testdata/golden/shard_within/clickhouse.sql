-- e.signup.context(channel,device='mobile').within(1d)
SELECT
  "channel",
  countIf(ifNull(first_signup_attempt IS NOT NULL AND mature_signup_attempt_within_1d = 1, 0)) AS "trials",
  countIf(ifNull(first_signup_attempt IS NOT NULL AND mature_signup_attempt_within_1d = 1 AND arrayExists(t -> t >= assumeNotNull(first_signup_attempt) AND t <= addSeconds(assumeNotNull(first_signup_attempt), 86400), reached_signup_success_within_1d), 0)) AS "successes",
  countIf(ifNull(first_signup_attempt IS NOT NULL AND mature_signup_attempt_within_1d = 0, 0)) AS "immature"
FROM (
  SELECT
    "channel",
    min(CASE WHEN "event_type" = 'signup_attempt' AND "created_at" < ? THEN "created_at" END) AS first_signup_attempt,
    groupArrayIf("created_at", "event_type" = 'signup_success') AS reached_signup_success_within_1d,
    max(CASE WHEN "event_type" = 'signup_attempt' AND "created_at" < ? AND addSeconds("created_at", 86400) < ? THEN 1 ELSE 0 END) AS mature_signup_attempt_within_1d
  FROM "events"
  WHERE "created_at" >= ?
    AND "created_at" < ?
    AND "channel" IS NOT NULL
    AND "device" = 'mobile'
  GROUP BY "user_id", "session_id", "channel"
) AS units
GROUP BY "channel"
ORDER BY "channel";
