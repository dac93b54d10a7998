-- batch of 4 references in 3 scan(s)
-- e.signup
-- e.checkout.visited(pricing).context(device='mobile')
-- e.signup.context(channel)
-- e.signup.exclude(docs).context(channel,country)
WITH unit_contexts_1 AS (
  SELECT
    "user_id",
    "session_id",
    "device",
    "channel",
    "country",
    min(CASE WHEN "event_type" = 'signup_attempt' THEN "created_at" END) AS e1_first_signup_attempt,
    max(CASE WHEN "event_type" = 'signup_success' THEN "created_at" END) AS e2_last_signup_success,
    min(CASE WHEN "event_type" = 'checkout_attempt' THEN "created_at" END) AS e3_first_checkout_attempt,
    max(CASE WHEN "node_slug" = 'pricing' THEN 1 ELSE 0 END) AS e4_at_pricing,
    max(CASE WHEN "event_type" = 'checkout_success' THEN "created_at" END) AS e5_last_checkout_success,
    max(CASE WHEN "node_slug" = 'docs' THEN 1 ELSE 0 END) AS e6_at_docs,
    count(*) OVER (PARTITION BY "user_id", "session_id") AS contexts_per_unit
  FROM "events"
  WHERE "created_at" >= $1
    AND "created_at" < $2
  GROUP BY "user_id", "session_id", "device", "channel", "country"
),
signatures_1 AS MATERIALIZED (
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
          min(CASE WHEN "device" = 'mobile' THEN e3_first_checkout_attempt END) AS first_checkout_attempt,
          max(CASE WHEN "device" = 'mobile' AND e4_at_pricing = 1 THEN 1 ELSE 0 END) AS at_pricing,
          max(CASE WHEN "device" = 'mobile' THEN e5_last_checkout_success END) AS last_checkout_success
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
          (CASE WHEN "device" = 'mobile' THEN 1 ELSE 0 END) AS filters_1,
          (CASE WHEN e1_first_signup_attempt IS NOT NULL THEN 1 ELSE 0 END
            + CASE WHEN e2_last_signup_success >= e1_first_signup_attempt THEN 2 ELSE 0 END
            + CASE WHEN e3_first_checkout_attempt IS NOT NULL THEN 4 ELSE 0 END
            + e4_at_pricing * 8
            + CASE WHEN e5_last_checkout_success >= e3_first_checkout_attempt THEN 16 ELSE 0 END) AS bits_1
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
    CAST(COALESCE(sum(CASE WHEN 1 = 1 THEN successes_2 ELSE 0 END), 0) AS BIGINT) AS successes_2
  FROM (
    SELECT
      sum(units) FILTER (WHERE 1 = 1 AND (bits_1 & 1) = 1) AS trials_1,
      sum(units) FILTER (WHERE 1 = 1 AND (bits_1 & 1) = 1 AND (bits_1 & 2) = 2) AS successes_1,
      sum(units) FILTER (WHERE (filters_1 & 1) = 1 AND (bits_1 & 12) = 12) AS trials_2,
      sum(units) FILTER (WHERE (filters_1 & 1) = 1 AND (bits_1 & 12) = 12 AND (bits_1 & 16) = 16) AS successes_2
    FROM single_context_1
    UNION ALL
    SELECT
      sum(units) FILTER (WHERE (bits_1 & 1) = 1) AS trials_1,
      sum(units) FILTER (WHERE (bits_1 & 9) = 9) AS successes_1,
      sum(units) FILTER (WHERE (bits_1 & 6) = 6) AS trials_2,
      sum(units) FILTER (WHERE (bits_1 & 22) = 22) AS successes_2
    FROM signatures_1
  ) AS parts
),
signatures_2 AS MATERIALIZED (
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
single_context_2 AS MATERIALIZED (
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
totals_2_1 AS (
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
    FROM single_context_2
    GROUP BY "channel"
    UNION ALL
    SELECT
      "channel",
      sum(units) FILTER (WHERE (bits_1 & 1) = 1) AS trials_1,
      sum(units) FILTER (WHERE (bits_1 & 5) = 5) AS successes_1,
      max(CASE WHEN (bits_1 & 2) = 2 THEN 1 ELSE 0 END) AS present_1
    FROM signatures_2
    GROUP BY "channel"
  ) AS parts
  GROUP BY "channel"
),
signatures_3 AS MATERIALIZED (
      SELECT
        "channel",
        "country",
        bits_1,
        count(*) AS units
      FROM (
        SELECT
          "channel",
          "country",
          (CASE WHEN first_signup_attempt IS NOT NULL THEN 1 ELSE 0 END
            + at_docs * 2
            + seen_own_events * 4
            + CASE WHEN last_signup_success >= first_signup_attempt THEN 8 ELSE 0 END) AS bits_1
        FROM (
        SELECT
          "channel",
          "country",
          min(CASE WHEN "channel" IS NOT NULL AND "country" IS NOT NULL THEN e1_first_signup_attempt END) AS first_signup_attempt,
          max(CASE WHEN "channel" IS NOT NULL AND "country" IS NOT NULL AND e6_at_docs = 1 THEN 1 ELSE 0 END) AS at_docs,
          max(CASE WHEN "channel" IS NOT NULL AND "country" IS NOT NULL THEN e2_last_signup_success END) AS last_signup_success,
          max(CASE WHEN "channel" IS NOT NULL AND "country" IS NOT NULL THEN 1 ELSE 0 END) AS seen_own_events
        FROM unit_contexts_1
        WHERE contexts_per_unit > 1
        GROUP BY "user_id", "session_id", "channel", "country"
      ) AS units
      ) AS facts
      GROUP BY "channel", "country", bits_1
),
single_context_3 AS MATERIALIZED (
      SELECT
        filters_1,
        "channel",
        "country",
        bits_1,
        count(*) AS units
      FROM (
        SELECT
          (CASE WHEN "channel" IS NOT NULL AND "country" IS NOT NULL THEN 1 ELSE 0 END) AS filters_1,
          "channel",
          "country",
          (CASE WHEN e1_first_signup_attempt IS NOT NULL THEN 1 ELSE 0 END
            + e6_at_docs * 2
            + CASE WHEN e2_last_signup_success >= e1_first_signup_attempt THEN 4 ELSE 0 END) AS bits_1
        FROM unit_contexts_1
        WHERE contexts_per_unit = 1
      ) AS facts
      GROUP BY filters_1, "channel", "country", bits_1
),
totals_3_1 AS (
  SELECT
    "channel",
    "country",
    CAST(COALESCE(sum(CASE WHEN 1 = 1 THEN trials_1 ELSE 0 END), 0) AS BIGINT) AS trials_1,
    CAST(COALESCE(sum(CASE WHEN 1 = 1 THEN successes_1 ELSE 0 END), 0) AS BIGINT) AS successes_1,
    max(present_1) AS present_1
  FROM (
    SELECT
      "channel",
      "country",
      sum(units) FILTER (WHERE (filters_1 & 1) = 1 AND (bits_1 & 3) = 1) AS trials_1,
      sum(units) FILTER (WHERE (filters_1 & 1) = 1 AND (bits_1 & 3) = 1 AND (bits_1 & 4) = 4) AS successes_1,
      max(CASE WHEN (filters_1 & 1) = 1 THEN 1 ELSE 0 END) AS present_1
    FROM single_context_3
    GROUP BY "channel", "country"
    UNION ALL
    SELECT
      "channel",
      "country",
      sum(units) FILTER (WHERE (bits_1 & 3) = 1) AS trials_1,
      sum(units) FILTER (WHERE (bits_1 & 11) = 9) AS successes_1,
      max(CASE WHEN (bits_1 & 4) = 4 THEN 1 ELSE 0 END) AS present_1
    FROM signatures_3
    GROUP BY "channel", "country"
  ) AS parts
  GROUP BY "channel", "country"
)
SELECT *
FROM (
  SELECT "ref", CAST(NULL AS VARCHAR) AS "channel", CAST(NULL AS VARCHAR) AS "country", "trials", "successes"
  FROM (
    SELECT
      unnest(ARRAY['e.signup', 'e.checkout.visited(pricing).context(device=''mobile'')']) AS "ref",
      unnest(ARRAY[trials_1, trials_2]) AS "trials",
      unnest(ARRAY[successes_1, successes_2]) AS "successes"
    FROM totals_1_1
  ) AS unpivoted_1_1
  UNION ALL
  SELECT "ref", "channel", CAST(NULL AS VARCHAR) AS "country", "trials", "successes"
  FROM (
    SELECT
      "channel",
      unnest(ARRAY['e.signup.context(channel)']) AS "ref",
      unnest(ARRAY[trials_1]) AS "trials",
      unnest(ARRAY[successes_1]) AS "successes",
      unnest(ARRAY[present_1]) AS present
    FROM totals_2_1
  ) AS unpivoted_2_1 WHERE present = 1
  UNION ALL
  SELECT "ref", "channel", "country", "trials", "successes"
  FROM (
    SELECT
      "channel",
      "country",
      unnest(ARRAY['e.signup.exclude(docs).context(channel,country)']) AS "ref",
      unnest(ARRAY[trials_1]) AS "trials",
      unnest(ARRAY[successes_1]) AS "successes",
      unnest(ARRAY[present_1]) AS present
    FROM totals_3_1
  ) AS unpivoted_3_1 WHERE present = 1
) AS batch
ORDER BY "ref", "channel", "country";
