-- e.signup.visited(homepage,pricing).visitedAny(demo,docs).exclude(checkout).context(channel,device='mobile').contextAny(country='de',country='fr').within(7d).by(week).p.mean
SELECT
  "channel",
  toMonday(first_signup_attempt) AS "period",
  countIf(ifNull(first_signup_attempt IS NOT NULL AND at_homepage = 1 AND at_pricing = 1 AND (at_demo = 1 OR at_docs = 1) AND at_checkout = 0 AND mature_signup_attempt_within_7d = 1, 0)) AS "trials",
  countIf(ifNull(first_signup_attempt IS NOT NULL AND at_homepage = 1 AND at_pricing = 1 AND (at_demo = 1 OR at_docs = 1) AND at_checkout = 0 AND mature_signup_attempt_within_7d = 1 AND arrayExists(t -> t >= assumeNotNull(first_signup_attempt) AND t <= addSeconds(assumeNotNull(first_signup_attempt), 604800), reached_signup_success_within_7d), 0)) AS "successes",
  countIf(ifNull(first_signup_attempt IS NOT NULL AND at_homepage = 1 AND at_pricing = 1 AND (at_demo = 1 OR at_docs = 1) AND at_checkout = 0 AND mature_signup_attempt_within_7d = 0, 0)) AS "immature"
FROM (
  SELECT
    "channel",
    min(CASE WHEN "event_type" = 'signup_attempt' AND "created_at" < ? THEN "created_at" END) AS first_signup_attempt,
    max(CASE WHEN "node_slug" = 'homepage' AND "created_at" < ? THEN 1 ELSE 0 END) AS at_homepage,
    max(CASE WHEN "node_slug" = 'pricing' AND "created_at" < ? THEN 1 ELSE 0 END) AS at_pricing,
    max(CASE WHEN "node_slug" = 'demo' AND "created_at" < ? THEN 1 ELSE 0 END) AS at_demo,
    max(CASE WHEN "node_slug" = 'docs' AND "created_at" < ? THEN 1 ELSE 0 END) AS at_docs,
    max(CASE WHEN "node_slug" = 'checkout' AND "created_at" < ? THEN 1 ELSE 0 END) AS at_checkout,
    groupArrayIf("created_at", "event_type" = 'signup_success') AS reached_signup_success_within_7d,
    max(CASE WHEN "event_type" = 'signup_attempt' AND "created_at" < ? AND addSeconds("created_at", 604800) < ? THEN 1 ELSE 0 END) AS mature_signup_attempt_within_7d
  FROM "events"
  WHERE "created_at" >= ?
    AND "created_at" < ?
    AND "channel" IS NOT NULL
    AND "device" = 'mobile'
    AND "country" IN ('de', 'fr')
  GROUP BY "user_id", "session_id", "channel"
) AS units
WHERE first_signup_attempt IS NOT NULL
GROUP BY "channel", toMonday(first_signup_attempt)
ORDER BY "channel", "period";
