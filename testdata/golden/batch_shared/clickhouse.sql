-- batch of 4 references in 3 scan(s)
-- e.signup
-- e.checkout.visited(pricing).context(device='mobile')
-- e.signup.context(channel)
-- e.signup.exclude(docs).context(channel,country)
SELECT *
FROM (
  SELECT "ref", CAST(NULL AS Nullable(String)) AS "channel", CAST(NULL AS Nullable(String)) AS "country", "trials", "successes"
  FROM (
    SELECT
      ['e.signup', 'e.checkout.visited(pricing).context(device=\'mobile\')'] AS refs,
      [sumIf(units, ifNull(has_first_signup_attempt = 1, 0)), sumIf(units, ifNull(has_first_checkout_attempt = 1 AND at_pricing = 1, 0))] AS trial_counts,
      [sumIf(units, ifNull(has_first_signup_attempt = 1 AND fact_4 = 1, 0)), sumIf(units, ifNull(has_first_checkout_attempt = 1 AND at_pricing = 1 AND fact_5 = 1, 0))] AS success_counts
    FROM (
      SELECT
        CASE WHEN first_signup_attempt IS NOT NULL THEN 1 ELSE 0 END AS has_first_signup_attempt,
        CASE WHEN first_checkout_attempt IS NOT NULL THEN 1 ELSE 0 END AS has_first_checkout_attempt,
        at_pricing,
        CASE WHEN last_signup_success >= first_signup_attempt THEN 1 ELSE 0 END AS fact_4,
        CASE WHEN last_checkout_success >= first_checkout_attempt THEN 1 ELSE 0 END AS fact_5,
        count(*) AS units
      FROM (
        SELECT
          min(e1_first_signup_attempt) AS first_signup_attempt,
          max(e2_last_signup_success) AS last_signup_success,
          min(CASE WHEN "device" = 'mobile' THEN e3_first_checkout_attempt END) AS first_checkout_attempt,
          max(CASE WHEN "device" = 'mobile' AND e4_at_pricing = 1 THEN 1 ELSE 0 END) AS at_pricing,
          max(CASE WHEN "device" = 'mobile' THEN e5_last_checkout_success END) AS last_checkout_success
        FROM (
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
            max(CASE WHEN "event_type" = 'checkout_success' THEN "created_at" END) AS e5_last_checkout_success
          FROM "events"
          WHERE "created_at" >= ?
            AND "created_at" < ?
          GROUP BY "user_id", "session_id", "device", "channel", "country"
        ) AS unit_contexts
        GROUP BY "user_id", "session_id"
      ) AS units
      GROUP BY CASE WHEN first_signup_attempt IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN first_checkout_attempt IS NOT NULL THEN 1 ELSE 0 END, at_pricing, CASE WHEN last_signup_success >= first_signup_attempt THEN 1 ELSE 0 END, CASE WHEN last_checkout_success >= first_checkout_attempt THEN 1 ELSE 0 END
    ) AS signatures
  ) ARRAY JOIN refs AS "ref", trial_counts AS "trials", success_counts AS "successes"
  UNION ALL
  SELECT "ref", "channel", CAST(NULL AS Nullable(String)) AS "country", "trials", "successes"
  FROM (
    SELECT
      "channel",
      ['e.signup.context(channel)'] AS refs,
      [sumIf(units, ifNull(has_first_signup_attempt = 1, 0))] AS trial_counts,
      [sumIf(units, ifNull(has_first_signup_attempt = 1 AND fact_3 = 1, 0))] AS success_counts,
      [max(CASE WHEN seen_own_events = 1 THEN 1 ELSE 0 END)] AS present_flags
    FROM (
      SELECT
        "channel",
        CASE WHEN first_signup_attempt IS NOT NULL THEN 1 ELSE 0 END AS has_first_signup_attempt,
        seen_own_events,
        CASE WHEN last_signup_success >= first_signup_attempt THEN 1 ELSE 0 END AS fact_3,
        count(*) AS units
      FROM (
        SELECT
          "channel",
          min(CASE WHEN "channel" IS NOT NULL THEN e1_first_signup_attempt END) AS first_signup_attempt,
          max(CASE WHEN "channel" IS NOT NULL THEN e2_last_signup_success END) AS last_signup_success,
          max(CASE WHEN "channel" IS NOT NULL THEN 1 ELSE 0 END) AS seen_own_events
        FROM (
          SELECT
            "user_id",
            "session_id",
            "channel",
            "device",
            "country",
            min(CASE WHEN "event_type" = 'signup_attempt' THEN "created_at" END) AS e1_first_signup_attempt,
            max(CASE WHEN "event_type" = 'signup_success' THEN "created_at" END) AS e2_last_signup_success
          FROM "events"
          WHERE "created_at" >= ?
            AND "created_at" < ?
          GROUP BY "user_id", "session_id", "channel", "device", "country"
        ) AS unit_contexts
        GROUP BY "user_id", "session_id", "channel"
      ) AS units
      GROUP BY "channel", CASE WHEN first_signup_attempt IS NOT NULL THEN 1 ELSE 0 END, seen_own_events, CASE WHEN last_signup_success >= first_signup_attempt THEN 1 ELSE 0 END
    ) AS signatures
    GROUP BY "channel"
  ) ARRAY JOIN refs AS "ref", trial_counts AS "trials", success_counts AS "successes", present_flags AS present
  WHERE present = 1
  UNION ALL
  SELECT "ref", "channel", "country", "trials", "successes"
  FROM (
    SELECT
      "channel",
      "country",
      ['e.signup.exclude(docs).context(channel,country)'] AS refs,
      [sumIf(units, ifNull(has_first_signup_attempt = 1 AND at_docs = 0, 0))] AS trial_counts,
      [sumIf(units, ifNull(has_first_signup_attempt = 1 AND at_docs = 0 AND fact_4 = 1, 0))] AS success_counts,
      [max(CASE WHEN seen_own_events = 1 THEN 1 ELSE 0 END)] AS present_flags
    FROM (
      SELECT
        "channel",
        "country",
        CASE WHEN first_signup_attempt IS NOT NULL THEN 1 ELSE 0 END AS has_first_signup_attempt,
        at_docs,
        seen_own_events,
        CASE WHEN last_signup_success >= first_signup_attempt THEN 1 ELSE 0 END AS fact_4,
        count(*) AS units
      FROM (
        SELECT
          "channel",
          "country",
          min(CASE WHEN "channel" IS NOT NULL AND "country" IS NOT NULL THEN e1_first_signup_attempt END) AS first_signup_attempt,
          max(CASE WHEN "channel" IS NOT NULL AND "country" IS NOT NULL AND e2_at_docs = 1 THEN 1 ELSE 0 END) AS at_docs,
          max(CASE WHEN "channel" IS NOT NULL AND "country" IS NOT NULL THEN e3_last_signup_success END) AS last_signup_success,
          max(CASE WHEN "channel" IS NOT NULL AND "country" IS NOT NULL THEN 1 ELSE 0 END) AS seen_own_events
        FROM (
          SELECT
            "user_id",
            "session_id",
            "channel",
            "country",
            "device",
            min(CASE WHEN "event_type" = 'signup_attempt' THEN "created_at" END) AS e1_first_signup_attempt,
            max(CASE WHEN "node_slug" = 'docs' THEN 1 ELSE 0 END) AS e2_at_docs,
            max(CASE WHEN "event_type" = 'signup_success' THEN "created_at" END) AS e3_last_signup_success
          FROM "events"
          WHERE "created_at" >= ?
            AND "created_at" < ?
          GROUP BY "user_id", "session_id", "channel", "country", "device"
        ) AS unit_contexts
        GROUP BY "user_id", "session_id", "channel", "country"
      ) AS units
      GROUP BY "channel", "country", CASE WHEN first_signup_attempt IS NOT NULL THEN 1 ELSE 0 END, at_docs, seen_own_events, CASE WHEN last_signup_success >= first_signup_attempt THEN 1 ELSE 0 END
    ) AS signatures
    GROUP BY "channel", "country"
  ) ARRAY JOIN refs AS "ref", trial_counts AS "trials", success_counts AS "successes", present_flags AS present
  WHERE present = 1
) AS batch
ORDER BY "ref", "channel", "country";
