-- batch of 4 references in 3 scan(s)
-- e.signup
-- e.checkout.visited(pricing).context(device='mobile')
-- e.signup.context(channel)
-- e.signup.exclude(docs).context(channel,country)
WITH unit_contexts_1 AS (
  SELECT
    user_id,
    session_id,
    device,
    channel,
    country,
    min(CASE WHEN event_type = 'signup_attempt' THEN created_at END) AS e1_first_signup_attempt,
    max(CASE WHEN event_type = 'signup_success' THEN created_at END) AS e2_last_signup_success,
    min(CASE WHEN event_type = 'checkout_attempt' THEN created_at END) AS e3_first_checkout_attempt,
    max(CASE WHEN node_slug = 'pricing' THEN 1 ELSE 0 END) AS e4_at_pricing,
    max(CASE WHEN event_type = 'checkout_success' THEN created_at END) AS e5_last_checkout_success,
    max(CASE WHEN node_slug = 'docs' THEN 1 ELSE 0 END) AS e6_at_docs,
    count(*) OVER (PARTITION BY user_id, session_id) AS contexts_per_unit
  FROM events
  WHERE created_at >= ?
    AND created_at < ?
  GROUP BY user_id, session_id, device, channel, country
),
totals_1_1 AS (
  SELECT
    CAST(COALESCE(sum(CASE WHEN 1 = 1 THEN trials_1 ELSE 0 END), 0) AS BIGINT) AS trials_1,
    CAST(COALESCE(sum(CASE WHEN 1 = 1 THEN successes_1 ELSE 0 END), 0) AS BIGINT) AS successes_1,
    CAST(COALESCE(sum(CASE WHEN 1 = 1 THEN trials_2 ELSE 0 END), 0) AS BIGINT) AS trials_2,
    CAST(COALESCE(sum(CASE WHEN 1 = 1 THEN successes_2 ELSE 0 END), 0) AS BIGINT) AS successes_2
  FROM (
    SELECT
      CAST(COALESCE(sum(CASE WHEN 1 = 1 AND BITAND(bits_1, 1) = 1 THEN units ELSE 0 END), 0) AS BIGINT) AS trials_1,
      CAST(COALESCE(sum(CASE WHEN 1 = 1 AND BITAND(bits_1, 1) = 1 AND BITAND(bits_1, 2) = 2 THEN units ELSE 0 END), 0) AS BIGINT) AS successes_1,
      CAST(COALESCE(sum(CASE WHEN BITAND(filters_1, 1) = 1 AND BITAND(bits_1, 12) = 12 THEN units ELSE 0 END), 0) AS BIGINT) AS trials_2,
      CAST(COALESCE(sum(CASE WHEN BITAND(filters_1, 1) = 1 AND BITAND(bits_1, 12) = 12 AND BITAND(bits_1, 16) = 16 THEN units ELSE 0 END), 0) AS BIGINT) AS successes_2
    FROM (
      SELECT
        filters_1,
        bits_1,
        count(*) AS units
      FROM (
        SELECT
          (CASE WHEN device = 'mobile' THEN 1 ELSE 0 END) AS filters_1,
          (CASE WHEN e1_first_signup_attempt IS NOT NULL THEN 1 ELSE 0 END
            + CASE WHEN e2_last_signup_success >= e1_first_signup_attempt THEN 2 ELSE 0 END
            + CASE WHEN e3_first_checkout_attempt IS NOT NULL THEN 4 ELSE 0 END
            + e4_at_pricing * 8
            + CASE WHEN e5_last_checkout_success >= e3_first_checkout_attempt THEN 16 ELSE 0 END) AS bits_1
        FROM unit_contexts_1
        WHERE contexts_per_unit = 1
      ) AS facts
      GROUP BY filters_1, bits_1
  ) AS single_context
    UNION ALL
    SELECT
      CAST(COALESCE(sum(CASE WHEN BITAND(bits_1, 1) = 1 THEN units ELSE 0 END), 0) AS BIGINT) AS trials_1,
      CAST(COALESCE(sum(CASE WHEN BITAND(bits_1, 9) = 9 THEN units ELSE 0 END), 0) AS BIGINT) AS successes_1,
      CAST(COALESCE(sum(CASE WHEN BITAND(bits_1, 6) = 6 THEN units ELSE 0 END), 0) AS BIGINT) AS trials_2,
      CAST(COALESCE(sum(CASE WHEN BITAND(bits_1, 22) = 22 THEN units ELSE 0 END), 0) AS BIGINT) AS successes_2
    FROM (
      SELECT
        bits_1,
        count(*) AS units
      FROM (
        SELECT
          (CASE WHEN first_signup_attempt IS NOT NULL THEN 1 ELSE 0 END
            + CASE WHEN first_checkout_attempt IS NOT NULL THEN 2 ELSE 0 END
            + at_pricing * 4
            + CASE WHEN last_signup_success >= first_signup_attempt THEN 8 ELSE 0 END
            + CASE WHEN last_checkout_success >= first_checkout_attempt THEN 16 ELSE 0 END) AS bits_1
        FROM (
        SELECT
          min(e1_first_signup_attempt) AS first_signup_attempt,
          max(e2_last_signup_success) AS last_signup_success,
          min(CASE WHEN device = 'mobile' THEN e3_first_checkout_attempt END) AS first_checkout_attempt,
          max(CASE WHEN device = 'mobile' AND e4_at_pricing = 1 THEN 1 ELSE 0 END) AS at_pricing,
          max(CASE WHEN device = 'mobile' THEN e5_last_checkout_success END) AS last_checkout_success
        FROM unit_contexts_1
        WHERE contexts_per_unit > 1
        GROUP BY user_id, session_id
      ) AS units
      ) AS facts
      GROUP BY bits_1
  ) AS signatures
  ) AS parts
),
totals_2_1 AS (
  SELECT
    channel,
    CAST(COALESCE(sum(CASE WHEN 1 = 1 THEN trials_1 ELSE 0 END), 0) AS BIGINT) AS trials_1,
    CAST(COALESCE(sum(CASE WHEN 1 = 1 THEN successes_1 ELSE 0 END), 0) AS BIGINT) AS successes_1,
    max(present_1) AS present_1
  FROM (
    SELECT
      channel,
      CAST(COALESCE(sum(CASE WHEN BITAND(filters_1, 1) = 1 AND BITAND(bits_1, 1) = 1 THEN units ELSE 0 END), 0) AS BIGINT) AS trials_1,
      CAST(COALESCE(sum(CASE WHEN BITAND(filters_1, 1) = 1 AND BITAND(bits_1, 1) = 1 AND BITAND(bits_1, 2) = 2 THEN units ELSE 0 END), 0) AS BIGINT) AS successes_1,
      max(CASE WHEN BITAND(filters_1, 1) = 1 THEN 1 ELSE 0 END) AS present_1
    FROM (
      SELECT
        filters_1,
        channel,
        bits_1,
        count(*) AS units
      FROM (
        SELECT
          (CASE WHEN channel IS NOT NULL THEN 1 ELSE 0 END) AS filters_1,
          channel,
          (CASE WHEN e1_first_signup_attempt IS NOT NULL THEN 1 ELSE 0 END
            + CASE WHEN e2_last_signup_success >= e1_first_signup_attempt THEN 2 ELSE 0 END) AS bits_1
        FROM unit_contexts_1
        WHERE contexts_per_unit = 1
      ) AS facts
      GROUP BY filters_1, channel, bits_1
  ) AS single_context
    GROUP BY channel
    UNION ALL
    SELECT
      channel,
      CAST(COALESCE(sum(CASE WHEN BITAND(bits_1, 1) = 1 THEN units ELSE 0 END), 0) AS BIGINT) AS trials_1,
      CAST(COALESCE(sum(CASE WHEN BITAND(bits_1, 5) = 5 THEN units ELSE 0 END), 0) AS BIGINT) AS successes_1,
      max(CASE WHEN BITAND(bits_1, 2) = 2 THEN 1 ELSE 0 END) AS present_1
    FROM (
      SELECT
        channel,
        bits_1,
        count(*) AS units
      FROM (
        SELECT
          channel,
          (CASE WHEN first_signup_attempt IS NOT NULL THEN 1 ELSE 0 END
            + seen_own_events * 2
            + CASE WHEN last_signup_success >= first_signup_attempt THEN 4 ELSE 0 END) AS bits_1
        FROM (
        SELECT
          channel,
          min(CASE WHEN channel IS NOT NULL THEN e1_first_signup_attempt END) AS first_signup_attempt,
          max(CASE WHEN channel IS NOT NULL THEN e2_last_signup_success END) AS last_signup_success,
          max(CASE WHEN channel IS NOT NULL THEN 1 ELSE 0 END) AS seen_own_events
        FROM unit_contexts_1
        WHERE contexts_per_unit > 1
        GROUP BY user_id, session_id, channel
      ) AS units
      ) AS facts
      GROUP BY channel, bits_1
  ) AS signatures
    GROUP BY channel
  ) AS parts
  GROUP BY channel
),
totals_3_1 AS (
  SELECT
    channel,
    country,
    CAST(COALESCE(sum(CASE WHEN 1 = 1 THEN trials_1 ELSE 0 END), 0) AS BIGINT) AS trials_1,
    CAST(COALESCE(sum(CASE WHEN 1 = 1 THEN successes_1 ELSE 0 END), 0) AS BIGINT) AS successes_1,
    max(present_1) AS present_1
  FROM (
    SELECT
      channel,
      country,
      CAST(COALESCE(sum(CASE WHEN BITAND(filters_1, 1) = 1 AND BITAND(bits_1, 3) = 1 THEN units ELSE 0 END), 0) AS BIGINT) AS trials_1,
      CAST(COALESCE(sum(CASE WHEN BITAND(filters_1, 1) = 1 AND BITAND(bits_1, 3) = 1 AND BITAND(bits_1, 4) = 4 THEN units ELSE 0 END), 0) AS BIGINT) AS successes_1,
      max(CASE WHEN BITAND(filters_1, 1) = 1 THEN 1 ELSE 0 END) AS present_1
    FROM (
      SELECT
        filters_1,
        channel,
        country,
        bits_1,
        count(*) AS units
      FROM (
        SELECT
          (CASE WHEN channel IS NOT NULL AND country IS NOT NULL THEN 1 ELSE 0 END) AS filters_1,
          channel,
          country,
          (CASE WHEN e1_first_signup_attempt IS NOT NULL THEN 1 ELSE 0 END
            + e6_at_docs * 2
            + CASE WHEN e2_last_signup_success >= e1_first_signup_attempt THEN 4 ELSE 0 END) AS bits_1
        FROM unit_contexts_1
        WHERE contexts_per_unit = 1
      ) AS facts
      GROUP BY filters_1, channel, country, bits_1
  ) AS single_context
    GROUP BY channel, country
    UNION ALL
    SELECT
      channel,
      country,
      CAST(COALESCE(sum(CASE WHEN BITAND(bits_1, 3) = 1 THEN units ELSE 0 END), 0) AS BIGINT) AS trials_1,
      CAST(COALESCE(sum(CASE WHEN BITAND(bits_1, 11) = 9 THEN units ELSE 0 END), 0) AS BIGINT) AS successes_1,
      max(CASE WHEN BITAND(bits_1, 4) = 4 THEN 1 ELSE 0 END) AS present_1
    FROM (
      SELECT
        channel,
        country,
        bits_1,
        count(*) AS units
      FROM (
        SELECT
          channel,
          country,
          (CASE WHEN first_signup_attempt IS NOT NULL THEN 1 ELSE 0 END
            + at_docs * 2
            + seen_own_events * 4
            + CASE WHEN last_signup_success >= first_signup_attempt THEN 8 ELSE 0 END) AS bits_1
        FROM (
        SELECT
          channel,
          country,
          min(CASE WHEN channel IS NOT NULL AND country IS NOT NULL THEN e1_first_signup_attempt END) AS first_signup_attempt,
          max(CASE WHEN channel IS NOT NULL AND country IS NOT NULL AND e6_at_docs = 1 THEN 1 ELSE 0 END) AS at_docs,
          max(CASE WHEN channel IS NOT NULL AND country IS NOT NULL THEN e2_last_signup_success END) AS last_signup_success,
          max(CASE WHEN channel IS NOT NULL AND country IS NOT NULL THEN 1 ELSE 0 END) AS seen_own_events
        FROM unit_contexts_1
        WHERE contexts_per_unit > 1
        GROUP BY user_id, session_id, channel, country
      ) AS units
      ) AS facts
      GROUP BY channel, country, bits_1
  ) AS signatures
    GROUP BY channel, country
  ) AS parts
  GROUP BY channel, country
)
SELECT *
FROM (
  SELECT 'e.signup' AS ref, CAST(NULL AS VARCHAR) AS channel, CAST(NULL AS VARCHAR) AS country, trials_1 AS trials, successes_1 AS successes FROM totals_1_1
  UNION ALL
  SELECT 'e.checkout.visited(pricing).context(device=''mobile'')' AS ref, CAST(NULL AS VARCHAR) AS channel, CAST(NULL AS VARCHAR) AS country, trials_2 AS trials, successes_2 AS successes FROM totals_1_1
  UNION ALL
  SELECT 'e.signup.context(channel)' AS ref, channel, CAST(NULL AS VARCHAR) AS country, trials_1 AS trials, successes_1 AS successes FROM totals_2_1 WHERE present_1 = 1
  UNION ALL
  SELECT 'e.signup.exclude(docs).context(channel,country)' AS ref, channel, country, trials_1 AS trials, successes_1 AS successes FROM totals_3_1 WHERE present_1 = 1
) AS batch
ORDER BY ref, channel, country;
