-- e.signup.visited(homepage,pricing).visitedAny(demo,docs).exclude(checkout).context(channel,device='mobile').contextAny(country='de',country='fr').within(7d).by(week).p.mean
SELECT
  entry_channel AS "channel",
  CAST(date_trunc('week', first_signup_attempt) AS DATE) AS "period",
  count(*) FILTER (WHERE first_signup_attempt IS NOT NULL AND at_homepage = 1 AND at_pricing = 1 AND (at_demo = 1 OR at_docs = 1) AND at_checkout = 0 AND entry_device = 1 AND entry_country IN (1, 3) AND mature_signup_attempt_within_7d = 1) AS "trials",
  count(*) FILTER (WHERE first_signup_attempt IS NOT NULL AND at_homepage = 1 AND at_pricing = 1 AND (at_demo = 1 OR at_docs = 1) AND at_checkout = 0 AND entry_device = 1 AND entry_country IN (1, 3) AND mature_signup_attempt_within_7d = 1 AND reached_signup_success_within_7d = 1) AS "successes",
  count(*) FILTER (WHERE first_signup_attempt IS NOT NULL AND at_homepage = 1 AND at_pricing = 1 AND (at_demo = 1 OR at_docs = 1) AND at_checkout = 0 AND entry_device = 1 AND entry_country IN (1, 3) AND mature_signup_attempt_within_7d = 0) AS "immature"
FROM (
  SELECT
    min(CASE WHEN "event_type" = 'signup_attempt' AND "created_at" < ? THEN "created_at" END) AS first_signup_attempt,
    max(CASE WHEN "node_slug" = 'homepage' AND "created_at" < ? THEN 1 ELSE 0 END) AS at_homepage,
    max(CASE WHEN "node_slug" = 'pricing' AND "created_at" < ? THEN 1 ELSE 0 END) AS at_pricing,
    max(CASE WHEN "node_slug" = 'demo' AND "created_at" < ? THEN 1 ELSE 0 END) AS at_demo,
    max(CASE WHEN "node_slug" = 'docs' AND "created_at" < ? THEN 1 ELSE 0 END) AS at_docs,
    max(CASE WHEN "node_slug" = 'checkout' AND "created_at" < ? THEN 1 ELSE 0 END) AS at_checkout,
    max(CASE WHEN "event_type" = 'signup_success' AND "created_at" >= anchor_first_signup_attempt AND "created_at" <= anchor_first_signup_attempt + INTERVAL '604800' SECOND THEN 1 ELSE 0 END) AS reached_signup_success_within_7d,
    (min({'t': "created_at", 'n': "channel" IS NULL, 'v': "channel"}) FILTER (WHERE "event_type" = 'signup_attempt' AND "created_at" < ?)).v AS entry_channel,
    NULLIF((min(epoch_us("created_at") * 4 + CASE WHEN "device" = 'mobile' THEN 1 WHEN "device" IS NULL THEN 3 WHEN "device" < 'mobile' THEN 0 ELSE 2 END) FILTER (WHERE "event_type" = 'signup_attempt' AND "created_at" < ?) & 3), 3) AS entry_device,
    NULLIF((min(epoch_us("created_at") * 8 + CASE WHEN "country" = 'de' THEN 1 WHEN "country" = 'fr' THEN 3 WHEN "country" IS NULL THEN 5 WHEN "country" < 'de' THEN 0 WHEN "country" < 'fr' THEN 2 ELSE 4 END) FILTER (WHERE "event_type" = 'signup_attempt' AND "created_at" < ?) & 7), 5) AS entry_country,
    max(CASE WHEN "event_type" = 'signup_attempt' AND "created_at" < ? AND "created_at" + INTERVAL '604800' SECOND < ? THEN 1 ELSE 0 END) AS mature_signup_attempt_within_7d
  FROM (
    SELECT
      "user_id",
      "session_id",
      "created_at",
      "event_type",
      "node_slug",
      "channel",
      "device",
      "country",
      min(CASE WHEN "event_type" = 'signup_attempt' AND "created_at" < ? THEN "created_at" END) OVER (PARTITION BY "user_id", "session_id") AS anchor_first_signup_attempt
    FROM "events"
    WHERE "created_at" >= ?
      AND "created_at" < ?
      AND (CASE WHEN "event_type" IN ('signup_attempt', 'signup_success') THEN true ELSE "node_slug" IN ('homepage', 'pricing', 'demo', 'docs', 'checkout') END)
  ) AS ev
  GROUP BY "user_id", "session_id"
) AS units
WHERE first_signup_attempt IS NOT NULL AND first_signup_attempt IS NOT NULL AND entry_device = 1 AND entry_country IN (1, 3)
GROUP BY entry_channel, CAST(date_trunc('week', first_signup_attempt) AS DATE)
ORDER BY "channel", "period";
