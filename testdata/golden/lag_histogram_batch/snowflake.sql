-- lag histogram (ref, age_upto, lag_upto seconds, units) of:
-- e.signup.within(1h)
-- e.checkout.visited(pricing).within(2d)
-- e.from(pricing).to(pricing).context(channel='google').within(30m)
SELECT ref, age_upto, lag_upto, COUNT(*) AS units
FROM (
  SELECT
    ref,
    CASE WHEN ref = 'e.signup.within(1h)' AND first_signup_attempt IS NOT NULL THEN CASE WHEN mature_signup_attempt_within_1s = 0 THEN 1 WHEN mature_signup_attempt_within_2s = 0 THEN 2 WHEN mature_signup_attempt_within_5s = 0 THEN 5 WHEN mature_signup_attempt_within_10s = 0 THEN 10 WHEN mature_signup_attempt_within_15s = 0 THEN 15 WHEN mature_signup_attempt_within_30s = 0 THEN 30 WHEN mature_signup_attempt_within_60s = 0 THEN 60 WHEN mature_signup_attempt_within_120s = 0 THEN 120 WHEN mature_signup_attempt_within_300s = 0 THEN 300 WHEN mature_signup_attempt_within_600s = 0 THEN 600 WHEN mature_signup_attempt_within_900s = 0 THEN 900 WHEN mature_signup_attempt_within_1800s = 0 THEN 1800 WHEN mature_signup_attempt_within_1h = 0 THEN 3600 END WHEN ref = 'e.checkout.visited(pricing).within(2d)' AND first_checkout_attempt IS NOT NULL AND at_pricing = 1 THEN CASE WHEN mature_checkout_attempt_within_10s = 0 THEN 10 WHEN mature_checkout_attempt_within_15s = 0 THEN 15 WHEN mature_checkout_attempt_within_30s = 0 THEN 30 WHEN mature_checkout_attempt_within_60s = 0 THEN 60 WHEN mature_checkout_attempt_within_120s = 0 THEN 120 WHEN mature_checkout_attempt_within_300s = 0 THEN 300 WHEN mature_checkout_attempt_within_600s = 0 THEN 600 WHEN mature_checkout_attempt_within_900s = 0 THEN 900 WHEN mature_checkout_attempt_within_1800s = 0 THEN 1800 WHEN mature_checkout_attempt_within_3600s = 0 THEN 3600 WHEN mature_checkout_attempt_within_7200s = 0 THEN 7200 WHEN mature_checkout_attempt_within_14400s = 0 THEN 14400 WHEN mature_checkout_attempt_within_28800s = 0 THEN 28800 WHEN mature_checkout_attempt_within_43200s = 0 THEN 43200 WHEN mature_checkout_attempt_within_86400s = 0 THEN 86400 WHEN mature_checkout_attempt_within_2d = 0 THEN 172800 END WHEN ref = 'e.from(pricing).to(pricing).context(channel=''google'').within(30m)' AND first_pricing IS NOT NULL THEN CASE WHEN mature_pricing_within_1s = 0 THEN 1 WHEN mature_pricing_within_2s = 0 THEN 2 WHEN mature_pricing_within_5s = 0 THEN 5 WHEN mature_pricing_within_10s = 0 THEN 10 WHEN mature_pricing_within_15s = 0 THEN 15 WHEN mature_pricing_within_30s = 0 THEN 30 WHEN mature_pricing_within_60s = 0 THEN 60 WHEN mature_pricing_within_120s = 0 THEN 120 WHEN mature_pricing_within_300s = 0 THEN 300 WHEN mature_pricing_within_600s = 0 THEN 600 WHEN mature_pricing_within_900s = 0 THEN 900 WHEN mature_pricing_within_30m = 0 THEN 1800 END END AS age_upto,
    CASE WHEN ref = 'e.signup.within(1h)' AND first_signup_attempt IS NOT NULL THEN CASE WHEN reached_signup_success_within_1s = 1 THEN 1 WHEN reached_signup_success_within_2s = 1 THEN 2 WHEN reached_signup_success_within_5s = 1 THEN 5 WHEN reached_signup_success_within_10s = 1 THEN 10 WHEN reached_signup_success_within_15s = 1 THEN 15 WHEN reached_signup_success_within_30s = 1 THEN 30 WHEN reached_signup_success_within_60s = 1 THEN 60 WHEN reached_signup_success_within_120s = 1 THEN 120 WHEN reached_signup_success_within_300s = 1 THEN 300 WHEN reached_signup_success_within_600s = 1 THEN 600 WHEN reached_signup_success_within_900s = 1 THEN 900 WHEN reached_signup_success_within_1800s = 1 THEN 1800 WHEN reached_signup_success_within_1h = 1 THEN 3600 END WHEN ref = 'e.checkout.visited(pricing).within(2d)' AND first_checkout_attempt IS NOT NULL AND at_pricing = 1 THEN CASE WHEN reached_checkout_success_within_10s = 1 THEN 10 WHEN reached_checkout_success_within_15s = 1 THEN 15 WHEN reached_checkout_success_within_30s = 1 THEN 30 WHEN reached_checkout_success_within_60s = 1 THEN 60 WHEN reached_checkout_success_within_120s = 1 THEN 120 WHEN reached_checkout_success_within_300s = 1 THEN 300 WHEN reached_checkout_success_within_600s = 1 THEN 600 WHEN reached_checkout_success_within_900s = 1 THEN 900 WHEN reached_checkout_success_within_1800s = 1 THEN 1800 WHEN reached_checkout_success_within_3600s = 1 THEN 3600 WHEN reached_checkout_success_within_7200s = 1 THEN 7200 WHEN reached_checkout_success_within_14400s = 1 THEN 14400 WHEN reached_checkout_success_within_28800s = 1 THEN 28800 WHEN reached_checkout_success_within_43200s = 1 THEN 43200 WHEN reached_checkout_success_within_86400s = 1 THEN 86400 WHEN reached_checkout_success_within_2d = 1 THEN 172800 END WHEN ref = 'e.from(pricing).to(pricing).context(channel=''google'').within(30m)' AND first_pricing IS NOT NULL THEN CASE WHEN (count_pricing_within_1s >= 2 OR count_pricing_within_1s >= 1 AND first_pricing_only = first_pricing) THEN 1 WHEN (count_pricing_within_2s >= 2 OR count_pricing_within_2s >= 1 AND first_pricing_only = first_pricing) THEN 2 WHEN (count_pricing_within_5s >= 2 OR count_pricing_within_5s >= 1 AND first_pricing_only = first_pricing) THEN 5 WHEN (count_pricing_within_10s >= 2 OR count_pricing_within_10s >= 1 AND first_pricing_only = first_pricing) THEN 10 WHEN (count_pricing_within_15s >= 2 OR count_pricing_within_15s >= 1 AND first_pricing_only = first_pricing) THEN 15 WHEN (count_pricing_within_30s >= 2 OR count_pricing_within_30s >= 1 AND first_pricing_only = first_pricing) THEN 30 WHEN (count_pricing_within_60s >= 2 OR count_pricing_within_60s >= 1 AND first_pricing_only = first_pricing) THEN 60 WHEN (count_pricing_within_120s >= 2 OR count_pricing_within_120s >= 1 AND first_pricing_only = first_pricing) THEN 120 WHEN (count_pricing_within_300s >= 2 OR count_pricing_within_300s >= 1 AND first_pricing_only = first_pricing) THEN 300 WHEN (count_pricing_within_600s >= 2 OR count_pricing_within_600s >= 1 AND first_pricing_only = first_pricing) THEN 600 WHEN (count_pricing_within_900s >= 2 OR count_pricing_within_900s >= 1 AND first_pricing_only = first_pricing) THEN 900 WHEN (count_pricing_within_30m >= 2 OR count_pricing_within_30m >= 1 AND first_pricing_only = first_pricing) THEN 1800 END END AS lag_upto
  FROM (
    SELECT
      min(CASE WHEN event_type = 'signup_attempt' AND created_at < ? THEN created_at END) AS first_signup_attempt,
      max(CASE WHEN event_type = 'signup_success' AND created_at >= anchor_first_signup_attempt AND created_at <= DATEADD(second, 3600, anchor_first_signup_attempt) THEN 1 ELSE 0 END) AS reached_signup_success_within_1h,
      max(CASE WHEN event_type = 'signup_attempt' AND created_at < ? AND DATEADD(second, 3600, created_at) < ? THEN 1 ELSE 0 END) AS mature_signup_attempt_within_1h,
      max(CASE WHEN event_type = 'signup_success' AND created_at >= anchor_first_signup_attempt AND created_at <= DATEADD(second, 1, anchor_first_signup_attempt) THEN 1 ELSE 0 END) AS reached_signup_success_within_1s,
      max(CASE WHEN event_type = 'signup_attempt' AND created_at < ? AND DATEADD(second, 1, created_at) < ? THEN 1 ELSE 0 END) AS mature_signup_attempt_within_1s,
      max(CASE WHEN event_type = 'signup_success' AND created_at >= anchor_first_signup_attempt AND created_at <= DATEADD(second, 2, anchor_first_signup_attempt) THEN 1 ELSE 0 END) AS reached_signup_success_within_2s,
      max(CASE WHEN event_type = 'signup_attempt' AND created_at < ? AND DATEADD(second, 2, created_at) < ? THEN 1 ELSE 0 END) AS mature_signup_attempt_within_2s,
      max(CASE WHEN event_type = 'signup_success' AND created_at >= anchor_first_signup_attempt AND created_at <= DATEADD(second, 5, anchor_first_signup_attempt) THEN 1 ELSE 0 END) AS reached_signup_success_within_5s,
      max(CASE WHEN event_type = 'signup_attempt' AND created_at < ? AND DATEADD(second, 5, created_at) < ? THEN 1 ELSE 0 END) AS mature_signup_attempt_within_5s,
      max(CASE WHEN event_type = 'signup_success' AND created_at >= anchor_first_signup_attempt AND created_at <= DATEADD(second, 10, anchor_first_signup_attempt) THEN 1 ELSE 0 END) AS reached_signup_success_within_10s,
      max(CASE WHEN event_type = 'signup_attempt' AND created_at < ? AND DATEADD(second, 10, created_at) < ? THEN 1 ELSE 0 END) AS mature_signup_attempt_within_10s,
      max(CASE WHEN event_type = 'signup_success' AND created_at >= anchor_first_signup_attempt AND created_at <= DATEADD(second, 15, anchor_first_signup_attempt) THEN 1 ELSE 0 END) AS reached_signup_success_within_15s,
      max(CASE WHEN event_type = 'signup_attempt' AND created_at < ? AND DATEADD(second, 15, created_at) < ? THEN 1 ELSE 0 END) AS mature_signup_attempt_within_15s,
      max(CASE WHEN event_type = 'signup_success' AND created_at >= anchor_first_signup_attempt AND created_at <= DATEADD(second, 30, anchor_first_signup_attempt) THEN 1 ELSE 0 END) AS reached_signup_success_within_30s,
      max(CASE WHEN event_type = 'signup_attempt' AND created_at < ? AND DATEADD(second, 30, created_at) < ? THEN 1 ELSE 0 END) AS mature_signup_attempt_within_30s,
      max(CASE WHEN event_type = 'signup_success' AND created_at >= anchor_first_signup_attempt AND created_at <= DATEADD(second, 60, anchor_first_signup_attempt) THEN 1 ELSE 0 END) AS reached_signup_success_within_60s,
      max(CASE WHEN event_type = 'signup_attempt' AND created_at < ? AND DATEADD(second, 60, created_at) < ? THEN 1 ELSE 0 END) AS mature_signup_attempt_within_60s,
      max(CASE WHEN event_type = 'signup_success' AND created_at >= anchor_first_signup_attempt AND created_at <= DATEADD(second, 120, anchor_first_signup_attempt) THEN 1 ELSE 0 END) AS reached_signup_success_within_120s,
      max(CASE WHEN event_type = 'signup_attempt' AND created_at < ? AND DATEADD(second, 120, created_at) < ? THEN 1 ELSE 0 END) AS mature_signup_attempt_within_120s,
      max(CASE WHEN event_type = 'signup_success' AND created_at >= anchor_first_signup_attempt AND created_at <= DATEADD(second, 300, anchor_first_signup_attempt) THEN 1 ELSE 0 END) AS reached_signup_success_within_300s,
      max(CASE WHEN event_type = 'signup_attempt' AND created_at < ? AND DATEADD(second, 300, created_at) < ? THEN 1 ELSE 0 END) AS mature_signup_attempt_within_300s,
      max(CASE WHEN event_type = 'signup_success' AND created_at >= anchor_first_signup_attempt AND created_at <= DATEADD(second, 600, anchor_first_signup_attempt) THEN 1 ELSE 0 END) AS reached_signup_success_within_600s,
      max(CASE WHEN event_type = 'signup_attempt' AND created_at < ? AND DATEADD(second, 600, created_at) < ? THEN 1 ELSE 0 END) AS mature_signup_attempt_within_600s,
      max(CASE WHEN event_type = 'signup_success' AND created_at >= anchor_first_signup_attempt AND created_at <= DATEADD(second, 900, anchor_first_signup_attempt) THEN 1 ELSE 0 END) AS reached_signup_success_within_900s,
      max(CASE WHEN event_type = 'signup_attempt' AND created_at < ? AND DATEADD(second, 900, created_at) < ? THEN 1 ELSE 0 END) AS mature_signup_attempt_within_900s,
      max(CASE WHEN event_type = 'signup_success' AND created_at >= anchor_first_signup_attempt AND created_at <= DATEADD(second, 1800, anchor_first_signup_attempt) THEN 1 ELSE 0 END) AS reached_signup_success_within_1800s,
      max(CASE WHEN event_type = 'signup_attempt' AND created_at < ? AND DATEADD(second, 1800, created_at) < ? THEN 1 ELSE 0 END) AS mature_signup_attempt_within_1800s,
      min(CASE WHEN event_type = 'checkout_attempt' AND created_at < ? THEN created_at END) AS first_checkout_attempt,
      max(CASE WHEN node_slug = 'pricing' AND created_at < ? THEN 1 ELSE 0 END) AS at_pricing,
      max(CASE WHEN event_type = 'checkout_success' AND created_at >= anchor_first_checkout_attempt AND created_at <= DATEADD(second, 172800, anchor_first_checkout_attempt) THEN 1 ELSE 0 END) AS reached_checkout_success_within_2d,
      max(CASE WHEN event_type = 'checkout_attempt' AND created_at < ? AND DATEADD(second, 172800, created_at) < ? THEN 1 ELSE 0 END) AS mature_checkout_attempt_within_2d,
      max(CASE WHEN event_type = 'checkout_success' AND created_at >= anchor_first_checkout_attempt AND created_at <= DATEADD(second, 10, anchor_first_checkout_attempt) THEN 1 ELSE 0 END) AS reached_checkout_success_within_10s,
      max(CASE WHEN event_type = 'checkout_attempt' AND created_at < ? AND DATEADD(second, 10, created_at) < ? THEN 1 ELSE 0 END) AS mature_checkout_attempt_within_10s,
      max(CASE WHEN event_type = 'checkout_success' AND created_at >= anchor_first_checkout_attempt AND created_at <= DATEADD(second, 15, anchor_first_checkout_attempt) THEN 1 ELSE 0 END) AS reached_checkout_success_within_15s,
      max(CASE WHEN event_type = 'checkout_attempt' AND created_at < ? AND DATEADD(second, 15, created_at) < ? THEN 1 ELSE 0 END) AS mature_checkout_attempt_within_15s,
      max(CASE WHEN event_type = 'checkout_success' AND created_at >= anchor_first_checkout_attempt AND created_at <= DATEADD(second, 30, anchor_first_checkout_attempt) THEN 1 ELSE 0 END) AS reached_checkout_success_within_30s,
      max(CASE WHEN event_type = 'checkout_attempt' AND created_at < ? AND DATEADD(second, 30, created_at) < ? THEN 1 ELSE 0 END) AS mature_checkout_attempt_within_30s,
      max(CASE WHEN event_type = 'checkout_success' AND created_at >= anchor_first_checkout_attempt AND created_at <= DATEADD(second, 60, anchor_first_checkout_attempt) THEN 1 ELSE 0 END) AS reached_checkout_success_within_60s,
      max(CASE WHEN event_type = 'checkout_attempt' AND created_at < ? AND DATEADD(second, 60, created_at) < ? THEN 1 ELSE 0 END) AS mature_checkout_attempt_within_60s,
      max(CASE WHEN event_type = 'checkout_success' AND created_at >= anchor_first_checkout_attempt AND created_at <= DATEADD(second, 120, anchor_first_checkout_attempt) THEN 1 ELSE 0 END) AS reached_checkout_success_within_120s,
      max(CASE WHEN event_type = 'checkout_attempt' AND created_at < ? AND DATEADD(second, 120, created_at) < ? THEN 1 ELSE 0 END) AS mature_checkout_attempt_within_120s,
      max(CASE WHEN event_type = 'checkout_success' AND created_at >= anchor_first_checkout_attempt AND created_at <= DATEADD(second, 300, anchor_first_checkout_attempt) THEN 1 ELSE 0 END) AS reached_checkout_success_within_300s,
      max(CASE WHEN event_type = 'checkout_attempt' AND created_at < ? AND DATEADD(second, 300, created_at) < ? THEN 1 ELSE 0 END) AS mature_checkout_attempt_within_300s,
      max(CASE WHEN event_type = 'checkout_success' AND created_at >= anchor_first_checkout_attempt AND created_at <= DATEADD(second, 600, anchor_first_checkout_attempt) THEN 1 ELSE 0 END) AS reached_checkout_success_within_600s,
      max(CASE WHEN event_type = 'checkout_attempt' AND created_at < ? AND DATEADD(second, 600, created_at) < ? THEN 1 ELSE 0 END) AS mature_checkout_attempt_within_600s,
      max(CASE WHEN event_type = 'checkout_success' AND created_at >= anchor_first_checkout_attempt AND created_at <= DATEADD(second, 900, anchor_first_checkout_attempt) THEN 1 ELSE 0 END) AS reached_checkout_success_within_900s,
      max(CASE WHEN event_type = 'checkout_attempt' AND created_at < ? AND DATEADD(second, 900, created_at) < ? THEN 1 ELSE 0 END) AS mature_checkout_attempt_within_900s,
      max(CASE WHEN event_type = 'checkout_success' AND created_at >= anchor_first_checkout_attempt AND created_at <= DATEADD(second, 1800, anchor_first_checkout_attempt) THEN 1 ELSE 0 END) AS reached_checkout_success_within_1800s,
      max(CASE WHEN event_type = 'checkout_attempt' AND created_at < ? AND DATEADD(second, 1800, created_at) < ? THEN 1 ELSE 0 END) AS mature_checkout_attempt_within_1800s,
      max(CASE WHEN event_type = 'checkout_success' AND created_at >= anchor_first_checkout_attempt AND created_at <= DATEADD(second, 3600, anchor_first_checkout_attempt) THEN 1 ELSE 0 END) AS reached_checkout_success_within_3600s,
      max(CASE WHEN event_type = 'checkout_attempt' AND created_at < ? AND DATEADD(second, 3600, created_at) < ? THEN 1 ELSE 0 END) AS mature_checkout_attempt_within_3600s,
      max(CASE WHEN event_type = 'checkout_success' AND created_at >= anchor_first_checkout_attempt AND created_at <= DATEADD(second, 7200, anchor_first_checkout_attempt) THEN 1 ELSE 0 END) AS reached_checkout_success_within_7200s,
      max(CASE WHEN event_type = 'checkout_attempt' AND created_at < ? AND DATEADD(second, 7200, created_at) < ? THEN 1 ELSE 0 END) AS mature_checkout_attempt_within_7200s,
      max(CASE WHEN event_type = 'checkout_success' AND created_at >= anchor_first_checkout_attempt AND created_at <= DATEADD(second, 14400, anchor_first_checkout_attempt) THEN 1 ELSE 0 END) AS reached_checkout_success_within_14400s,
      max(CASE WHEN event_type = 'checkout_attempt' AND created_at < ? AND DATEADD(second, 14400, created_at) < ? THEN 1 ELSE 0 END) AS mature_checkout_attempt_within_14400s,
      max(CASE WHEN event_type = 'checkout_success' AND created_at >= anchor_first_checkout_attempt AND created_at <= DATEADD(second, 28800, anchor_first_checkout_attempt) THEN 1 ELSE 0 END) AS reached_checkout_success_within_28800s,
      max(CASE WHEN event_type = 'checkout_attempt' AND created_at < ? AND DATEADD(second, 28800, created_at) < ? THEN 1 ELSE 0 END) AS mature_checkout_attempt_within_28800s,
      max(CASE WHEN event_type = 'checkout_success' AND created_at >= anchor_first_checkout_attempt AND created_at <= DATEADD(second, 43200, anchor_first_checkout_attempt) THEN 1 ELSE 0 END) AS reached_checkout_success_within_43200s,
      max(CASE WHEN event_type = 'checkout_attempt' AND created_at < ? AND DATEADD(second, 43200, created_at) < ? THEN 1 ELSE 0 END) AS mature_checkout_attempt_within_43200s,
      max(CASE WHEN event_type = 'checkout_success' AND created_at >= anchor_first_checkout_attempt AND created_at <= DATEADD(second, 86400, anchor_first_checkout_attempt) THEN 1 ELSE 0 END) AS reached_checkout_success_within_86400s,
      max(CASE WHEN event_type = 'checkout_attempt' AND created_at < ? AND DATEADD(second, 86400, created_at) < ? THEN 1 ELSE 0 END) AS mature_checkout_attempt_within_86400s,
      min(CASE WHEN channel = 'google' AND node_slug = 'pricing' AND created_at < ? THEN created_at END) AS first_pricing,
      COUNT_IF(channel = 'google' AND node_slug = 'pricing' AND created_at >= anchor_first_pricing AND created_at <= DATEADD(second, 1800, anchor_first_pricing)) AS count_pricing_within_30m,
      min(CASE WHEN channel = 'google' AND node_slug = 'pricing' AND created_at < ? AND CASE WHEN node_slug = 'pricing' THEN 0 ELSE 1 END = 1 THEN created_at END) AS first_pricing_only,
      max(CASE WHEN channel = 'google' AND node_slug = 'pricing' AND created_at < ? AND DATEADD(second, 1800, created_at) < ? THEN 1 ELSE 0 END) AS mature_pricing_within_30m,
      COUNT_IF(channel = 'google' AND node_slug = 'pricing' AND created_at >= anchor_first_pricing AND created_at <= DATEADD(second, 1, anchor_first_pricing)) AS count_pricing_within_1s,
      max(CASE WHEN channel = 'google' AND node_slug = 'pricing' AND created_at < ? AND DATEADD(second, 1, created_at) < ? THEN 1 ELSE 0 END) AS mature_pricing_within_1s,
      COUNT_IF(channel = 'google' AND node_slug = 'pricing' AND created_at >= anchor_first_pricing AND created_at <= DATEADD(second, 2, anchor_first_pricing)) AS count_pricing_within_2s,
      max(CASE WHEN channel = 'google' AND node_slug = 'pricing' AND created_at < ? AND DATEADD(second, 2, created_at) < ? THEN 1 ELSE 0 END) AS mature_pricing_within_2s,
      COUNT_IF(channel = 'google' AND node_slug = 'pricing' AND created_at >= anchor_first_pricing AND created_at <= DATEADD(second, 5, anchor_first_pricing)) AS count_pricing_within_5s,
      max(CASE WHEN channel = 'google' AND node_slug = 'pricing' AND created_at < ? AND DATEADD(second, 5, created_at) < ? THEN 1 ELSE 0 END) AS mature_pricing_within_5s,
      COUNT_IF(channel = 'google' AND node_slug = 'pricing' AND created_at >= anchor_first_pricing AND created_at <= DATEADD(second, 10, anchor_first_pricing)) AS count_pricing_within_10s,
      max(CASE WHEN channel = 'google' AND node_slug = 'pricing' AND created_at < ? AND DATEADD(second, 10, created_at) < ? THEN 1 ELSE 0 END) AS mature_pricing_within_10s,
      COUNT_IF(channel = 'google' AND node_slug = 'pricing' AND created_at >= anchor_first_pricing AND created_at <= DATEADD(second, 15, anchor_first_pricing)) AS count_pricing_within_15s,
      max(CASE WHEN channel = 'google' AND node_slug = 'pricing' AND created_at < ? AND DATEADD(second, 15, created_at) < ? THEN 1 ELSE 0 END) AS mature_pricing_within_15s,
      COUNT_IF(channel = 'google' AND node_slug = 'pricing' AND created_at >= anchor_first_pricing AND created_at <= DATEADD(second, 30, anchor_first_pricing)) AS count_pricing_within_30s,
      max(CASE WHEN channel = 'google' AND node_slug = 'pricing' AND created_at < ? AND DATEADD(second, 30, created_at) < ? THEN 1 ELSE 0 END) AS mature_pricing_within_30s,
      COUNT_IF(channel = 'google' AND node_slug = 'pricing' AND created_at >= anchor_first_pricing AND created_at <= DATEADD(second, 60, anchor_first_pricing)) AS count_pricing_within_60s,
      max(CASE WHEN channel = 'google' AND node_slug = 'pricing' AND created_at < ? AND DATEADD(second, 60, created_at) < ? THEN 1 ELSE 0 END) AS mature_pricing_within_60s,
      COUNT_IF(channel = 'google' AND node_slug = 'pricing' AND created_at >= anchor_first_pricing AND created_at <= DATEADD(second, 120, anchor_first_pricing)) AS count_pricing_within_120s,
      max(CASE WHEN channel = 'google' AND node_slug = 'pricing' AND created_at < ? AND DATEADD(second, 120, created_at) < ? THEN 1 ELSE 0 END) AS mature_pricing_within_120s,
      COUNT_IF(channel = 'google' AND node_slug = 'pricing' AND created_at >= anchor_first_pricing AND created_at <= DATEADD(second, 300, anchor_first_pricing)) AS count_pricing_within_300s,
      max(CASE WHEN channel = 'google' AND node_slug = 'pricing' AND created_at < ? AND DATEADD(second, 300, created_at) < ? THEN 1 ELSE 0 END) AS mature_pricing_within_300s,
      COUNT_IF(channel = 'google' AND node_slug = 'pricing' AND created_at >= anchor_first_pricing AND created_at <= DATEADD(second, 600, anchor_first_pricing)) AS count_pricing_within_600s,
      max(CASE WHEN channel = 'google' AND node_slug = 'pricing' AND created_at < ? AND DATEADD(second, 600, created_at) < ? THEN 1 ELSE 0 END) AS mature_pricing_within_600s,
      COUNT_IF(channel = 'google' AND node_slug = 'pricing' AND created_at >= anchor_first_pricing AND created_at <= DATEADD(second, 900, anchor_first_pricing)) AS count_pricing_within_900s,
      max(CASE WHEN channel = 'google' AND node_slug = 'pricing' AND created_at < ? AND DATEADD(second, 900, created_at) < ? THEN 1 ELSE 0 END) AS mature_pricing_within_900s
    FROM (
      SELECT
        user_id,
        session_id,
        created_at,
        event_type,
        node_slug,
        channel,
        min(CASE WHEN event_type = 'signup_attempt' AND created_at < ? THEN created_at END) OVER (PARTITION BY user_id, session_id) AS anchor_first_signup_attempt,
        min(CASE WHEN event_type = 'checkout_attempt' AND created_at < ? THEN created_at END) OVER (PARTITION BY user_id, session_id) AS anchor_first_checkout_attempt,
        min(CASE WHEN channel = 'google' AND node_slug = 'pricing' AND created_at < ? THEN created_at END) OVER (PARTITION BY user_id, session_id) AS anchor_first_pricing
      FROM events
      WHERE created_at >= ?
        AND created_at < ?
        AND (event_type IN ('signup_attempt', 'signup_success', 'checkout_attempt', 'checkout_success') OR node_slug = 'pricing')
    ) AS ev
    GROUP BY user_id, session_id
  ) AS units
  CROSS JOIN (SELECT 'e.signup.within(1h)' AS ref UNION ALL SELECT 'e.checkout.visited(pricing).within(2d)' AS ref UNION ALL SELECT 'e.from(pricing).to(pricing).context(channel=''google'').within(30m)' AS ref) AS refs
) AS lags
WHERE age_upto IS NOT NULL OR lag_upto IS NOT NULL
GROUP BY ref, age_upto, lag_upto
ORDER BY ref, age_upto, lag_upto;
