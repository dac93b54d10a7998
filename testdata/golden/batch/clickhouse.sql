-- batch of 10 references in 8 scan(s)
-- e.checkout.visited(pricing).context(device='mobile').attribution(event)
-- e.signup.visited(homepage,pricing).context(channel='google')
-- e.checkout.visitedAny(demo,docs).exclude(pricing).context(device='mobile')
-- e.signup
-- e.from(homepage).to(pricing).within(1h)
-- e.signup.context(channel)
-- e.signup.context(channel).within(7d)
-- e.signup.by(week)
-- e.signup.context(channel='o''brien').by(day)
-- e.signup.context(channel).attribution(event)
SELECT *
FROM (
  SELECT "ref", CAST(NULL AS Nullable(String)) AS "channel", CAST(NULL AS Nullable(Date)) AS "period", "trials", "successes", "immature"
  FROM (
    SELECT
      ['e.checkout.visited(pricing).context(device=\'mobile\').attribution(event)'] AS refs,
      sumForEach(arrayMap((m1, v1, b1, u) -> if(bitAnd(b1, m1) = v1, u, 0), [3], [3], arrayResize([bits_1], 1, bits_1), arrayResize([units], 1, units))) AS trial_counts,
      sumForEach(arrayMap((m1, v1, b1, u) -> if(bitAnd(b1, m1) = v1, u, 0), [7], [7], arrayResize([bits_1], 1, bits_1), arrayResize([units], 1, units))) AS success_counts,
      arrayMap(x -> toUInt64(0), refs) AS immature_counts
    FROM (
      SELECT
        bits_1,
        count(*) AS units
      FROM (
        SELECT
          (CASE WHEN first_checkout_attempt IS NOT NULL THEN 1 ELSE 0 END
            + at_pricing * 2
            + CASE WHEN last_checkout_success >= first_checkout_attempt THEN 4 ELSE 0 END) AS bits_1
        FROM (
          SELECT
            min(CASE WHEN "device" = 'mobile' THEN e1_first_checkout_attempt END) AS first_checkout_attempt,
            max(CASE WHEN "device" = 'mobile' AND e2_at_pricing = 1 THEN 1 ELSE 0 END) AS at_pricing,
            max(CASE WHEN "device" = 'mobile' THEN e3_last_checkout_success END) AS last_checkout_success
          FROM (
            SELECT
              "user_id",
              "session_id",
              "device",
              "channel",
              min(CASE WHEN "event_type" = 'checkout_attempt' THEN "created_at" END) AS e1_first_checkout_attempt,
              max(CASE WHEN "node_slug" = 'pricing' THEN 1 ELSE 0 END) AS e2_at_pricing,
              max(CASE WHEN "event_type" = 'checkout_success' THEN "created_at" END) AS e3_last_checkout_success
            FROM "events"
            WHERE "created_at" >= ?
              AND "created_at" < ?
            GROUP BY "user_id", "session_id", "device", "channel"
          ) AS unit_contexts
          GROUP BY "user_id", "session_id"
        ) AS units
      ) AS facts
      GROUP BY bits_1
    ) AS signatures
  ) ARRAY JOIN refs AS "ref", arrayResize(trial_counts, 1, 0) AS "trials", arrayResize(success_counts, 1, 0) AS "successes", arrayResize(immature_counts, 1, 0) AS "immature"
  UNION ALL
  SELECT "ref", CAST(NULL AS Nullable(String)) AS "channel", CAST(NULL AS Nullable(Date)) AS "period", "trials", "successes", "immature"
  FROM (
    SELECT
      ['e.signup.visited(homepage,pricing).context(channel=\'google\')', 'e.checkout.visitedAny(demo,docs).exclude(pricing).context(device=\'mobile\')', 'e.signup'] AS refs,
      sumForEach(arrayMap((m1, v1, b1, u) -> if(bitAnd(b1, m1) = v1, u, 0), [15, 228, 1], [15, 224, 1], arrayResize([bits_1], 3, bits_1), arrayResize([units], 3, units))) AS trial_counts,
      sumForEach(arrayMap((m1, v1, b1, u) -> if(bitAnd(b1, m1) = v1, u, 0), [31, 484, 17], [31, 480, 17], arrayResize([bits_1], 3, bits_1), arrayResize([units], 3, units))) AS success_counts,
      arrayMap(x -> toUInt64(0), refs) AS immature_counts
    FROM (
      SELECT
        bits_1,
        count(*) AS units
      FROM (
        SELECT
          (CASE WHEN first_signup_attempt IS NOT NULL THEN 1 ELSE 0 END
            + at_homepage * 2
            + at_pricing * 4
            + CASE WHEN if(notEmpty(arrayFilter(v -> isNotNull(v), arrayMap(p -> tupleElement(p, 2), arrayFilter(p -> tupleElement(p, 1) = assumeNotNull(first_signup_attempt), entry_channel)))), arrayReduce('min', arrayFilter(v -> isNotNull(v), arrayMap(p -> tupleElement(p, 2), arrayFilter(p -> tupleElement(p, 1) = assumeNotNull(first_signup_attempt), entry_channel)))), NULL) = 'google' THEN 8 ELSE 0 END
            + CASE WHEN last_signup_success >= first_signup_attempt THEN 16 ELSE 0 END
            + CASE WHEN first_checkout_attempt IS NOT NULL THEN 32 ELSE 0 END
            + CASE WHEN (at_demo = 1 OR at_docs = 1) THEN 64 ELSE 0 END
            + CASE WHEN if(notEmpty(arrayFilter(v -> isNotNull(v), arrayMap(p -> tupleElement(p, 2), arrayFilter(p -> tupleElement(p, 1) = assumeNotNull(first_checkout_attempt), entry_device)))), arrayReduce('min', arrayFilter(v -> isNotNull(v), arrayMap(p -> tupleElement(p, 2), arrayFilter(p -> tupleElement(p, 1) = assumeNotNull(first_checkout_attempt), entry_device)))), NULL) = 'mobile' THEN 128 ELSE 0 END
            + CASE WHEN last_checkout_success >= first_checkout_attempt THEN 256 ELSE 0 END) AS bits_1
        FROM (
          SELECT
            min(CASE WHEN "event_type" = 'signup_attempt' THEN "created_at" END) AS first_signup_attempt,
            max(CASE WHEN "node_slug" = 'homepage' THEN 1 ELSE 0 END) AS at_homepage,
            max(CASE WHEN "node_slug" = 'pricing' THEN 1 ELSE 0 END) AS at_pricing,
            max(CASE WHEN "event_type" = 'signup_success' THEN "created_at" END) AS last_signup_success,
            groupArrayIf(tuple("created_at", "channel"), "event_type" = 'signup_attempt') AS entry_channel,
            min(CASE WHEN "event_type" = 'checkout_attempt' THEN "created_at" END) AS first_checkout_attempt,
            max(CASE WHEN "node_slug" = 'demo' THEN 1 ELSE 0 END) AS at_demo,
            max(CASE WHEN "node_slug" = 'docs' THEN 1 ELSE 0 END) AS at_docs,
            max(CASE WHEN "event_type" = 'checkout_success' THEN "created_at" END) AS last_checkout_success,
            groupArrayIf(tuple("created_at", "device"), "event_type" = 'checkout_attempt') AS entry_device
          FROM "events"
          WHERE "created_at" >= ?
            AND "created_at" < ?
            AND ("event_type" IN ('signup_attempt', 'signup_success', 'checkout_attempt', 'checkout_success') OR "node_slug" IN ('homepage', 'pricing', 'demo', 'docs'))
          GROUP BY "user_id", "session_id"
        ) AS units
      ) AS facts
      GROUP BY bits_1
    ) AS signatures
  ) ARRAY JOIN refs AS "ref", arrayResize(trial_counts, 3, 0) AS "trials", arrayResize(success_counts, 3, 0) AS "successes", arrayResize(immature_counts, 3, 0) AS "immature"
  UNION ALL
  SELECT "ref", CAST(NULL AS Nullable(String)) AS "channel", CAST(NULL AS Nullable(Date)) AS "period", "trials", "successes", "immature"
  FROM (
    SELECT
      ['e.from(homepage).to(pricing).within(1h)'] AS refs,
      sumForEach(arrayMap((m1, v1, b1, u) -> if(bitAnd(b1, m1) = v1, u, 0), [3], [3], arrayResize([bits_1], 1, bits_1), arrayResize([units], 1, units))) AS trial_counts,
      sumForEach(arrayMap((m1, v1, b1, u) -> if(bitAnd(b1, m1) = v1, u, 0), [7], [7], arrayResize([bits_1], 1, bits_1), arrayResize([units], 1, units))) AS success_counts,
      sumForEach(arrayMap((m1, v1, b1, u) -> if(bitAnd(b1, m1) = v1, u, 0), [3], [1], arrayResize([bits_1], 1, bits_1), arrayResize([units], 1, units))) AS immature_counts
    FROM (
      SELECT
        bits_1,
        count(*) AS units
      FROM (
        SELECT
          (CASE WHEN first_homepage IS NOT NULL THEN 1 ELSE 0 END
            + mature_homepage_within_1h * 2
            + CASE WHEN arrayExists(t -> t >= assumeNotNull(first_homepage) AND t <= addSeconds(assumeNotNull(first_homepage), 3600), reached_pricing_within_1h) THEN 4 ELSE 0 END) AS bits_1
        FROM (
          SELECT
            min(CASE WHEN "node_slug" = 'homepage' AND "created_at" < ? THEN "created_at" END) AS first_homepage,
            groupArrayIf("created_at", "node_slug" = 'pricing') AS reached_pricing_within_1h,
            max(CASE WHEN "node_slug" = 'homepage' AND "created_at" < ? AND addSeconds("created_at", 3600) < ? THEN 1 ELSE 0 END) AS mature_homepage_within_1h
          FROM "events"
          WHERE "created_at" >= ?
            AND "created_at" < ?
            AND "node_slug" IN ('homepage', 'pricing')
          GROUP BY "user_id", "session_id"
        ) AS units
      ) AS facts
      GROUP BY bits_1
    ) AS signatures
  ) ARRAY JOIN refs AS "ref", arrayResize(trial_counts, 1, 0) AS "trials", arrayResize(success_counts, 1, 0) AS "successes", arrayResize(immature_counts, 1, 0) AS "immature"
  UNION ALL
  SELECT "ref", "channel", CAST(NULL AS Nullable(Date)) AS "period", "trials", "successes", "immature"
  FROM (
    SELECT
      "channel",
      ['e.signup.context(channel)'] AS refs,
      sumForEach(arrayMap((m1, v1, b1, u) -> if(bitAnd(b1, m1) = v1, u, 0), [1], [1], arrayResize([bits_1], 1, bits_1), arrayResize([units], 1, units))) AS trial_counts,
      sumForEach(arrayMap((m1, v1, b1, u) -> if(bitAnd(b1, m1) = v1, u, 0), [3], [3], arrayResize([bits_1], 1, bits_1), arrayResize([units], 1, units))) AS success_counts,
      arrayMap(x -> toUInt64(0), refs) AS immature_counts,
      maxForEach(arrayMap((m1, v1, b1) -> if(bitAnd(b1, m1) = v1, 1, 0), [1], [1], arrayResize([bits_1], 1, bits_1))) AS present_flags
    FROM (
      SELECT
        "channel",
        bits_1,
        count(*) AS units
      FROM (
        SELECT
          if(notEmpty(arrayFilter(v -> isNotNull(v), arrayMap(p -> tupleElement(p, 2), arrayFilter(p -> tupleElement(p, 1) = assumeNotNull(first_signup_attempt), entry_channel)))), arrayReduce('min', arrayFilter(v -> isNotNull(v), arrayMap(p -> tupleElement(p, 2), arrayFilter(p -> tupleElement(p, 1) = assumeNotNull(first_signup_attempt), entry_channel)))), NULL) AS "channel",
          (CASE WHEN first_signup_attempt IS NOT NULL THEN 1 ELSE 0 END
            + CASE WHEN last_signup_success >= first_signup_attempt THEN 2 ELSE 0 END) AS bits_1
        FROM (
          SELECT
            min(CASE WHEN "event_type" = 'signup_attempt' THEN "created_at" END) AS first_signup_attempt,
            max(CASE WHEN "event_type" = 'signup_success' THEN "created_at" END) AS last_signup_success,
            groupArrayIf(tuple("created_at", "channel"), "event_type" = 'signup_attempt') AS entry_channel
          FROM "events"
          WHERE "created_at" >= ?
            AND "created_at" < ?
            AND "event_type" IN ('signup_attempt', 'signup_success')
          GROUP BY "user_id", "session_id"
        ) AS units
      ) AS facts
      GROUP BY "channel", bits_1
    ) AS signatures
    GROUP BY "channel"
  ) ARRAY JOIN refs AS "ref", trial_counts AS "trials", success_counts AS "successes", immature_counts AS "immature", present_flags AS present
  WHERE present = 1
  UNION ALL
  SELECT "ref", "channel", CAST(NULL AS Nullable(Date)) AS "period", "trials", "successes", "immature"
  FROM (
    SELECT
      "channel",
      ['e.signup.context(channel).within(7d)'] AS refs,
      sumForEach(arrayMap((m1, v1, b1, u) -> if(bitAnd(b1, m1) = v1, u, 0), [3], [3], arrayResize([bits_1], 1, bits_1), arrayResize([units], 1, units))) AS trial_counts,
      sumForEach(arrayMap((m1, v1, b1, u) -> if(bitAnd(b1, m1) = v1, u, 0), [7], [7], arrayResize([bits_1], 1, bits_1), arrayResize([units], 1, units))) AS success_counts,
      sumForEach(arrayMap((m1, v1, b1, u) -> if(bitAnd(b1, m1) = v1, u, 0), [3], [1], arrayResize([bits_1], 1, bits_1), arrayResize([units], 1, units))) AS immature_counts,
      maxForEach(arrayMap((m1, v1, b1) -> if(bitAnd(b1, m1) = v1, 1, 0), [1], [1], arrayResize([bits_1], 1, bits_1))) AS present_flags
    FROM (
      SELECT
        "channel",
        bits_1,
        count(*) AS units
      FROM (
        SELECT
          if(notEmpty(arrayFilter(v -> isNotNull(v), arrayMap(p -> tupleElement(p, 2), arrayFilter(p -> tupleElement(p, 1) = assumeNotNull(first_signup_attempt), entry_channel)))), arrayReduce('min', arrayFilter(v -> isNotNull(v), arrayMap(p -> tupleElement(p, 2), arrayFilter(p -> tupleElement(p, 1) = assumeNotNull(first_signup_attempt), entry_channel)))), NULL) AS "channel",
          (CASE WHEN first_signup_attempt IS NOT NULL THEN 1 ELSE 0 END
            + mature_signup_attempt_within_7d * 2
            + CASE WHEN arrayExists(t -> t >= assumeNotNull(first_signup_attempt) AND t <= addSeconds(assumeNotNull(first_signup_attempt), 604800), reached_signup_success_within_7d) THEN 4 ELSE 0 END) AS bits_1
        FROM (
          SELECT
            min(CASE WHEN "event_type" = 'signup_attempt' AND "created_at" < ? THEN "created_at" END) AS first_signup_attempt,
            groupArrayIf("created_at", "event_type" = 'signup_success') AS reached_signup_success_within_7d,
            groupArrayIf(tuple("created_at", "channel"), "event_type" = 'signup_attempt' AND "created_at" < ?) AS entry_channel,
            max(CASE WHEN "event_type" = 'signup_attempt' AND "created_at" < ? AND addSeconds("created_at", 604800) < ? THEN 1 ELSE 0 END) AS mature_signup_attempt_within_7d
          FROM "events"
          WHERE "created_at" >= ?
            AND "created_at" < ?
            AND "event_type" IN ('signup_attempt', 'signup_success')
          GROUP BY "user_id", "session_id"
        ) AS units
      ) AS facts
      GROUP BY "channel", bits_1
    ) AS signatures
    GROUP BY "channel"
  ) ARRAY JOIN refs AS "ref", trial_counts AS "trials", success_counts AS "successes", immature_counts AS "immature", present_flags AS present
  WHERE present = 1
  UNION ALL
  SELECT "ref", CAST(NULL AS Nullable(String)) AS "channel", "period", "trials", "successes", "immature"
  FROM (
    SELECT
      "period",
      ['e.signup.by(week)'] AS refs,
      sumForEach(arrayMap((m1, v1, b1, u) -> if(bitAnd(b1, m1) = v1, u, 0), [1], [1], arrayResize([bits_1], 1, bits_1), arrayResize([units], 1, units))) AS trial_counts,
      sumForEach(arrayMap((m1, v1, b1, u) -> if(bitAnd(b1, m1) = v1, u, 0), [3], [3], arrayResize([bits_1], 1, bits_1), arrayResize([units], 1, units))) AS success_counts,
      arrayMap(x -> toUInt64(0), refs) AS immature_counts
    FROM (
      SELECT
        "period",
        bits_1,
        count(*) AS units
      FROM (
        SELECT
          toMonday(first_signup_attempt) AS "period",
          (CASE WHEN first_signup_attempt IS NOT NULL THEN 1 ELSE 0 END
            + CASE WHEN last_signup_success >= first_signup_attempt THEN 2 ELSE 0 END) AS bits_1
        FROM (
          SELECT
            min(CASE WHEN "event_type" = 'signup_attempt' THEN "created_at" END) AS first_signup_attempt,
            max(CASE WHEN "event_type" = 'signup_success' THEN "created_at" END) AS last_signup_success
          FROM "events"
          WHERE "created_at" >= ?
            AND "created_at" < ?
            AND "event_type" IN ('signup_attempt', 'signup_success')
          GROUP BY "user_id", "session_id"
        ) AS units
        WHERE first_signup_attempt IS NOT NULL
      ) AS facts
      GROUP BY "period", bits_1
    ) AS signatures
    GROUP BY "period"
  ) ARRAY JOIN refs AS "ref", trial_counts AS "trials", success_counts AS "successes", immature_counts AS "immature"
  UNION ALL
  SELECT "ref", CAST(NULL AS Nullable(String)) AS "channel", "period", "trials", "successes", "immature"
  FROM (
    SELECT
      "period",
      ['e.signup.context(channel=\'o\'\'brien\').by(day)'] AS refs,
      sumForEach(arrayMap((m1, v1, b1, u) -> if(bitAnd(b1, m1) = v1, u, 0), [3], [3], arrayResize([bits_1], 1, bits_1), arrayResize([units], 1, units))) AS trial_counts,
      sumForEach(arrayMap((m1, v1, b1, u) -> if(bitAnd(b1, m1) = v1, u, 0), [7], [7], arrayResize([bits_1], 1, bits_1), arrayResize([units], 1, units))) AS success_counts,
      arrayMap(x -> toUInt64(0), refs) AS immature_counts,
      maxForEach(arrayMap((m1, v1, b1) -> if(bitAnd(b1, m1) = v1, 1, 0), [3], [3], arrayResize([bits_1], 1, bits_1))) AS present_flags
    FROM (
      SELECT
        "period",
        bits_1,
        count(*) AS units
      FROM (
        SELECT
          toDate(first_signup_attempt) AS "period",
          (CASE WHEN first_signup_attempt IS NOT NULL THEN 1 ELSE 0 END
            + CASE WHEN if(notEmpty(arrayFilter(v -> isNotNull(v), arrayMap(p -> tupleElement(p, 2), arrayFilter(p -> tupleElement(p, 1) = assumeNotNull(first_signup_attempt), entry_channel)))), arrayReduce('min', arrayFilter(v -> isNotNull(v), arrayMap(p -> tupleElement(p, 2), arrayFilter(p -> tupleElement(p, 1) = assumeNotNull(first_signup_attempt), entry_channel)))), NULL) = 'o\'brien' THEN 2 ELSE 0 END
            + CASE WHEN last_signup_success >= first_signup_attempt THEN 4 ELSE 0 END) AS bits_1
        FROM (
          SELECT
            min(CASE WHEN "event_type" = 'signup_attempt' THEN "created_at" END) AS first_signup_attempt,
            max(CASE WHEN "event_type" = 'signup_success' THEN "created_at" END) AS last_signup_success,
            groupArrayIf(tuple("created_at", "channel"), "event_type" = 'signup_attempt') AS entry_channel
          FROM "events"
          WHERE "created_at" >= ?
            AND "created_at" < ?
            AND "event_type" IN ('signup_attempt', 'signup_success')
          GROUP BY "user_id", "session_id"
        ) AS units
        WHERE first_signup_attempt IS NOT NULL
      ) AS facts
      GROUP BY "period", bits_1
    ) AS signatures
    GROUP BY "period"
  ) ARRAY JOIN refs AS "ref", trial_counts AS "trials", success_counts AS "successes", immature_counts AS "immature", present_flags AS present
  WHERE present = 1
  UNION ALL
  SELECT "ref", "channel", CAST(NULL AS Nullable(Date)) AS "period", "trials", "successes", "immature"
  FROM (
    SELECT
      "channel",
      ['e.signup.context(channel).attribution(event)'] AS refs,
      sumForEach(arrayMap((m1, v1, b1, u) -> if(bitAnd(b1, m1) = v1, u, 0), [1], [1], arrayResize([bits_1], 1, bits_1), arrayResize([units], 1, units))) AS trial_counts,
      sumForEach(arrayMap((m1, v1, b1, u) -> if(bitAnd(b1, m1) = v1, u, 0), [3], [3], arrayResize([bits_1], 1, bits_1), arrayResize([units], 1, units))) AS success_counts,
      arrayMap(x -> toUInt64(0), refs) AS immature_counts,
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
              min(CASE WHEN "event_type" = 'signup_attempt' THEN "created_at" END) AS e1_first_signup_attempt,
              max(CASE WHEN "event_type" = 'signup_success' THEN "created_at" END) AS e2_last_signup_success
            FROM "events"
            WHERE "created_at" >= ?
              AND "created_at" < ?
            GROUP BY "user_id", "session_id", "channel", "device"
          ) AS unit_contexts
          GROUP BY "user_id", "session_id", "channel"
        ) AS units
      ) AS facts
      GROUP BY "channel", bits_1
    ) AS signatures
    GROUP BY "channel"
  ) ARRAY JOIN refs AS "ref", trial_counts AS "trials", success_counts AS "successes", immature_counts AS "immature", present_flags AS present
  WHERE present = 1
) AS batch
ORDER BY "ref", "channel", "period";
