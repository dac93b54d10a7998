-- e.signup.context(channel='google')
SELECT
  count(CASE WHEN first_signup_attempt IS NOT NULL AND entry_channel = 'google' THEN 1 END) AS "trials",
  count(CASE WHEN first_signup_attempt IS NOT NULL AND entry_channel = 'google' AND last_signup_success >= first_signup_attempt THEN 1 END) AS "successes"
FROM (
  SELECT
    min(CASE WHEN "event_type" = 'signup_attempt' THEN "created_at" END) AS first_signup_attempt,
    max(CASE WHEN "event_type" = 'signup_success' THEN "created_at" END) AS last_signup_success,
    min(CASE WHEN "event_type" = 'signup_attempt' AND "created_at" = anchor_first_signup_attempt THEN "channel" END) AS entry_channel
  FROM (
    SELECT
      "user_id",
      "session_id",
      "created_at",
      "event_type",
      "channel",
      min(CASE WHEN "event_type" = 'signup_attempt' THEN "created_at" END) OVER (PARTITION BY "user_id", "session_id") AS anchor_first_signup_attempt
    FROM "events"
    WHERE "created_at" >= $1
      AND "created_at" < $2
      AND "event_type" IN ('signup_attempt', 'signup_success')
  ) AS ev
  GROUP BY "user_id", "session_id"
) AS units
WHERE first_signup_attempt IS NOT NULL AND entry_channel = 'google';

-- e.checkout.visited(pricing)
SELECT
  count(CASE WHEN first_checkout_attempt IS NOT NULL AND at_pricing = 1 THEN 1 END) AS "trials",
  count(CASE WHEN first_checkout_attempt IS NOT NULL AND at_pricing = 1 AND last_checkout_success >= first_checkout_attempt THEN 1 END) AS "successes"
FROM (
  SELECT
    min(CASE WHEN "event_type" = 'checkout_attempt' THEN "created_at" END) AS first_checkout_attempt,
    max(CASE WHEN "node_slug" = 'pricing' THEN 1 ELSE 0 END) AS at_pricing,
    max(CASE WHEN "event_type" = 'checkout_success' THEN "created_at" END) AS last_checkout_success
  FROM "events"
  WHERE "created_at" >= $1
    AND "created_at" < $2
    AND ("event_type" IN ('checkout_attempt', 'checkout_success') OR "node_slug" = 'pricing')
  GROUP BY "user_id", "session_id"
) AS units;

-- e.from(homepage).to(pricing).by(week)
SELECT
  CAST(DATE_TRUNC('week', first_homepage) AS DATE) AS "period",
  count(CASE WHEN first_homepage IS NOT NULL THEN 1 END) AS "trials",
  count(CASE WHEN first_homepage IS NOT NULL AND last_pricing >= first_homepage THEN 1 END) AS "successes"
FROM (
  SELECT
    min(CASE WHEN "node_slug" = 'homepage' THEN "created_at" END) AS first_homepage,
    max(CASE WHEN "node_slug" = 'pricing' THEN "created_at" END) AS last_pricing
  FROM "events"
  WHERE "created_at" >= $1
    AND "created_at" < $2
    AND "node_slug" IN ('homepage', 'pricing')
  GROUP BY "user_id", "session_id"
) AS units
WHERE first_homepage IS NOT NULL
GROUP BY CAST(DATE_TRUNC('week', first_homepage) AS DATE)
ORDER BY "period";
