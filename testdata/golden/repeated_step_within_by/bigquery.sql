-- e.from(pricing).to(pricing).within(1h).by(day)
SELECT
  DATE(first_pricing) AS `period`,
  COUNTIF(first_pricing IS NOT NULL) AS `trials`,
  COUNTIF(first_pricing IS NOT NULL AND count_pricing_within_1h >= 2) AS `successes`
FROM (
  SELECT
    min(CASE WHEN `node_slug` = 'pricing' THEN `created_at` END) AS first_pricing,
    COUNTIF(`node_slug` = 'pricing' AND `created_at` >= anchor_first_pricing AND `created_at` <= TIMESTAMP_ADD(anchor_first_pricing, INTERVAL 3600 SECOND)) AS count_pricing_within_1h
  FROM (
    SELECT
      `user_id`,
      `session_id`,
      `created_at`,
      `node_slug`,
      min(CASE WHEN `node_slug` = 'pricing' THEN `created_at` END) OVER (PARTITION BY `user_id`, `session_id`) AS anchor_first_pricing
    FROM `events`
    WHERE `created_at` >= @window_start
      AND `created_at` < @window_end
      AND `node_slug` = 'pricing'
  ) AS ev
  GROUP BY `user_id`, `session_id`
) AS units
WHERE first_pricing IS NOT NULL
GROUP BY `period`
ORDER BY `period`;
