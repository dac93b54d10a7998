-- batch of 8 references in 4 scan(s)
-- e.signup
-- e.signup.visited(homepage,pricing).context(channel='google')
-- e.checkout.visitedAny(demo,docs).exclude(pricing).context(device='mobile')
-- e.from(homepage).to(pricing).within(1h)
-- e.signup.context(channel)
-- e.signup.context(channel).within(7d)
-- e.signup.by(week)
-- e.signup.context(channel='o''brien').by(day)
WITH totals_1_1 AS (
  SELECT
    CAST(COALESCE(sum(CASE WHEN BITAND(bits_1, 1) = 1 THEN units ELSE 0 END), 0) AS BIGINT) AS trials_1,
    CAST(COALESCE(sum(CASE WHEN BITAND(bits_1, 513) = 513 THEN units ELSE 0 END), 0) AS BIGINT) AS successes_1,
    CAST(COALESCE(sum(CASE WHEN BITAND(bits_1, 50) = 50 THEN units ELSE 0 END), 0) AS BIGINT) AS trials_2,
    CAST(COALESCE(sum(CASE WHEN BITAND(bits_1, 1074) = 1074 THEN units ELSE 0 END), 0) AS BIGINT) AS successes_2,
    CAST(COALESCE(sum(CASE WHEN BITAND(bits_1, 260) = 4 AND (BITAND(bits_1, 64) = 64 OR BITAND(bits_1, 128) = 128) THEN units ELSE 0 END), 0) AS BIGINT) AS trials_3,
    CAST(COALESCE(sum(CASE WHEN BITAND(bits_1, 2308) = 2052 AND (BITAND(bits_1, 64) = 64 OR BITAND(bits_1, 128) = 128) THEN units ELSE 0 END), 0) AS BIGINT) AS successes_3,
    CAST(COALESCE(sum(CASE WHEN BITAND(bits_1, 8) = 8 THEN units ELSE 0 END), 0) AS BIGINT) AS trials_4,
    CAST(COALESCE(sum(CASE WHEN BITAND(bits_1, 4104) = 4104 THEN units ELSE 0 END), 0) AS BIGINT) AS successes_4
  FROM (
      SELECT
        bits_1,
        count(*) AS units
      FROM (
        SELECT
          (CASE WHEN first_signup_attempt IS NOT NULL THEN 1 ELSE 0 END
            + CASE WHEN first_signup_attempt_2 IS NOT NULL THEN 2 ELSE 0 END
            + CASE WHEN first_checkout_attempt IS NOT NULL THEN 4 ELSE 0 END
            + CASE WHEN first_homepage IS NOT NULL THEN 8 ELSE 0 END
            + at_homepage * 16
            + at_pricing * 32
            + at_demo * 64
            + at_docs * 128
            + at_pricing_2 * 256
            + CASE WHEN last_signup_success >= first_signup_attempt THEN 512 ELSE 0 END
            + CASE WHEN last_signup_success_2 >= first_signup_attempt_2 THEN 1024 ELSE 0 END
            + CASE WHEN last_checkout_success >= first_checkout_attempt THEN 2048 ELSE 0 END
            + reached_pricing_within_1h * 4096) AS bits_1
        FROM (
        SELECT
          min(CASE WHEN event_type = 'signup_attempt' THEN created_at END) AS first_signup_attempt,
          max(CASE WHEN event_type = 'signup_success' THEN created_at END) AS last_signup_success,
          min(CASE WHEN channel = 'google' AND event_type = 'signup_attempt' THEN created_at END) AS first_signup_attempt_2,
          max(CASE WHEN channel = 'google' AND node_slug = 'homepage' THEN 1 ELSE 0 END) AS at_homepage,
          max(CASE WHEN channel = 'google' AND node_slug = 'pricing' THEN 1 ELSE 0 END) AS at_pricing,
          max(CASE WHEN channel = 'google' AND event_type = 'signup_success' THEN created_at END) AS last_signup_success_2,
          min(CASE WHEN device = 'mobile' AND event_type = 'checkout_attempt' THEN created_at END) AS first_checkout_attempt,
          max(CASE WHEN device = 'mobile' AND node_slug = 'demo' THEN 1 ELSE 0 END) AS at_demo,
          max(CASE WHEN device = 'mobile' AND node_slug = 'docs' THEN 1 ELSE 0 END) AS at_docs,
          max(CASE WHEN device = 'mobile' AND node_slug = 'pricing' THEN 1 ELSE 0 END) AS at_pricing_2,
          max(CASE WHEN device = 'mobile' AND event_type = 'checkout_success' THEN created_at END) AS last_checkout_success,
          min(CASE WHEN node_slug = 'homepage' THEN created_at END) AS first_homepage,
          max(CASE WHEN node_slug = 'pricing' AND created_at >= anchor_first_homepage AND created_at <= DATEADD(second, 3600, anchor_first_homepage) THEN 1 ELSE 0 END) AS reached_pricing_within_1h
        FROM (
          SELECT
            user_id,
            session_id,
            created_at,
            event_type,
            channel,
            node_slug,
            device,
            min(CASE WHEN node_slug = 'homepage' THEN created_at END) OVER (PARTITION BY user_id, session_id) AS anchor_first_homepage
          FROM events
          WHERE created_at >= ?
            AND created_at < ?
            AND (event_type IN ('signup_attempt', 'signup_success', 'checkout_attempt', 'checkout_success') OR node_slug IN ('homepage', 'pricing', 'demo', 'docs'))
        ) AS ev
        GROUP BY user_id, session_id
      ) AS units
      ) AS facts
      GROUP BY bits_1
  ) AS signatures
),
totals_2_1 AS (
  SELECT
    channel,
    CAST(COALESCE(sum(CASE WHEN BITAND(bits_1, 1) = 1 THEN units ELSE 0 END), 0) AS BIGINT) AS trials_1,
    CAST(COALESCE(sum(CASE WHEN BITAND(bits_1, 3) = 3 THEN units ELSE 0 END), 0) AS BIGINT) AS successes_1,
    CAST(COALESCE(sum(CASE WHEN BITAND(bits_1, 1) = 1 THEN units ELSE 0 END), 0) AS BIGINT) AS trials_2,
    CAST(COALESCE(sum(CASE WHEN BITAND(bits_1, 5) = 5 THEN units ELSE 0 END), 0) AS BIGINT) AS successes_2
  FROM (
      SELECT
        channel,
        bits_1,
        count(*) AS units
      FROM (
        SELECT
          channel,
          (CASE WHEN first_signup_attempt IS NOT NULL THEN 1 ELSE 0 END
            + CASE WHEN last_signup_success >= first_signup_attempt THEN 2 ELSE 0 END
            + reached_signup_success_within_7d * 4) AS bits_1
        FROM (
        SELECT
          channel,
          min(CASE WHEN event_type = 'signup_attempt' THEN created_at END) AS first_signup_attempt,
          max(CASE WHEN event_type = 'signup_success' THEN created_at END) AS last_signup_success,
          max(CASE WHEN event_type = 'signup_success' AND created_at >= anchor_first_signup_attempt AND created_at <= DATEADD(second, 604800, anchor_first_signup_attempt) THEN 1 ELSE 0 END) AS reached_signup_success_within_7d
        FROM (
          SELECT
            user_id,
            session_id,
            channel,
            created_at,
            event_type,
            min(CASE WHEN event_type = 'signup_attempt' THEN created_at END) OVER (PARTITION BY user_id, session_id, channel) AS anchor_first_signup_attempt
          FROM events
          WHERE created_at >= ?
            AND created_at < ?
            AND channel IS NOT NULL
        ) AS ev
        GROUP BY user_id, session_id, channel
      ) AS units
      ) AS facts
      GROUP BY channel, bits_1
  ) AS signatures
  GROUP BY channel
),
totals_3_1 AS (
  SELECT
    period,
    CAST(COALESCE(sum(CASE WHEN BITAND(bits_1, 1) = 1 THEN units ELSE 0 END), 0) AS BIGINT) AS trials_1,
    CAST(COALESCE(sum(CASE WHEN BITAND(bits_1, 3) = 3 THEN units ELSE 0 END), 0) AS BIGINT) AS successes_1
  FROM (
      SELECT
        period,
        bits_1,
        count(*) AS units
      FROM (
        SELECT
          DATEADD(day, 1 - DAYOFWEEKISO(first_signup_attempt), CAST(first_signup_attempt AS DATE)) AS period,
          (CASE WHEN first_signup_attempt IS NOT NULL THEN 1 ELSE 0 END
            + CASE WHEN last_signup_success >= first_signup_attempt THEN 2 ELSE 0 END) AS bits_1
        FROM (
        SELECT
          min(CASE WHEN event_type = 'signup_attempt' THEN created_at END) AS first_signup_attempt,
          max(CASE WHEN event_type = 'signup_success' THEN created_at END) AS last_signup_success
        FROM events
        WHERE created_at >= ?
          AND created_at < ?
          AND event_type IN ('signup_attempt', 'signup_success')
        GROUP BY user_id, session_id
      ) AS units
        WHERE first_signup_attempt IS NOT NULL
      ) AS facts
      GROUP BY period, bits_1
  ) AS signatures
  GROUP BY period
),
totals_4_1 AS (
  SELECT
    period,
    CAST(COALESCE(sum(CASE WHEN BITAND(bits_1, 1) = 1 THEN units ELSE 0 END), 0) AS BIGINT) AS trials_1,
    CAST(COALESCE(sum(CASE WHEN BITAND(bits_1, 3) = 3 THEN units ELSE 0 END), 0) AS BIGINT) AS successes_1
  FROM (
      SELECT
        period,
        bits_1,
        count(*) AS units
      FROM (
        SELECT
          CAST(first_signup_attempt AS DATE) AS period,
          (CASE WHEN first_signup_attempt IS NOT NULL THEN 1 ELSE 0 END
            + CASE WHEN last_signup_success >= first_signup_attempt THEN 2 ELSE 0 END) AS bits_1
        FROM (
        SELECT
          min(CASE WHEN event_type = 'signup_attempt' THEN created_at END) AS first_signup_attempt,
          max(CASE WHEN event_type = 'signup_success' THEN created_at END) AS last_signup_success
        FROM events
        WHERE created_at >= ?
          AND created_at < ?
          AND channel = 'o''brien'
          AND event_type IN ('signup_attempt', 'signup_success')
        GROUP BY user_id, session_id
      ) AS units
        WHERE first_signup_attempt IS NOT NULL
      ) AS facts
      GROUP BY period, bits_1
  ) AS signatures
  GROUP BY period
)
SELECT *
FROM (
  SELECT 'e.signup' AS ref, CAST(NULL AS VARCHAR) AS channel, CAST(NULL AS DATE) AS period, trials_1 AS trials, successes_1 AS successes FROM totals_1_1
  UNION ALL
  SELECT 'e.signup.visited(homepage,pricing).context(channel=''google'')' AS ref, CAST(NULL AS VARCHAR) AS channel, CAST(NULL AS DATE) AS period, trials_2 AS trials, successes_2 AS successes FROM totals_1_1
  UNION ALL
  SELECT 'e.checkout.visitedAny(demo,docs).exclude(pricing).context(device=''mobile'')' AS ref, CAST(NULL AS VARCHAR) AS channel, CAST(NULL AS DATE) AS period, trials_3 AS trials, successes_3 AS successes FROM totals_1_1
  UNION ALL
  SELECT 'e.from(homepage).to(pricing).within(1h)' AS ref, CAST(NULL AS VARCHAR) AS channel, CAST(NULL AS DATE) AS period, trials_4 AS trials, successes_4 AS successes FROM totals_1_1
  UNION ALL
  SELECT 'e.signup.context(channel)' AS ref, channel, CAST(NULL AS DATE) AS period, trials_1 AS trials, successes_1 AS successes FROM totals_2_1
  UNION ALL
  SELECT 'e.signup.context(channel).within(7d)' AS ref, channel, CAST(NULL AS DATE) AS period, trials_2 AS trials, successes_2 AS successes FROM totals_2_1
  UNION ALL
  SELECT 'e.signup.by(week)' AS ref, CAST(NULL AS VARCHAR) AS channel, period, trials_1 AS trials, successes_1 AS successes FROM totals_3_1
  UNION ALL
  SELECT 'e.signup.context(channel=''o''''brien'').by(day)' AS ref, CAST(NULL AS VARCHAR) AS channel, period, trials_1 AS trials, successes_1 AS successes FROM totals_4_1
) AS batch
ORDER BY ref, channel, period;
