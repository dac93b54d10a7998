-- batch of 4 references in 3 scan(s)
-- e.signup
-- e.checkout.visited(pricing).context(device='mobile').attribution(event)
-- e.signup.context(channel).attribution(event)
-- e.signup.exclude(docs).context(channel,country).attribution(event)
SELECT *
FROM (
  SELECT "ref", CAST(NULL AS Nullable(String)) AS "channel", CAST(NULL AS Nullable(String)) AS "country", "trials", "successes"
  FROM (
    SELECT
      ['e.signup', 'e.checkout.visited(pricing).context(device=\'mobile\').attribution(event)'] AS refs,
      sumForEach(arrayMap((m1, v1, b1, u) -> if(bitAnd(b1, m1) = v1, u, 0), [1, 12], [1, 12], arrayResize([bits_1], 2, bits_1), arrayResize([units], 2, units))) AS trial_counts,
      sumForEach(arrayMap((m1, v1, b1, u) -> if(bitAnd(b1, m1) = v1, u, 0), [3, 28], [3, 28], arrayResize([bits_1], 2, bits_1), arrayResize([units], 2, units))) AS success_counts
    FROM (
      SELECT
        bits_1,
        count(*) AS units
      FROM (
        SELECT
          (CASE WHEN first_signup_attempt IS NOT NULL THEN 1 ELSE 0 END
            + CASE WHEN last_signup_success >= first_signup_attempt THEN 2 ELSE 0 END
            + CASE WHEN first_checkout_attempt IS NOT NULL THEN 4 ELSE 0 END
            + at_pricing * 8
            + CASE WHEN last_checkout_success >= first_checkout_attempt THEN 16 ELSE 0 END) AS bits_1
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
      ) AS facts
      GROUP BY bits_1
    ) AS signatures
  ) ARRAY JOIN refs AS "ref", arrayResize(trial_counts, 2, 0) AS "trials", arrayResize(success_counts, 2, 0) AS "successes"
  UNION ALL
  SELECT "ref", "channel", CAST(NULL AS Nullable(String)) AS "country", "trials", "successes"
  FROM (
    SELECT
      "channel",
      ['e.signup.context(channel).attribution(event)'] AS refs,
      sumForEach(arrayMap((m1, v1, b1, u) -> if(bitAnd(b1, m1) = v1, u, 0), [1], [1], arrayResize([bits_1], 1, bits_1), arrayResize([units], 1, units))) AS trial_counts,
      sumForEach(arrayMap((m1, v1, b1, u) -> if(bitAnd(b1, m1) = v1, u, 0), [3], [3], arrayResize([bits_1], 1, bits_1), arrayResize([units], 1, units))) AS success_counts,
      maxForEach(arrayMap((m1, v1, b1) -> if(bitAnd(b1, m1) = v1, 1, 0), [4], [4], arrayResize([bits_1], 1, bits_1))) AS present_flags
    FROM (
      SELECT
        "channel",
        bits_1,
        count(*) AS units
      FROM (
        SELECT
          "channel",
          (CASE WHEN first_signup_attempt IS NOT NULL THEN 1 ELSE 0 END
            + CASE WHEN last_signup_success >= first_signup_attempt THEN 2 ELSE 0 END
            + seen_own_events * 4) AS bits_1
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
      ) AS facts
      GROUP BY "channel", bits_1
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
      ['e.signup.exclude(docs).context(channel,country).attribution(event)'] AS refs,
      sumForEach(arrayMap((m1, v1, b1, u) -> if(bitAnd(b1, m1) = v1, u, 0), [3], [1], arrayResize([bits_1], 1, bits_1), arrayResize([units], 1, units))) AS trial_counts,
      sumForEach(arrayMap((m1, v1, b1, u) -> if(bitAnd(b1, m1) = v1, u, 0), [7], [5], arrayResize([bits_1], 1, bits_1), arrayResize([units], 1, units))) AS success_counts,
      maxForEach(arrayMap((m1, v1, b1) -> if(bitAnd(b1, m1) = v1, 1, 0), [8], [8], arrayResize([bits_1], 1, bits_1))) AS present_flags
    FROM (
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
            + CASE WHEN last_signup_success >= first_signup_attempt THEN 4 ELSE 0 END
            + seen_own_events * 8) AS bits_1
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
      ) AS facts
      GROUP BY "channel", "country", bits_1
    ) AS signatures
    GROUP BY "channel", "country"
  ) ARRAY JOIN refs AS "ref", trial_counts AS "trials", success_counts AS "successes", present_flags AS present
  WHERE present = 1
) AS batch
ORDER BY "ref", "channel", "country";
