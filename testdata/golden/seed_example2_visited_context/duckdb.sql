-- e.signup.visited(homepage,pricing).context(channel='google',device='mobile').p.mean
SELECT
  count(*) FILTER (WHERE first_signup_attempt IS NOT NULL AND at_homepage = 1 AND at_pricing = 1 AND entry_channel = 1 AND entry_device = 1) AS "trials",
  count(*) FILTER (WHERE first_signup_attempt IS NOT NULL AND at_homepage = 1 AND at_pricing = 1 AND entry_channel = 1 AND entry_device = 1 AND epoch_us(last_signup_success) >= first_signup_attempt) AS "successes"
FROM (
  SELECT
    *,
    (visited_flags >> 0) & 1 AS at_homepage,
    (visited_flags >> 1) & 1 AS at_pricing
  FROM (
    SELECT
      (min(epoch_us("created_at") * 4 + CASE WHEN "channel" = 'google' THEN 1 WHEN "channel" IS NULL THEN 3 WHEN "channel" < 'google' THEN 0 ELSE 2 END) FILTER (WHERE "event_type" = 'signup_attempt') >> 2) AS first_signup_attempt,
      max(CASE WHEN "event_type" = 'signup_success' THEN "created_at" END) AS last_signup_success,
      NULLIF((min(epoch_us("created_at") * 4 + CASE WHEN "channel" = 'google' THEN 1 WHEN "channel" IS NULL THEN 3 WHEN "channel" < 'google' THEN 0 ELSE 2 END) FILTER (WHERE "event_type" = 'signup_attempt') & 3), 3) AS entry_channel,
      NULLIF((min(epoch_us("created_at") * 4 + CASE WHEN "device" = 'mobile' THEN 1 WHEN "device" IS NULL THEN 3 WHEN "device" < 'mobile' THEN 0 ELSE 2 END) FILTER (WHERE "event_type" = 'signup_attempt') & 3), 3) AS entry_device,
      bit_or(CASE "node_slug" WHEN 'homepage' THEN 1 WHEN 'pricing' THEN 2 ELSE 0 END) AS visited_flags
    FROM "events"
    WHERE "created_at" >= ?
      AND "created_at" < ?
      AND (CASE WHEN "event_type" IN ('signup_attempt', 'signup_success') THEN true ELSE "node_slug" IN ('homepage', 'pricing') END)
    GROUP BY "user_id", "session_id"
  ) AS flagged
) AS units
WHERE first_signup_attempt IS NOT NULL AND entry_channel = 1 AND entry_device = 1;
