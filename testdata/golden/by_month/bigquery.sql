-- e.checkout.visited(pricing).by(month)
SELECT
  DATE_TRUNC(DATE(first_checkout_attempt), MONTH) AS `period`,
  COUNTIF(first_checkout_attempt IS NOT NULL AND at_pricing = 1) AS `trials`,
  COUNTIF(first_checkout_attempt IS NOT NULL AND at_pricing = 1 AND last_checkout_success >= first_checkout_attempt) AS `successes`
FROM (
  SELECT
    min(CASE WHEN `event_type` = 'checkout_attempt' THEN `created_at` END) AS first_checkout_attempt,
    max(CASE WHEN `node_slug` = 'pricing' THEN 1 ELSE 0 END) AS at_pricing,
    max(CASE WHEN `event_type` = 'checkout_success' THEN `created_at` END) AS last_checkout_success
  FROM `events`
  WHERE `created_at` >= @window_start
    AND `created_at` < @window_end
    AND (`event_type` IN ('checkout_attempt', 'checkout_success') OR `node_slug` = 'pricing')
  GROUP BY `user_id`, `session_id`
) AS units
WHERE first_checkout_attempt IS NOT NULL
GROUP BY `period`
ORDER BY `period`;
