-- e.checkout.visited(demo,homepage,pricing)
SELECT
  count(*) FILTER (WHERE first_checkout_attempt IS NOT NULL AND at_demo = 1 AND at_homepage = 1 AND at_pricing = 1) AS "trials",
  count(*) FILTER (WHERE first_checkout_attempt IS NOT NULL AND at_demo = 1 AND at_homepage = 1 AND at_pricing = 1 AND last_checkout_success >= first_checkout_attempt) AS "successes"
FROM (
  SELECT
    *,
    (visited_flags >> 0) & 1 AS at_demo,
    (visited_flags >> 1) & 1 AS at_homepage,
    (visited_flags >> 2) & 1 AS at_pricing
  FROM (
    SELECT
      min(CASE WHEN "event_type" = 'checkout_attempt' THEN "created_at" END) AS first_checkout_attempt,
      max(CASE WHEN "event_type" = 'checkout_success' THEN "created_at" END) AS last_checkout_success,
      bit_or(CASE "node_slug" WHEN 'demo' THEN 1 WHEN 'homepage' THEN 2 WHEN 'pricing' THEN 4 ELSE 0 END) AS visited_flags
    FROM "events"
    WHERE "created_at" >= ?
      AND "created_at" < ?
      AND (CASE WHEN "event_type" IN ('checkout_attempt', 'checkout_success') THEN true ELSE "node_slug" IN ('demo', 'homepage', 'pricing') END)
    GROUP BY "user_id", "session_id"
  ) AS flagged
) AS units;
