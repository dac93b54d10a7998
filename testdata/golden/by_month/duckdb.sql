-- e.checkout.visited(pricing).by(month)
SELECT
  CAST(date_trunc('month', first_checkout_attempt) AS DATE) AS "period",
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
) AS units
WHERE first_checkout_attempt IS NOT NULL
GROUP BY CAST(date_trunc('month', first_checkout_attempt) AS DATE)
ORDER BY "period";
