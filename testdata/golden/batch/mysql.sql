-- batch of 8 references in 4 scan(s)
-- e.signup
-- e.signup.visited(homepage,pricing).context(channel='google')
-- e.checkout.visitedAny(demo,docs).exclude(pricing).context(device='mobile')
-- e.from(homepage).to(pricing).within(1h)
-- e.signup.context(channel)
-- e.signup.context(channel).within(7d)
-- e.signup.by(week)
-- e.signup.context(channel='o''brien').by(day)
WITH units_1 AS (
  SELECT
    min(CASE WHEN `event_type` = 'signup_attempt' THEN `created_at` END) AS first_signup_attempt,
    max(CASE WHEN `event_type` = 'signup_success' THEN `created_at` END) AS last_signup_success,
    min(CASE WHEN `channel` = 'google' AND `event_type` = 'signup_attempt' THEN `created_at` END) AS first_signup_attempt_2,
    max(CASE WHEN `channel` = 'google' AND `node_slug` = 'homepage' THEN 1 ELSE 0 END) AS at_homepage,
    max(CASE WHEN `channel` = 'google' AND `node_slug` = 'pricing' THEN 1 ELSE 0 END) AS at_pricing,
    max(CASE WHEN `channel` = 'google' AND `event_type` = 'signup_success' THEN `created_at` END) AS last_signup_success_2,
    min(CASE WHEN `device` = 'mobile' AND `event_type` = 'checkout_attempt' THEN `created_at` END) AS first_checkout_attempt,
    max(CASE WHEN `device` = 'mobile' AND `node_slug` = 'demo' THEN 1 ELSE 0 END) AS at_demo,
    max(CASE WHEN `device` = 'mobile' AND `node_slug` = 'docs' THEN 1 ELSE 0 END) AS at_docs,
    max(CASE WHEN `device` = 'mobile' AND `node_slug` = 'pricing' THEN 1 ELSE 0 END) AS at_pricing_2,
    max(CASE WHEN `device` = 'mobile' AND `event_type` = 'checkout_success' THEN `created_at` END) AS last_checkout_success,
    min(CASE WHEN `node_slug` = 'homepage' THEN `created_at` END) AS first_homepage,
    max(CASE WHEN `node_slug` = 'pricing' AND `created_at` >= anchor_first_homepage AND `created_at` <= anchor_first_homepage + INTERVAL 3600 SECOND THEN 1 ELSE 0 END) AS reached_pricing_within_1h
  FROM (
    SELECT
      `user_id`,
      `session_id`,
      `created_at`,
      `event_type`,
      `channel`,
      `node_slug`,
      `device`,
      min(CASE WHEN `node_slug` = 'homepage' THEN `created_at` END) OVER (PARTITION BY `user_id`, `session_id`) AS anchor_first_homepage
    FROM `events`
    WHERE `created_at` >= ?
      AND `created_at` < ?
      AND (`event_type` IN ('signup_attempt', 'signup_success', 'checkout_attempt', 'checkout_success') OR `node_slug` IN ('homepage', 'pricing', 'demo', 'docs'))
  ) AS ev
  GROUP BY `user_id`, `session_id`
),
signatures_1 AS (
  SELECT
    CASE WHEN first_signup_attempt IS NOT NULL THEN 1 ELSE 0 END AS has_first_signup_attempt,
    CASE WHEN first_signup_attempt_2 IS NOT NULL THEN 1 ELSE 0 END AS has_first_signup_attempt_2,
    CASE WHEN first_checkout_attempt IS NOT NULL THEN 1 ELSE 0 END AS has_first_checkout_attempt,
    CASE WHEN first_homepage IS NOT NULL THEN 1 ELSE 0 END AS has_first_homepage,
    at_homepage,
    at_pricing,
    at_demo,
    at_docs,
    at_pricing_2,
    CASE WHEN last_signup_success >= first_signup_attempt THEN 1 ELSE 0 END AS fact_10,
    CASE WHEN last_signup_success_2 >= first_signup_attempt_2 THEN 1 ELSE 0 END AS fact_11,
    CASE WHEN last_checkout_success >= first_checkout_attempt THEN 1 ELSE 0 END AS fact_12,
    reached_pricing_within_1h AS hit_reached_pricing_within_1h,
    count(*) AS units
  FROM units_1
  GROUP BY CASE WHEN first_signup_attempt IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN first_signup_attempt_2 IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN first_checkout_attempt IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN first_homepage IS NOT NULL THEN 1 ELSE 0 END, at_homepage, at_pricing, at_demo, at_docs, at_pricing_2, CASE WHEN last_signup_success >= first_signup_attempt THEN 1 ELSE 0 END, CASE WHEN last_signup_success_2 >= first_signup_attempt_2 THEN 1 ELSE 0 END, CASE WHEN last_checkout_success >= first_checkout_attempt THEN 1 ELSE 0 END, reached_pricing_within_1h
),
units_2 AS (
  SELECT
    `channel`,
    min(CASE WHEN `event_type` = 'signup_attempt' THEN `created_at` END) AS first_signup_attempt,
    max(CASE WHEN `event_type` = 'signup_success' THEN `created_at` END) AS last_signup_success,
    max(CASE WHEN `event_type` = 'signup_success' AND `created_at` >= anchor_first_signup_attempt AND `created_at` <= anchor_first_signup_attempt + INTERVAL 604800 SECOND THEN 1 ELSE 0 END) AS reached_signup_success_within_7d
  FROM (
    SELECT
      `user_id`,
      `session_id`,
      `channel`,
      `created_at`,
      `event_type`,
      min(CASE WHEN `event_type` = 'signup_attempt' THEN `created_at` END) OVER (PARTITION BY `user_id`, `session_id`, `channel`) AS anchor_first_signup_attempt
    FROM `events`
    WHERE `created_at` >= ?
      AND `created_at` < ?
      AND `channel` IS NOT NULL
  ) AS ev
  GROUP BY `user_id`, `session_id`, `channel`
),
signatures_2 AS (
  SELECT
    `channel`,
    CASE WHEN first_signup_attempt IS NOT NULL THEN 1 ELSE 0 END AS has_first_signup_attempt,
    CASE WHEN last_signup_success >= first_signup_attempt THEN 1 ELSE 0 END AS fact_2,
    reached_signup_success_within_7d AS hit_reached_signup_success_within_7d,
    count(*) AS units
  FROM units_2
  GROUP BY `channel`, CASE WHEN first_signup_attempt IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN last_signup_success >= first_signup_attempt THEN 1 ELSE 0 END, reached_signup_success_within_7d
),
units_3 AS (
  SELECT
    min(CASE WHEN `event_type` = 'signup_attempt' THEN `created_at` END) AS first_signup_attempt,
    max(CASE WHEN `event_type` = 'signup_success' THEN `created_at` END) AS last_signup_success
  FROM `events`
  WHERE `created_at` >= ?
    AND `created_at` < ?
    AND `event_type` IN ('signup_attempt', 'signup_success')
  GROUP BY `user_id`, `session_id`
),
signatures_3 AS (
  SELECT
    DATE_SUB(DATE(first_signup_attempt), INTERVAL WEEKDAY(first_signup_attempt) DAY) AS `period`,
    CASE WHEN first_signup_attempt IS NOT NULL THEN 1 ELSE 0 END AS has_first_signup_attempt,
    CASE WHEN last_signup_success >= first_signup_attempt THEN 1 ELSE 0 END AS fact_2,
    count(*) AS units
  FROM units_3
  WHERE first_signup_attempt IS NOT NULL
  GROUP BY DATE_SUB(DATE(first_signup_attempt), INTERVAL WEEKDAY(first_signup_attempt) DAY), CASE WHEN first_signup_attempt IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN last_signup_success >= first_signup_attempt THEN 1 ELSE 0 END
),
units_4 AS (
  SELECT
    min(CASE WHEN `event_type` = 'signup_attempt' THEN `created_at` END) AS first_signup_attempt,
    max(CASE WHEN `event_type` = 'signup_success' THEN `created_at` END) AS last_signup_success
  FROM `events`
  WHERE `created_at` >= ?
    AND `created_at` < ?
    AND `channel` = 'o''brien'
    AND `event_type` IN ('signup_attempt', 'signup_success')
  GROUP BY `user_id`, `session_id`
),
signatures_4 AS (
  SELECT
    DATE(first_signup_attempt) AS `period`,
    CASE WHEN first_signup_attempt IS NOT NULL THEN 1 ELSE 0 END AS has_first_signup_attempt,
    CASE WHEN last_signup_success >= first_signup_attempt THEN 1 ELSE 0 END AS fact_2,
    count(*) AS units
  FROM units_4
  WHERE first_signup_attempt IS NOT NULL
  GROUP BY DATE(first_signup_attempt), CASE WHEN first_signup_attempt IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN last_signup_success >= first_signup_attempt THEN 1 ELSE 0 END
)
SELECT *
FROM (
  SELECT 'e.signup' AS `ref`, CAST(NULL AS CHAR) AS `channel`, CAST(NULL AS DATE) AS `period`, CAST(COALESCE(SUM(CASE WHEN has_first_signup_attempt = 1 THEN units ELSE 0 END), 0) AS SIGNED) AS `trials`, CAST(COALESCE(SUM(CASE WHEN has_first_signup_attempt = 1 AND fact_10 = 1 THEN units ELSE 0 END), 0) AS SIGNED) AS `successes`
  FROM signatures_1
  UNION ALL
  SELECT 'e.signup.visited(homepage,pricing).context(channel=''google'')' AS `ref`, CAST(NULL AS CHAR) AS `channel`, CAST(NULL AS DATE) AS `period`, CAST(COALESCE(SUM(CASE WHEN has_first_signup_attempt_2 = 1 AND at_homepage = 1 AND at_pricing = 1 THEN units ELSE 0 END), 0) AS SIGNED) AS `trials`, CAST(COALESCE(SUM(CASE WHEN has_first_signup_attempt_2 = 1 AND at_homepage = 1 AND at_pricing = 1 AND fact_11 = 1 THEN units ELSE 0 END), 0) AS SIGNED) AS `successes`
  FROM signatures_1
  UNION ALL
  SELECT 'e.checkout.visitedAny(demo,docs).exclude(pricing).context(device=''mobile'')' AS `ref`, CAST(NULL AS CHAR) AS `channel`, CAST(NULL AS DATE) AS `period`, CAST(COALESCE(SUM(CASE WHEN has_first_checkout_attempt = 1 AND (at_demo = 1 OR at_docs = 1) AND at_pricing_2 = 0 THEN units ELSE 0 END), 0) AS SIGNED) AS `trials`, CAST(COALESCE(SUM(CASE WHEN has_first_checkout_attempt = 1 AND (at_demo = 1 OR at_docs = 1) AND at_pricing_2 = 0 AND fact_12 = 1 THEN units ELSE 0 END), 0) AS SIGNED) AS `successes`
  FROM signatures_1
  UNION ALL
  SELECT 'e.from(homepage).to(pricing).within(1h)' AS `ref`, CAST(NULL AS CHAR) AS `channel`, CAST(NULL AS DATE) AS `period`, CAST(COALESCE(SUM(CASE WHEN has_first_homepage = 1 THEN units ELSE 0 END), 0) AS SIGNED) AS `trials`, CAST(COALESCE(SUM(CASE WHEN has_first_homepage = 1 AND hit_reached_pricing_within_1h = 1 THEN units ELSE 0 END), 0) AS SIGNED) AS `successes`
  FROM signatures_1
  UNION ALL
  SELECT 'e.signup.context(channel)' AS `ref`, `channel`, CAST(NULL AS DATE) AS `period`, CAST(COALESCE(SUM(CASE WHEN has_first_signup_attempt = 1 THEN units ELSE 0 END), 0) AS SIGNED) AS `trials`, CAST(COALESCE(SUM(CASE WHEN has_first_signup_attempt = 1 AND fact_2 = 1 THEN units ELSE 0 END), 0) AS SIGNED) AS `successes`
  FROM signatures_2
  GROUP BY `channel`
  UNION ALL
  SELECT 'e.signup.context(channel).within(7d)' AS `ref`, `channel`, CAST(NULL AS DATE) AS `period`, CAST(COALESCE(SUM(CASE WHEN has_first_signup_attempt = 1 THEN units ELSE 0 END), 0) AS SIGNED) AS `trials`, CAST(COALESCE(SUM(CASE WHEN has_first_signup_attempt = 1 AND hit_reached_signup_success_within_7d = 1 THEN units ELSE 0 END), 0) AS SIGNED) AS `successes`
  FROM signatures_2
  GROUP BY `channel`
  UNION ALL
  SELECT 'e.signup.by(week)' AS `ref`, CAST(NULL AS CHAR) AS `channel`, `period`, CAST(COALESCE(SUM(CASE WHEN has_first_signup_attempt = 1 THEN units ELSE 0 END), 0) AS SIGNED) AS `trials`, CAST(COALESCE(SUM(CASE WHEN has_first_signup_attempt = 1 AND fact_2 = 1 THEN units ELSE 0 END), 0) AS SIGNED) AS `successes`
  FROM signatures_3
  GROUP BY `period`
  UNION ALL
  SELECT 'e.signup.context(channel=''o''''brien'').by(day)' AS `ref`, CAST(NULL AS CHAR) AS `channel`, `period`, CAST(COALESCE(SUM(CASE WHEN has_first_signup_attempt = 1 THEN units ELSE 0 END), 0) AS SIGNED) AS `trials`, CAST(COALESCE(SUM(CASE WHEN has_first_signup_attempt = 1 AND fact_2 = 1 THEN units ELSE 0 END), 0) AS SIGNED) AS `successes`
  FROM signatures_4
  GROUP BY `period`
) AS batch
ORDER BY `ref`, `channel`, `period`;
