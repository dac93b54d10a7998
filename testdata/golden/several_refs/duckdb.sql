-- e.signup.context(channel='google')
SELECT
  count(*) FILTER (WHERE first_signup_attempt IS NOT NULL AND entry_channel = 1) AS "trials",
  count(*) FILTER (WHERE first_signup_attempt IS NOT NULL AND entry_channel = 1 AND epoch_us(last_signup_success) >= first_signup_attempt) AS "successes"
FROM (
  SELECT
    (min(epoch_us("created_at") * 4 + CASE WHEN "channel" = 'google' THEN 1 WHEN "channel" IS NULL THEN 3 WHEN "channel" < 'google' THEN 0 ELSE 2 END) FILTER (WHERE "event_type" = 'signup_attempt') >> 2) AS first_signup_attempt,
    max(CASE WHEN "event_type" = 'signup_success' THEN "created_at" END) AS last_signup_success,
    NULLIF((min(epoch_us("created_at") * 4 + CASE WHEN "channel" = 'google' THEN 1 WHEN "channel" IS NULL THEN 3 WHEN "channel" < 'google' THEN 0 ELSE 2 END) FILTER (WHERE "event_type" = 'signup_attempt') & 3), 3) AS entry_channel
  FROM "events"
  WHERE "created_at" >= ?
    AND "created_at" < ?
    AND "event_type" IN ('signup_attempt', 'signup_success')
  GROUP BY "user_id", "session_id"
) AS units
WHERE first_signup_attempt IS NOT NULL AND entry_channel = 1;

-- e.checkout.visited(pricing)
SELECT
  count(*) FILTER (WHERE first_checkout_attempt IS NOT NULL AND at_pricing = 1) AS "trials",
  count(*) FILTER (WHERE first_checkout_attempt IS NOT NULL AND at_pricing = 1 AND last_checkout_success >= first_checkout_attempt) AS "successes"
FROM (
  SELECT
    min(CASE WHEN "event_type" = 'checkout_attempt' THEN "created_at" END) AS first_checkout_attempt,
    max(CASE WHEN "node_slug" = 'pricing' THEN 1 ELSE 0 END) AS at_pricing,
    max(CASE WHEN "event_type" = 'checkout_success' THEN "created_at" END) AS last_checkout_success
  FROM "events"
  WHERE "created_at" >= ?
    AND "created_at" < ?
    AND (CASE WHEN "event_type" IN ('checkout_attempt', 'checkout_success') THEN true ELSE "node_slug" = 'pricing' END)
  GROUP BY "user_id", "session_id"
) AS units;

-- e.from(homepage).to(pricing).by(week)
SELECT
  CAST(date_trunc('week', first_homepage) AS DATE) AS "period",
  count(*) FILTER (WHERE first_homepage IS NOT NULL) AS "trials",
  count(*) FILTER (WHERE first_homepage IS NOT NULL AND last_pricing >= first_homepage) AS "successes"
FROM (
  SELECT
    min(CASE WHEN "node_slug" = 'homepage' THEN "created_at" END) AS first_homepage,
    max(CASE WHEN "node_slug" = 'pricing' THEN "created_at" END) AS last_pricing
  FROM "events"
  WHERE "created_at" >= ?
    AND "created_at" < ?
    AND "node_slug" IN ('homepage', 'pricing')
  GROUP BY "user_id", "session_id"
) AS units
WHERE first_homepage IS NOT NULL
GROUP BY CAST(date_trunc('week', first_homepage) AS DATE)
ORDER BY "period";
