-- batch of 8 references in 6 scan(s)
-- e.signup
-- e.signup.visited(homepage,pricing).context(channel='google')
-- e.checkout.visitedAny(demo,docs).exclude(pricing).context(device='mobile')
-- e.from(homepage).to(pricing).within(1h)
-- e.signup.context(channel)
-- e.signup.context(channel).within(7d)
-- e.signup.by(week)
-- e.signup.context(channel='o''brien').by(day)
WITH unit_contexts_1 AS (
  SELECT
    "user_id",
    "session_id",
    "channel",
    "device",
    min(CASE WHEN "event_type" = 'signup_attempt' THEN "created_at" END) AS e1_first_signup_attempt,
    max(CASE WHEN "event_type" = 'signup_success' THEN "created_at" END) AS e2_last_signup_success,
    max(CASE WHEN "node_slug" = 'homepage' THEN 1 ELSE 0 END) AS e3_at_homepage,
    max(CASE WHEN "node_slug" = 'pricing' THEN 1 ELSE 0 END) AS e4_at_pricing,
    min(CASE WHEN "event_type" = 'checkout_attempt' THEN "created_at" END) AS e5_first_checkout_attempt,
    max(CASE WHEN "node_slug" = 'demo' THEN 1 ELSE 0 END) AS e6_at_demo,
    max(CASE WHEN "node_slug" = 'docs' THEN 1 ELSE 0 END) AS e7_at_docs,
    max(CASE WHEN "event_type" = 'checkout_success' THEN "created_at" END) AS e8_last_checkout_success,
    count(*) OVER (PARTITION BY "user_id", "session_id") AS contexts_per_unit
  FROM "events"
  WHERE "created_at" >= $1
    AND "created_at" < $2
  GROUP BY "user_id", "session_id", "channel", "device"
),
signatures_1 AS MATERIALIZED (
      SELECT
        bits_1,
        count(*) AS units
      FROM (
        SELECT
          (CASE WHEN first_signup_attempt IS NOT NULL THEN 1 ELSE 0 END
            + CASE WHEN first_signup_attempt_2 IS NOT NULL THEN 2 ELSE 0 END
            + CASE WHEN first_checkout_attempt IS NOT NULL THEN 4 ELSE 0 END
            + at_homepage * 8
            + at_pricing * 16
            + at_demo * 32
            + at_docs * 64
            + at_pricing_2 * 128
            + CASE WHEN last_signup_success >= first_signup_attempt THEN 256 ELSE 0 END
            + CASE WHEN last_signup_success_2 >= first_signup_attempt_2 THEN 512 ELSE 0 END
            + CASE WHEN last_checkout_success >= first_checkout_attempt THEN 1024 ELSE 0 END) AS bits_1
        FROM (
        SELECT
          min(e1_first_signup_attempt) AS first_signup_attempt,
          max(e2_last_signup_success) AS last_signup_success,
          min(CASE WHEN "channel" = 'google' THEN e1_first_signup_attempt END) AS first_signup_attempt_2,
          max(CASE WHEN "channel" = 'google' AND e3_at_homepage = 1 THEN 1 ELSE 0 END) AS at_homepage,
          max(CASE WHEN "channel" = 'google' AND e4_at_pricing = 1 THEN 1 ELSE 0 END) AS at_pricing,
          max(CASE WHEN "channel" = 'google' THEN e2_last_signup_success END) AS last_signup_success_2,
          min(CASE WHEN "device" = 'mobile' THEN e5_first_checkout_attempt END) AS first_checkout_attempt,
          max(CASE WHEN "device" = 'mobile' AND e6_at_demo = 1 THEN 1 ELSE 0 END) AS at_demo,
          max(CASE WHEN "device" = 'mobile' AND e7_at_docs = 1 THEN 1 ELSE 0 END) AS at_docs,
          max(CASE WHEN "device" = 'mobile' AND e4_at_pricing = 1 THEN 1 ELSE 0 END) AS at_pricing_2,
          max(CASE WHEN "device" = 'mobile' THEN e8_last_checkout_success END) AS last_checkout_success
        FROM unit_contexts_1
        WHERE contexts_per_unit > 1
        GROUP BY "user_id", "session_id"
      ) AS units
      ) AS facts
      GROUP BY bits_1
),
single_context_1 AS MATERIALIZED (
      SELECT
        filters_1,
        bits_1,
        count(*) AS units
      FROM (
        SELECT
          (CASE WHEN "channel" = 'google' THEN 1 ELSE 0 END + CASE WHEN "device" = 'mobile' THEN 2 ELSE 0 END) AS filters_1,
          (CASE WHEN e1_first_signup_attempt IS NOT NULL THEN 1 ELSE 0 END
            + CASE WHEN e2_last_signup_success >= e1_first_signup_attempt THEN 2 ELSE 0 END
            + e3_at_homepage * 4
            + e4_at_pricing * 8
            + CASE WHEN e5_first_checkout_attempt IS NOT NULL THEN 16 ELSE 0 END
            + e6_at_demo * 32
            + e7_at_docs * 64
            + CASE WHEN e8_last_checkout_success >= e5_first_checkout_attempt THEN 128 ELSE 0 END) AS bits_1
        FROM unit_contexts_1
        WHERE contexts_per_unit = 1
      ) AS facts
      GROUP BY filters_1, bits_1
),
totals_1_1 AS (
  SELECT
    CAST(COALESCE(sum(CASE WHEN 1 = 1 THEN trials_1 ELSE 0 END), 0) AS BIGINT) AS trials_1,
    CAST(COALESCE(sum(CASE WHEN 1 = 1 THEN successes_1 ELSE 0 END), 0) AS BIGINT) AS successes_1,
    CAST(COALESCE(sum(CASE WHEN 1 = 1 THEN trials_2 ELSE 0 END), 0) AS BIGINT) AS trials_2,
    CAST(COALESCE(sum(CASE WHEN 1 = 1 THEN successes_2 ELSE 0 END), 0) AS BIGINT) AS successes_2,
    CAST(COALESCE(sum(CASE WHEN 1 = 1 THEN trials_3 ELSE 0 END), 0) AS BIGINT) AS trials_3,
    CAST(COALESCE(sum(CASE WHEN 1 = 1 THEN successes_3 ELSE 0 END), 0) AS BIGINT) AS successes_3
  FROM (
    SELECT
      sum(units) FILTER (WHERE 1 = 1 AND (bits_1 & 1) = 1) AS trials_1,
      sum(units) FILTER (WHERE 1 = 1 AND (bits_1 & 1) = 1 AND (bits_1 & 2) = 2) AS successes_1,
      sum(units) FILTER (WHERE (filters_1 & 1) = 1 AND (bits_1 & 13) = 13) AS trials_2,
      sum(units) FILTER (WHERE (filters_1 & 1) = 1 AND (bits_1 & 13) = 13 AND (bits_1 & 2) = 2) AS successes_2,
      sum(units) FILTER (WHERE (filters_1 & 2) = 2 AND (bits_1 & 24) = 16 AND ((bits_1 & 32) = 32 OR (bits_1 & 64) = 64)) AS trials_3,
      sum(units) FILTER (WHERE (filters_1 & 2) = 2 AND (bits_1 & 24) = 16 AND ((bits_1 & 32) = 32 OR (bits_1 & 64) = 64) AND (bits_1 & 128) = 128) AS successes_3
    FROM single_context_1
    UNION ALL
    SELECT
      sum(units) FILTER (WHERE (bits_1 & 1) = 1) AS trials_1,
      sum(units) FILTER (WHERE (bits_1 & 257) = 257) AS successes_1,
      sum(units) FILTER (WHERE (bits_1 & 26) = 26) AS trials_2,
      sum(units) FILTER (WHERE (bits_1 & 538) = 538) AS successes_2,
      sum(units) FILTER (WHERE (bits_1 & 132) = 4 AND ((bits_1 & 32) = 32 OR (bits_1 & 64) = 64)) AS trials_3,
      sum(units) FILTER (WHERE (bits_1 & 1156) = 1028 AND ((bits_1 & 32) = 32 OR (bits_1 & 64) = 64)) AS successes_3
    FROM signatures_1
  ) AS parts
),
signatures_2 AS MATERIALIZED (
      SELECT
        bits_1,
        count(*) AS units
      FROM (
        SELECT
          (CASE WHEN first_homepage IS NOT NULL THEN 1 ELSE 0 END
            + mature_homepage_within_1h * 2
            + reached_pricing_within_1h * 4) AS bits_1
        FROM (
        SELECT
          min(CASE WHEN "node_slug" = 'homepage' AND "created_at" < $2 THEN "created_at" END) AS first_homepage,
          max(CASE WHEN "node_slug" = 'pricing' AND "created_at" >= anchor_first_homepage AND "created_at" <= anchor_first_homepage + INTERVAL '3600 seconds' THEN 1 ELSE 0 END) AS reached_pricing_within_1h,
          max(CASE WHEN "node_slug" = 'homepage' AND "created_at" < $2 AND "created_at" + INTERVAL '3600 seconds' < $3 THEN 1 ELSE 0 END) AS mature_homepage_within_1h
        FROM (
          SELECT
            "user_id",
            "session_id",
            "created_at",
            "node_slug",
            min(CASE WHEN "node_slug" = 'homepage' AND "created_at" < $2 THEN "created_at" END) OVER (PARTITION BY "user_id", "session_id") AS anchor_first_homepage
          FROM "events"
          WHERE "created_at" >= $1
            AND "created_at" < $3
            AND "node_slug" IN ('homepage', 'pricing')
        ) AS ev
        GROUP BY "user_id", "session_id"
      ) AS units
      ) AS facts
      GROUP BY bits_1
),
totals_2_1 AS (
  SELECT
    CAST(COALESCE(sum(CASE WHEN (bits_1 & 3) = 3 THEN units ELSE 0 END), 0) AS BIGINT) AS trials_1,
    CAST(COALESCE(sum(CASE WHEN (bits_1 & 7) = 7 THEN units ELSE 0 END), 0) AS BIGINT) AS successes_1,
    CAST(COALESCE(sum(CASE WHEN (bits_1 & 3) = 1 THEN units ELSE 0 END), 0) AS BIGINT) AS immature_1
  FROM signatures_2
),
signatures_3 AS MATERIALIZED (
      SELECT
        "channel",
        bits_1,
        count(*) AS units
      FROM (
        SELECT
          "channel",
          (CASE WHEN first_signup_attempt IS NOT NULL THEN 1 ELSE 0 END
            + seen_own_events * 2
            + CASE WHEN last_signup_success >= first_signup_attempt THEN 4 ELSE 0 END) AS bits_1
        FROM (
        SELECT
          "channel",
          min(CASE WHEN "channel" IS NOT NULL THEN e1_first_signup_attempt END) AS first_signup_attempt,
          max(CASE WHEN "channel" IS NOT NULL THEN e2_last_signup_success END) AS last_signup_success,
          max(CASE WHEN "channel" IS NOT NULL THEN 1 ELSE 0 END) AS seen_own_events
        FROM unit_contexts_1
        WHERE contexts_per_unit > 1
        GROUP BY "user_id", "session_id", "channel"
      ) AS units
      ) AS facts
      GROUP BY "channel", bits_1
),
single_context_3 AS MATERIALIZED (
      SELECT
        filters_1,
        "channel",
        bits_1,
        count(*) AS units
      FROM (
        SELECT
          (CASE WHEN "channel" IS NOT NULL THEN 1 ELSE 0 END) AS filters_1,
          "channel",
          (CASE WHEN e1_first_signup_attempt IS NOT NULL THEN 1 ELSE 0 END
            + CASE WHEN e2_last_signup_success >= e1_first_signup_attempt THEN 2 ELSE 0 END) AS bits_1
        FROM unit_contexts_1
        WHERE contexts_per_unit = 1
      ) AS facts
      GROUP BY filters_1, "channel", bits_1
),
totals_3_1 AS (
  SELECT
    "channel",
    CAST(COALESCE(sum(CASE WHEN 1 = 1 THEN trials_1 ELSE 0 END), 0) AS BIGINT) AS trials_1,
    CAST(COALESCE(sum(CASE WHEN 1 = 1 THEN successes_1 ELSE 0 END), 0) AS BIGINT) AS successes_1,
    max(present_1) AS present_1
  FROM (
    SELECT
      "channel",
      sum(units) FILTER (WHERE (filters_1 & 1) = 1 AND (bits_1 & 1) = 1) AS trials_1,
      sum(units) FILTER (WHERE (filters_1 & 1) = 1 AND (bits_1 & 1) = 1 AND (bits_1 & 2) = 2) AS successes_1,
      max(CASE WHEN (filters_1 & 1) = 1 THEN 1 ELSE 0 END) AS present_1
    FROM single_context_3
    GROUP BY "channel"
    UNION ALL
    SELECT
      "channel",
      sum(units) FILTER (WHERE (bits_1 & 1) = 1) AS trials_1,
      sum(units) FILTER (WHERE (bits_1 & 5) = 5) AS successes_1,
      max(CASE WHEN (bits_1 & 2) = 2 THEN 1 ELSE 0 END) AS present_1
    FROM signatures_3
    GROUP BY "channel"
  ) AS parts
  GROUP BY "channel"
),
signatures_4 AS MATERIALIZED (
      SELECT
        "channel",
        bits_1,
        count(*) AS units
      FROM (
        SELECT
          "channel",
          (CASE WHEN first_signup_attempt IS NOT NULL THEN 1 ELSE 0 END
            + mature_signup_attempt_within_7d * 2
            + reached_signup_success_within_7d * 4) AS bits_1
        FROM (
        SELECT
          "channel",
          min(CASE WHEN "event_type" = 'signup_attempt' AND "created_at" < $2 THEN "created_at" END) AS first_signup_attempt,
          max(CASE WHEN "event_type" = 'signup_success' AND "created_at" >= anchor_first_signup_attempt AND "created_at" <= anchor_first_signup_attempt + INTERVAL '604800 seconds' THEN 1 ELSE 0 END) AS reached_signup_success_within_7d,
          max(CASE WHEN "event_type" = 'signup_attempt' AND "created_at" < $2 AND "created_at" + INTERVAL '604800 seconds' < $3 THEN 1 ELSE 0 END) AS mature_signup_attempt_within_7d
        FROM (
          SELECT
            "user_id",
            "session_id",
            "channel",
            "created_at",
            "event_type",
            min(CASE WHEN "event_type" = 'signup_attempt' AND "created_at" < $2 THEN "created_at" END) OVER (PARTITION BY "user_id", "session_id", "channel") AS anchor_first_signup_attempt
          FROM "events"
          WHERE "created_at" >= $1
            AND "created_at" < $3
            AND "channel" IS NOT NULL
        ) AS ev
        GROUP BY "user_id", "session_id", "channel"
      ) AS units
      ) AS facts
      GROUP BY "channel", bits_1
),
totals_4_1 AS (
  SELECT
    "channel",
    CAST(COALESCE(sum(CASE WHEN (bits_1 & 3) = 3 THEN units ELSE 0 END), 0) AS BIGINT) AS trials_1,
    CAST(COALESCE(sum(CASE WHEN (bits_1 & 7) = 7 THEN units ELSE 0 END), 0) AS BIGINT) AS successes_1,
    CAST(COALESCE(sum(CASE WHEN (bits_1 & 3) = 1 THEN units ELSE 0 END), 0) AS BIGINT) AS immature_1
  FROM signatures_4
  GROUP BY "channel"
),
signatures_5 AS MATERIALIZED (
      SELECT
        "period",
        bits_1,
        count(*) AS units
      FROM (
        SELECT
          CAST(date_trunc('week', first_signup_attempt) AS DATE) AS "period",
          (CASE WHEN first_signup_attempt IS NOT NULL THEN 1 ELSE 0 END
            + CASE WHEN last_signup_success >= first_signup_attempt THEN 2 ELSE 0 END) AS bits_1
        FROM (
        SELECT
          min(CASE WHEN "event_type" = 'signup_attempt' THEN "created_at" END) AS first_signup_attempt,
          max(CASE WHEN "event_type" = 'signup_success' THEN "created_at" END) AS last_signup_success
        FROM "events"
        WHERE "created_at" >= $1
          AND "created_at" < $2
          AND "event_type" IN ('signup_attempt', 'signup_success')
        GROUP BY "user_id", "session_id"
      ) AS units
        WHERE first_signup_attempt IS NOT NULL
      ) AS facts
      GROUP BY "period", bits_1
),
totals_5_1 AS (
  SELECT
    "period",
    CAST(COALESCE(sum(CASE WHEN (bits_1 & 1) = 1 THEN units ELSE 0 END), 0) AS BIGINT) AS trials_1,
    CAST(COALESCE(sum(CASE WHEN (bits_1 & 3) = 3 THEN units ELSE 0 END), 0) AS BIGINT) AS successes_1
  FROM signatures_5
  GROUP BY "period"
),
signatures_6 AS MATERIALIZED (
      SELECT
        "period",
        bits_1,
        count(*) AS units
      FROM (
        SELECT
          CAST(date_trunc('day', first_signup_attempt) AS DATE) AS "period",
          (CASE WHEN first_signup_attempt IS NOT NULL THEN 1 ELSE 0 END
            + CASE WHEN last_signup_success >= first_signup_attempt THEN 2 ELSE 0 END) AS bits_1
        FROM (
        SELECT
          min(CASE WHEN "event_type" = 'signup_attempt' THEN "created_at" END) AS first_signup_attempt,
          max(CASE WHEN "event_type" = 'signup_success' THEN "created_at" END) AS last_signup_success
        FROM "events"
        WHERE "created_at" >= $1
          AND "created_at" < $2
          AND "channel" = 'o''brien'
          AND "event_type" IN ('signup_attempt', 'signup_success')
        GROUP BY "user_id", "session_id"
      ) AS units
        WHERE first_signup_attempt IS NOT NULL
      ) AS facts
      GROUP BY "period", bits_1
),
totals_6_1 AS (
  SELECT
    "period",
    CAST(COALESCE(sum(CASE WHEN (bits_1 & 1) = 1 THEN units ELSE 0 END), 0) AS BIGINT) AS trials_1,
    CAST(COALESCE(sum(CASE WHEN (bits_1 & 3) = 3 THEN units ELSE 0 END), 0) AS BIGINT) AS successes_1
  FROM signatures_6
  GROUP BY "period"
)
SELECT *
FROM (
  SELECT "ref", CAST(NULL AS VARCHAR) AS "channel", CAST(NULL AS DATE) AS "period", "trials", "successes", "immature"
  FROM (
    SELECT
      unnest(ARRAY['e.signup', 'e.signup.visited(homepage,pricing).context(channel=''google'')', 'e.checkout.visitedAny(demo,docs).exclude(pricing).context(device=''mobile'')']) AS "ref",
      unnest(ARRAY[trials_1, trials_2, trials_3]) AS "trials",
      unnest(ARRAY[successes_1, successes_2, successes_3]) AS "successes",
      unnest(ARRAY[0, 0, 0]) AS "immature"
    FROM totals_1_1
  ) AS unpivoted_1_1
  UNION ALL
  SELECT "ref", CAST(NULL AS VARCHAR) AS "channel", CAST(NULL AS DATE) AS "period", "trials", "successes", "immature"
  FROM (
    SELECT
      unnest(ARRAY['e.from(homepage).to(pricing).within(1h)']) AS "ref",
      unnest(ARRAY[trials_1]) AS "trials",
      unnest(ARRAY[successes_1]) AS "successes",
      unnest(ARRAY[immature_1]) AS "immature"
    FROM totals_2_1
  ) AS unpivoted_2_1
  UNION ALL
  SELECT "ref", "channel", CAST(NULL AS DATE) AS "period", "trials", "successes", "immature"
  FROM (
    SELECT
      "channel",
      unnest(ARRAY['e.signup.context(channel)']) AS "ref",
      unnest(ARRAY[trials_1]) AS "trials",
      unnest(ARRAY[successes_1]) AS "successes",
      unnest(ARRAY[0]) AS "immature",
      unnest(ARRAY[present_1]) AS present
    FROM totals_3_1
  ) AS unpivoted_3_1 WHERE present = 1
  UNION ALL
  SELECT "ref", "channel", CAST(NULL AS DATE) AS "period", "trials", "successes", "immature"
  FROM (
    SELECT
      "channel",
      unnest(ARRAY['e.signup.context(channel).within(7d)']) AS "ref",
      unnest(ARRAY[trials_1]) AS "trials",
      unnest(ARRAY[successes_1]) AS "successes",
      unnest(ARRAY[immature_1]) AS "immature"
    FROM totals_4_1
  ) AS unpivoted_4_1
  UNION ALL
  SELECT "ref", CAST(NULL AS VARCHAR) AS "channel", "period", "trials", "successes", "immature"
  FROM (
    SELECT
      "period",
      unnest(ARRAY['e.signup.by(week)']) AS "ref",
      unnest(ARRAY[trials_1]) AS "trials",
      unnest(ARRAY[successes_1]) AS "successes",
      unnest(ARRAY[0]) AS "immature"
    FROM totals_5_1
  ) AS unpivoted_5_1
  UNION ALL
  SELECT "ref", CAST(NULL AS VARCHAR) AS "channel", "period", "trials", "successes", "immature"
  FROM (
    SELECT
      "period",
      unnest(ARRAY['e.signup.context(channel=''o''''brien'').by(day)']) AS "ref",
      unnest(ARRAY[trials_1]) AS "trials",
      unnest(ARRAY[successes_1]) AS "successes",
      unnest(ARRAY[0]) AS "immature"
    FROM totals_6_1
  ) AS unpivoted_6_1
) AS batch
ORDER BY "ref", "channel", "period";
