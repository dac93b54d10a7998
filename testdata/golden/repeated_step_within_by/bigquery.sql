-- e.from(pricing).to(pricing).within(1h).by(day)
SELECT
  DATE(first_pricing) AS `period`,
  COUNTIF(first_pricing IS NOT NULL AND mature_pricing_within_1h = 1) AS `trials`,
  COUNTIF(first_pricing IS NOT NULL AND mature_pricing_within_1h = 1 AND (count_pricing_within_1h >= 2 OR count_pricing_within_1h >= 1 AND first_pricing_only = first_pricing)) AS `successes`,
  COUNTIF(first_pricing IS NOT NULL AND mature_pricing_within_1h = 0) AS `immature`
FROM (
  SELECT
    min(CASE WHEN `node_slug` = 'pricing' AND `created_at` < @window_end THEN `created_at` END) AS first_pricing,
    COUNTIF(`node_slug` = 'pricing' AND `created_at` >= anchor_first_pricing AND `created_at` <= TIMESTAMP_ADD(anchor_first_pricing, INTERVAL 3600 SECOND)) AS count_pricing_within_1h,
    min(CASE WHEN `node_slug` = 'pricing' AND `created_at` < @window_end AND CASE WHEN `node_slug` = 'pricing' THEN 0 ELSE 1 END = 1 THEN `created_at` END) AS first_pricing_only,
    max(CASE WHEN `node_slug` = 'pricing' AND `created_at` < @window_end AND TIMESTAMP_ADD(`created_at`, INTERVAL 3600 SECOND) < @observe_until THEN 1 ELSE 0 END) AS mature_pricing_within_1h
  FROM (
    SELECT
      `user_id`,
      `session_id`,
      `created_at`,
      `node_slug`,
      min(CASE WHEN `node_slug` = 'pricing' AND `created_at` < @window_end THEN `created_at` END) OVER (PARTITION BY `user_id`, `session_id`) AS anchor_first_pricing
    FROM `events`
    WHERE `created_at` >= @window_start
      AND `created_at` < @observe_until
      AND `node_slug` = 'pricing'
  ) AS ev
  GROUP BY `user_id`, `session_id`
) AS units
WHERE first_pricing IS NOT NULL
GROUP BY `period`
ORDER BY `period`;
