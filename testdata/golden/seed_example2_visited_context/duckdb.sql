-- e.signup.visited(homepage,pricing).context(channel='google',device='mobile').p.mean
SELECT
  count(*) FILTER (WHERE first_signup_attempt IS NOT NULL AND at_homepage = 1 AND at_pricing = 1 AND entry_channel = 'google' AND entry_device = 'mobile') AS "trials",
  count(*) FILTER (WHERE first_signup_attempt IS NOT NULL AND at_homepage = 1 AND at_pricing = 1 AND entry_channel = 'google' AND entry_device = 'mobile' AND last_signup_success >= first_signup_attempt) AS "successes"
FROM (
  SELECT
    min(CASE WHEN "event_type" = 'signup_attempt' THEN "created_at" END) AS first_signup_attempt,
    max(CASE WHEN "node_slug" = 'homepage' THEN 1 ELSE 0 END) AS at_homepage,
    max(CASE WHEN "node_slug" = 'pricing' THEN 1 ELSE 0 END) AS at_pricing,
    max(CASE WHEN "event_type" = 'signup_success' THEN "created_at" END) AS last_signup_success,
    (min({'t': "created_at", 'n': "channel" IS NULL, 'v': "channel"}) FILTER (WHERE "event_type" = 'signup_attempt')).v AS entry_channel,
    (min({'t': "created_at", 'n': "device" IS NULL, 'v': "device"}) FILTER (WHERE "event_type" = 'signup_attempt')).v AS entry_device
  FROM "events"
  WHERE "created_at" >= ?
    AND "created_at" < ?
    AND ("event_type" IN ('signup_attempt', 'signup_success') OR "node_slug" IN ('homepage', 'pricing'))
  GROUP BY "user_id", "session_id"
) AS units
WHERE first_signup_attempt IS NOT NULL AND entry_channel = 'google' AND entry_device = 'mobile';
