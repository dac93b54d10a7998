-- e.from(pricing).to(pricing).attempt(any).within(1h)
SELECT
  COUNTIF(first_pricing IS NOT NULL AND mature_pricing_within_1h = 1) AS `trials`,
  COUNTIF(first_pricing IS NOT NULL AND mature_pricing_within_1h = 1 AND converts_pricing_within_1h IS NOT NULL) AS `successes`,
  COUNTIF(first_pricing IS NOT NULL AND mature_pricing_within_1h = 0) AS `immature`
FROM (
  SELECT
    min(CASE WHEN `node_slug` = 'pricing' AND `created_at` < @window_end THEN `created_at` END) AS first_pricing,
    min(CASE WHEN `node_slug` = 'pricing' AND `created_at` < @window_end AND (next_converts_pricing_within_1h <= TIMESTAMP_ADD(`created_at`, INTERVAL 3600 SECOND) OR prev_converts_pricing_within_1h = `created_at`) THEN `created_at` END) AS converts_pricing_within_1h,
    max(CASE WHEN `node_slug` = 'pricing' AND `created_at` < @window_end AND TIMESTAMP_ADD(`created_at`, INTERVAL 3600 SECOND) < @observe_until THEN 1 ELSE 0 END) AS mature_pricing_within_1h
  FROM (
    SELECT
      `user_id`,
      `session_id`,
      `created_at`,
      `node_slug`,
      min(CASE WHEN `node_slug` = 'pricing' THEN `created_at` END) OVER (PARTITION BY `user_id`, `session_id` ORDER BY `created_at`, CASE WHEN `node_slug` = 'pricing' THEN 1 ELSE 0 END, CASE WHEN `node_slug` = 'pricing' AND `created_at` < @window_end THEN 1 ELSE 0 END ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING) AS next_converts_pricing_within_1h,
      max(CASE WHEN `node_slug` = 'pricing' THEN `created_at` END) OVER (PARTITION BY `user_id`, `session_id` ORDER BY `created_at`, CASE WHEN `node_slug` = 'pricing' THEN 1 ELSE 0 END, CASE WHEN `node_slug` = 'pricing' AND `created_at` < @window_end THEN 1 ELSE 0 END ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev_converts_pricing_within_1h
    FROM `events`
    WHERE `created_at` >= @window_start
      AND `created_at` < @observe_until
      AND `node_slug` = 'pricing'
  ) AS ev
  GROUP BY `user_id`, `session_id`
) AS units;
