-- lag histogram (ref, lag_upto seconds, conversions) of:
-- e.signup.within(1h)
-- e.checkout.visited(pricing).within(2d)
-- e.from(pricing).to(pricing).context(channel='google').within(30m)
SELECT `ref`, `lag_upto`, COUNT(*) AS `conversions`
FROM (
  SELECT
    `ref`,
    CASE WHEN `ref` = 'e.signup.within(1h)' AND first_signup_attempt IS NOT NULL AND mature_signup_attempt_within_1h = 1 THEN CASE WHEN reached_signup_success_within_1s = 1 THEN 1 WHEN reached_signup_success_within_2s = 1 THEN 2 WHEN reached_signup_success_within_5s = 1 THEN 5 WHEN reached_signup_success_within_10s = 1 THEN 10 WHEN reached_signup_success_within_15s = 1 THEN 15 WHEN reached_signup_success_within_30s = 1 THEN 30 WHEN reached_signup_success_within_60s = 1 THEN 60 WHEN reached_signup_success_within_120s = 1 THEN 120 WHEN reached_signup_success_within_300s = 1 THEN 300 WHEN reached_signup_success_within_600s = 1 THEN 600 WHEN reached_signup_success_within_900s = 1 THEN 900 WHEN reached_signup_success_within_1800s = 1 THEN 1800 WHEN reached_signup_success_within_1h = 1 THEN 3600 END WHEN `ref` = 'e.checkout.visited(pricing).within(2d)' AND first_checkout_attempt IS NOT NULL AND at_pricing = 1 AND mature_checkout_attempt_within_2d = 1 THEN CASE WHEN reached_checkout_success_within_10s = 1 THEN 10 WHEN reached_checkout_success_within_15s = 1 THEN 15 WHEN reached_checkout_success_within_30s = 1 THEN 30 WHEN reached_checkout_success_within_60s = 1 THEN 60 WHEN reached_checkout_success_within_120s = 1 THEN 120 WHEN reached_checkout_success_within_300s = 1 THEN 300 WHEN reached_checkout_success_within_600s = 1 THEN 600 WHEN reached_checkout_success_within_900s = 1 THEN 900 WHEN reached_checkout_success_within_1800s = 1 THEN 1800 WHEN reached_checkout_success_within_3600s = 1 THEN 3600 WHEN reached_checkout_success_within_7200s = 1 THEN 7200 WHEN reached_checkout_success_within_14400s = 1 THEN 14400 WHEN reached_checkout_success_within_28800s = 1 THEN 28800 WHEN reached_checkout_success_within_43200s = 1 THEN 43200 WHEN reached_checkout_success_within_86400s = 1 THEN 86400 WHEN reached_checkout_success_within_2d = 1 THEN 172800 END WHEN `ref` = 'e.from(pricing).to(pricing).context(channel=''google'').within(30m)' AND first_pricing IS NOT NULL AND mature_pricing_within_30m = 1 THEN CASE WHEN (count_pricing_within_1s >= 2 OR count_pricing_within_1s >= 1 AND first_pricing_only = first_pricing) THEN 1 WHEN (count_pricing_within_2s >= 2 OR count_pricing_within_2s >= 1 AND first_pricing_only = first_pricing) THEN 2 WHEN (count_pricing_within_5s >= 2 OR count_pricing_within_5s >= 1 AND first_pricing_only = first_pricing) THEN 5 WHEN (count_pricing_within_10s >= 2 OR count_pricing_within_10s >= 1 AND first_pricing_only = first_pricing) THEN 10 WHEN (count_pricing_within_15s >= 2 OR count_pricing_within_15s >= 1 AND first_pricing_only = first_pricing) THEN 15 WHEN (count_pricing_within_30s >= 2 OR count_pricing_within_30s >= 1 AND first_pricing_only = first_pricing) THEN 30 WHEN (count_pricing_within_60s >= 2 OR count_pricing_within_60s >= 1 AND first_pricing_only = first_pricing) THEN 60 WHEN (count_pricing_within_120s >= 2 OR count_pricing_within_120s >= 1 AND first_pricing_only = first_pricing) THEN 120 WHEN (count_pricing_within_300s >= 2 OR count_pricing_within_300s >= 1 AND first_pricing_only = first_pricing) THEN 300 WHEN (count_pricing_within_600s >= 2 OR count_pricing_within_600s >= 1 AND first_pricing_only = first_pricing) THEN 600 WHEN (count_pricing_within_900s >= 2 OR count_pricing_within_900s >= 1 AND first_pricing_only = first_pricing) THEN 900 WHEN (count_pricing_within_30m >= 2 OR count_pricing_within_30m >= 1 AND first_pricing_only = first_pricing) THEN 1800 END END AS `lag_upto`
  FROM (
    SELECT
      min(CASE WHEN `event_type` = 'signup_attempt' AND `created_at` < ? THEN `created_at` END) AS first_signup_attempt,
      max(CASE WHEN `event_type` = 'signup_success' AND `created_at` >= anchor_first_signup_attempt AND `created_at` <= anchor_first_signup_attempt + INTERVAL 3600 SECOND THEN 1 ELSE 0 END) AS reached_signup_success_within_1h,
      max(CASE WHEN `event_type` = 'signup_attempt' AND `created_at` < ? AND `created_at` + INTERVAL 3600 SECOND < ? THEN 1 ELSE 0 END) AS mature_signup_attempt_within_1h,
      max(CASE WHEN `event_type` = 'signup_success' AND `created_at` >= anchor_first_signup_attempt AND `created_at` <= anchor_first_signup_attempt + INTERVAL 1 SECOND THEN 1 ELSE 0 END) AS reached_signup_success_within_1s,
      max(CASE WHEN `event_type` = 'signup_success' AND `created_at` >= anchor_first_signup_attempt AND `created_at` <= anchor_first_signup_attempt + INTERVAL 2 SECOND THEN 1 ELSE 0 END) AS reached_signup_success_within_2s,
      max(CASE WHEN `event_type` = 'signup_success' AND `created_at` >= anchor_first_signup_attempt AND `created_at` <= anchor_first_signup_attempt + INTERVAL 5 SECOND THEN 1 ELSE 0 END) AS reached_signup_success_within_5s,
      max(CASE WHEN `event_type` = 'signup_success' AND `created_at` >= anchor_first_signup_attempt AND `created_at` <= anchor_first_signup_attempt + INTERVAL 10 SECOND THEN 1 ELSE 0 END) AS reached_signup_success_within_10s,
      max(CASE WHEN `event_type` = 'signup_success' AND `created_at` >= anchor_first_signup_attempt AND `created_at` <= anchor_first_signup_attempt + INTERVAL 15 SECOND THEN 1 ELSE 0 END) AS reached_signup_success_within_15s,
      max(CASE WHEN `event_type` = 'signup_success' AND `created_at` >= anchor_first_signup_attempt AND `created_at` <= anchor_first_signup_attempt + INTERVAL 30 SECOND THEN 1 ELSE 0 END) AS reached_signup_success_within_30s,
      max(CASE WHEN `event_type` = 'signup_success' AND `created_at` >= anchor_first_signup_attempt AND `created_at` <= anchor_first_signup_attempt + INTERVAL 60 SECOND THEN 1 ELSE 0 END) AS reached_signup_success_within_60s,
      max(CASE WHEN `event_type` = 'signup_success' AND `created_at` >= anchor_first_signup_attempt AND `created_at` <= anchor_first_signup_attempt + INTERVAL 120 SECOND THEN 1 ELSE 0 END) AS reached_signup_success_within_120s,
      max(CASE WHEN `event_type` = 'signup_success' AND `created_at` >= anchor_first_signup_attempt AND `created_at` <= anchor_first_signup_attempt + INTERVAL 300 SECOND THEN 1 ELSE 0 END) AS reached_signup_success_within_300s,
      max(CASE WHEN `event_type` = 'signup_success' AND `created_at` >= anchor_first_signup_attempt AND `created_at` <= anchor_first_signup_attempt + INTERVAL 600 SECOND THEN 1 ELSE 0 END) AS reached_signup_success_within_600s,
      max(CASE WHEN `event_type` = 'signup_success' AND `created_at` >= anchor_first_signup_attempt AND `created_at` <= anchor_first_signup_attempt + INTERVAL 900 SECOND THEN 1 ELSE 0 END) AS reached_signup_success_within_900s,
      max(CASE WHEN `event_type` = 'signup_success' AND `created_at` >= anchor_first_signup_attempt AND `created_at` <= anchor_first_signup_attempt + INTERVAL 1800 SECOND THEN 1 ELSE 0 END) AS reached_signup_success_within_1800s,
      min(CASE WHEN `event_type` = 'checkout_attempt' AND `created_at` < ? THEN `created_at` END) AS first_checkout_attempt,
      max(CASE WHEN `node_slug` = 'pricing' AND `created_at` < ? THEN 1 ELSE 0 END) AS at_pricing,
      max(CASE WHEN `event_type` = 'checkout_success' AND `created_at` >= anchor_first_checkout_attempt AND `created_at` <= anchor_first_checkout_attempt + INTERVAL 172800 SECOND THEN 1 ELSE 0 END) AS reached_checkout_success_within_2d,
      max(CASE WHEN `event_type` = 'checkout_attempt' AND `created_at` < ? AND `created_at` + INTERVAL 172800 SECOND < ? THEN 1 ELSE 0 END) AS mature_checkout_attempt_within_2d,
      max(CASE WHEN `event_type` = 'checkout_success' AND `created_at` >= anchor_first_checkout_attempt AND `created_at` <= anchor_first_checkout_attempt + INTERVAL 10 SECOND THEN 1 ELSE 0 END) AS reached_checkout_success_within_10s,
      max(CASE WHEN `event_type` = 'checkout_success' AND `created_at` >= anchor_first_checkout_attempt AND `created_at` <= anchor_first_checkout_attempt + INTERVAL 15 SECOND THEN 1 ELSE 0 END) AS reached_checkout_success_within_15s,
      max(CASE WHEN `event_type` = 'checkout_success' AND `created_at` >= anchor_first_checkout_attempt AND `created_at` <= anchor_first_checkout_attempt + INTERVAL 30 SECOND THEN 1 ELSE 0 END) AS reached_checkout_success_within_30s,
      max(CASE WHEN `event_type` = 'checkout_success' AND `created_at` >= anchor_first_checkout_attempt AND `created_at` <= anchor_first_checkout_attempt + INTERVAL 60 SECOND THEN 1 ELSE 0 END) AS reached_checkout_success_within_60s,
      max(CASE WHEN `event_type` = 'checkout_success' AND `created_at` >= anchor_first_checkout_attempt AND `created_at` <= anchor_first_checkout_attempt + INTERVAL 120 SECOND THEN 1 ELSE 0 END) AS reached_checkout_success_within_120s,
      max(CASE WHEN `event_type` = 'checkout_success' AND `created_at` >= anchor_first_checkout_attempt AND `created_at` <= anchor_first_checkout_attempt + INTERVAL 300 SECOND THEN 1 ELSE 0 END) AS reached_checkout_success_within_300s,
      max(CASE WHEN `event_type` = 'checkout_success' AND `created_at` >= anchor_first_checkout_attempt AND `created_at` <= anchor_first_checkout_attempt + INTERVAL 600 SECOND THEN 1 ELSE 0 END) AS reached_checkout_success_within_600s,
      max(CASE WHEN `event_type` = 'checkout_success' AND `created_at` >= anchor_first_checkout_attempt AND `created_at` <= anchor_first_checkout_attempt + INTERVAL 900 SECOND THEN 1 ELSE 0 END) AS reached_checkout_success_within_900s,
      max(CASE WHEN `event_type` = 'checkout_success' AND `created_at` >= anchor_first_checkout_attempt AND `created_at` <= anchor_first_checkout_attempt + INTERVAL 1800 SECOND THEN 1 ELSE 0 END) AS reached_checkout_success_within_1800s,
      max(CASE WHEN `event_type` = 'checkout_success' AND `created_at` >= anchor_first_checkout_attempt AND `created_at` <= anchor_first_checkout_attempt + INTERVAL 3600 SECOND THEN 1 ELSE 0 END) AS reached_checkout_success_within_3600s,
      max(CASE WHEN `event_type` = 'checkout_success' AND `created_at` >= anchor_first_checkout_attempt AND `created_at` <= anchor_first_checkout_attempt + INTERVAL 7200 SECOND THEN 1 ELSE 0 END) AS reached_checkout_success_within_7200s,
      max(CASE WHEN `event_type` = 'checkout_success' AND `created_at` >= anchor_first_checkout_attempt AND `created_at` <= anchor_first_checkout_attempt + INTERVAL 14400 SECOND THEN 1 ELSE 0 END) AS reached_checkout_success_within_14400s,
      max(CASE WHEN `event_type` = 'checkout_success' AND `created_at` >= anchor_first_checkout_attempt AND `created_at` <= anchor_first_checkout_attempt + INTERVAL 28800 SECOND THEN 1 ELSE 0 END) AS reached_checkout_success_within_28800s,
      max(CASE WHEN `event_type` = 'checkout_success' AND `created_at` >= anchor_first_checkout_attempt AND `created_at` <= anchor_first_checkout_attempt + INTERVAL 43200 SECOND THEN 1 ELSE 0 END) AS reached_checkout_success_within_43200s,
      max(CASE WHEN `event_type` = 'checkout_success' AND `created_at` >= anchor_first_checkout_attempt AND `created_at` <= anchor_first_checkout_attempt + INTERVAL 86400 SECOND THEN 1 ELSE 0 END) AS reached_checkout_success_within_86400s,
      min(CASE WHEN `channel` = 'google' AND `node_slug` = 'pricing' AND `created_at` < ? THEN `created_at` END) AS first_pricing,
      count(CASE WHEN `channel` = 'google' AND `node_slug` = 'pricing' AND `created_at` >= anchor_first_pricing AND `created_at` <= anchor_first_pricing + INTERVAL 1800 SECOND THEN 1 END) AS count_pricing_within_30m,
      min(CASE WHEN `channel` = 'google' AND `node_slug` = 'pricing' AND `created_at` < ? AND CASE WHEN `node_slug` = 'pricing' THEN 0 ELSE 1 END = 1 THEN `created_at` END) AS first_pricing_only,
      max(CASE WHEN `channel` = 'google' AND `node_slug` = 'pricing' AND `created_at` < ? AND `created_at` + INTERVAL 1800 SECOND < ? THEN 1 ELSE 0 END) AS mature_pricing_within_30m,
      count(CASE WHEN `channel` = 'google' AND `node_slug` = 'pricing' AND `created_at` >= anchor_first_pricing AND `created_at` <= anchor_first_pricing + INTERVAL 1 SECOND THEN 1 END) AS count_pricing_within_1s,
      count(CASE WHEN `channel` = 'google' AND `node_slug` = 'pricing' AND `created_at` >= anchor_first_pricing AND `created_at` <= anchor_first_pricing + INTERVAL 2 SECOND THEN 1 END) AS count_pricing_within_2s,
      count(CASE WHEN `channel` = 'google' AND `node_slug` = 'pricing' AND `created_at` >= anchor_first_pricing AND `created_at` <= anchor_first_pricing + INTERVAL 5 SECOND THEN 1 END) AS count_pricing_within_5s,
      count(CASE WHEN `channel` = 'google' AND `node_slug` = 'pricing' AND `created_at` >= anchor_first_pricing AND `created_at` <= anchor_first_pricing + INTERVAL 10 SECOND THEN 1 END) AS count_pricing_within_10s,
      count(CASE WHEN `channel` = 'google' AND `node_slug` = 'pricing' AND `created_at` >= anchor_first_pricing AND `created_at` <= anchor_first_pricing + INTERVAL 15 SECOND THEN 1 END) AS count_pricing_within_15s,
      count(CASE WHEN `channel` = 'google' AND `node_slug` = 'pricing' AND `created_at` >= anchor_first_pricing AND `created_at` <= anchor_first_pricing + INTERVAL 30 SECOND THEN 1 END) AS count_pricing_within_30s,
      count(CASE WHEN `channel` = 'google' AND `node_slug` = 'pricing' AND `created_at` >= anchor_first_pricing AND `created_at` <= anchor_first_pricing + INTERVAL 60 SECOND THEN 1 END) AS count_pricing_within_60s,
      count(CASE WHEN `channel` = 'google' AND `node_slug` = 'pricing' AND `created_at` >= anchor_first_pricing AND `created_at` <= anchor_first_pricing + INTERVAL 120 SECOND THEN 1 END) AS count_pricing_within_120s,
      count(CASE WHEN `channel` = 'google' AND `node_slug` = 'pricing' AND `created_at` >= anchor_first_pricing AND `created_at` <= anchor_first_pricing + INTERVAL 300 SECOND THEN 1 END) AS count_pricing_within_300s,
      count(CASE WHEN `channel` = 'google' AND `node_slug` = 'pricing' AND `created_at` >= anchor_first_pricing AND `created_at` <= anchor_first_pricing + INTERVAL 600 SECOND THEN 1 END) AS count_pricing_within_600s,
      count(CASE WHEN `channel` = 'google' AND `node_slug` = 'pricing' AND `created_at` >= anchor_first_pricing AND `created_at` <= anchor_first_pricing + INTERVAL 900 SECOND THEN 1 END) AS count_pricing_within_900s
    FROM (
      SELECT
        `user_id`,
        `session_id`,
        `created_at`,
        `event_type`,
        `node_slug`,
        `channel`,
        min(CASE WHEN `event_type` = 'signup_attempt' AND `created_at` < ? THEN `created_at` END) OVER (PARTITION BY `user_id`, `session_id`) AS anchor_first_signup_attempt,
        min(CASE WHEN `event_type` = 'checkout_attempt' AND `created_at` < ? THEN `created_at` END) OVER (PARTITION BY `user_id`, `session_id`) AS anchor_first_checkout_attempt,
        min(CASE WHEN `channel` = 'google' AND `node_slug` = 'pricing' AND `created_at` < ? THEN `created_at` END) OVER (PARTITION BY `user_id`, `session_id`) AS anchor_first_pricing
      FROM `events`
      WHERE `created_at` >= ?
        AND `created_at` < ?
        AND (`event_type` IN ('signup_attempt', 'signup_success', 'checkout_attempt', 'checkout_success') OR `node_slug` = 'pricing')
    ) AS ev
    GROUP BY `user_id`, `session_id`
  ) AS units
  CROSS JOIN (SELECT 'e.signup.within(1h)' AS `ref` UNION ALL SELECT 'e.checkout.visited(pricing).within(2d)' AS `ref` UNION ALL SELECT 'e.from(pricing).to(pricing).context(channel=''google'').within(30m)' AS `ref`) AS refs
) AS lags
WHERE `lag_upto` IS NOT NULL
GROUP BY `ref`, `lag_upto`
ORDER BY `ref`, `lag_upto`;
