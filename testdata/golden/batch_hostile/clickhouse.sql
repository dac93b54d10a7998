-- batch of 7 references in 2 scan(s)
-- e.signup
-- e.signup.context(channel='a\b\''')
-- e.signup.context(channel='x--y; DROP TABLE events; --')
-- e.signup.context(channel='line1
-- line2 -- not a comment')
-- e.from('it''s').to('a\b').visited('--;').exclude('/*x*/')
-- e.signup.context(country='ünïcödé 😀 数据')
-- e.signup.context(channel='o''brien',country)
SELECT *
FROM (
  SELECT "ref", CAST(NULL AS Nullable(String)) AS "country", "trials", "successes"
  FROM (
    SELECT
      ['e.signup', 'e.signup.context(channel=\'a\\b\\\'\'\')', 'e.signup.context(channel=\'x--y; DROP TABLE events; --\')', 'e.signup.context(channel=\'line1
line2 -- not a comment\')', 'e.from(\'it\'\'s\').to(\'a\\b\').visited(\'--;\').exclude(\'/*x*/\')', 'e.signup.context(country=\'ünïcödé 😀 数据\')'] AS refs,
      sumForEach(arrayMap((m1, v1, b1, u) -> if(bitAnd(b1, m1) = v1, u, 0), [1, 4, 16, 64, 1792, 4096], [1, 4, 16, 64, 768, 4096], arrayResize([bits_1], 6, bits_1), arrayResize([units], 6, units))) AS trial_counts,
      sumForEach(arrayMap((m1, v1, b1, u) -> if(bitAnd(b1, m1) = v1, u, 0), [3, 12, 48, 192, 3840, 12288], [3, 12, 48, 192, 2816, 12288], arrayResize([bits_1], 6, bits_1), arrayResize([units], 6, units))) AS success_counts
    FROM (
      SELECT
        bits_1,
        count(*) AS units
      FROM (
        SELECT
          (CASE WHEN first_signup_attempt IS NOT NULL THEN 1 ELSE 0 END
            + CASE WHEN last_signup_success >= first_signup_attempt THEN 2 ELSE 0 END
            + CASE WHEN first_signup_attempt_2 IS NOT NULL THEN 4 ELSE 0 END
            + CASE WHEN last_signup_success_2 >= first_signup_attempt_2 THEN 8 ELSE 0 END
            + CASE WHEN first_signup_attempt_3 IS NOT NULL THEN 16 ELSE 0 END
            + CASE WHEN last_signup_success_3 >= first_signup_attempt_3 THEN 32 ELSE 0 END
            + CASE WHEN first_signup_attempt_4 IS NOT NULL THEN 64 ELSE 0 END
            + CASE WHEN last_signup_success_4 >= first_signup_attempt_4 THEN 128 ELSE 0 END
            + CASE WHEN first_it_s IS NOT NULL THEN 256 ELSE 0 END
            + at_node * 512
            + at_x * 1024
            + CASE WHEN last_a_b >= first_it_s THEN 2048 ELSE 0 END
            + CASE WHEN first_signup_attempt_5 IS NOT NULL THEN 4096 ELSE 0 END
            + CASE WHEN last_signup_success_5 >= first_signup_attempt_5 THEN 8192 ELSE 0 END) AS bits_1
        FROM (
          SELECT
            min(e1_first_signup_attempt) AS first_signup_attempt,
            max(e2_last_signup_success) AS last_signup_success,
            min(CASE WHEN "channel" = 'a\\b\\\'' THEN e1_first_signup_attempt END) AS first_signup_attempt_2,
            max(CASE WHEN "channel" = 'a\\b\\\'' THEN e2_last_signup_success END) AS last_signup_success_2,
            min(CASE WHEN "channel" = 'x--y; DROP TABLE events; --' THEN e1_first_signup_attempt END) AS first_signup_attempt_3,
            max(CASE WHEN "channel" = 'x--y; DROP TABLE events; --' THEN e2_last_signup_success END) AS last_signup_success_3,
            min(CASE WHEN "channel" = 'line1
line2 -- not a comment' THEN e1_first_signup_attempt END) AS first_signup_attempt_4,
            max(CASE WHEN "channel" = 'line1
line2 -- not a comment' THEN e2_last_signup_success END) AS last_signup_success_4,
            min(e3_first_it_s) AS first_it_s,
            max(e4_at_node) AS at_node,
            max(e5_at_x) AS at_x,
            max(e6_last_a_b) AS last_a_b,
            min(CASE WHEN "country" = 'ünïcödé 😀 数据' THEN e1_first_signup_attempt END) AS first_signup_attempt_5,
            max(CASE WHEN "country" = 'ünïcödé 😀 数据' THEN e2_last_signup_success END) AS last_signup_success_5
          FROM (
            SELECT
              "user_id",
              "session_id",
              "channel",
              "country",
              min(CASE WHEN "event_type" = 'signup_attempt' THEN "created_at" END) AS e1_first_signup_attempt,
              max(CASE WHEN "event_type" = 'signup_success' THEN "created_at" END) AS e2_last_signup_success,
              min(CASE WHEN "node_slug" = 'it\'s' THEN "created_at" END) AS e3_first_it_s,
              max(CASE WHEN "node_slug" = '--;' THEN 1 ELSE 0 END) AS e4_at_node,
              max(CASE WHEN "node_slug" = '/*x*/' THEN 1 ELSE 0 END) AS e5_at_x,
              max(CASE WHEN "node_slug" = 'a\\b' THEN "created_at" END) AS e6_last_a_b
            FROM "events"
            WHERE "created_at" >= ?
              AND "created_at" < ?
            GROUP BY "user_id", "session_id", "channel", "country"
          ) AS unit_contexts
          GROUP BY "user_id", "session_id"
        ) AS units
      ) AS facts
      GROUP BY bits_1
    ) AS signatures
  ) ARRAY JOIN refs AS "ref", arrayResize(trial_counts, 6) AS "trials", arrayResize(success_counts, 6) AS "successes"
  UNION ALL
  SELECT "ref", "country", "trials", "successes"
  FROM (
    SELECT
      "country",
      ['e.signup.context(channel=\'o\'\'brien\',country)'] AS refs,
      sumForEach(arrayMap((m1, v1, b1, u) -> if(bitAnd(b1, m1) = v1, u, 0), [1], [1], arrayResize([bits_1], 1, bits_1), arrayResize([units], 1, units))) AS trial_counts,
      sumForEach(arrayMap((m1, v1, b1, u) -> if(bitAnd(b1, m1) = v1, u, 0), [3], [3], arrayResize([bits_1], 1, bits_1), arrayResize([units], 1, units))) AS success_counts,
      maxForEach(arrayMap((m1, v1, b1) -> if(bitAnd(b1, m1) = v1, 1, 0), [4], [4], arrayResize([bits_1], 1, bits_1))) AS present_flags
    FROM (
      SELECT
        "country",
        bits_1,
        count(*) AS units
      FROM (
        SELECT
          "country",
          (CASE WHEN first_signup_attempt IS NOT NULL THEN 1 ELSE 0 END
            + CASE WHEN last_signup_success >= first_signup_attempt THEN 2 ELSE 0 END
            + seen_own_events * 4) AS bits_1
        FROM (
          SELECT
            "country",
            min(CASE WHEN "channel" = 'o\'brien' AND "country" IS NOT NULL THEN e1_first_signup_attempt END) AS first_signup_attempt,
            max(CASE WHEN "channel" = 'o\'brien' AND "country" IS NOT NULL THEN e2_last_signup_success END) AS last_signup_success,
            max(CASE WHEN "channel" = 'o\'brien' AND "country" IS NOT NULL THEN 1 ELSE 0 END) AS seen_own_events
          FROM (
            SELECT
              "user_id",
              "session_id",
              "country",
              "channel",
              min(CASE WHEN "event_type" = 'signup_attempt' THEN "created_at" END) AS e1_first_signup_attempt,
              max(CASE WHEN "event_type" = 'signup_success' THEN "created_at" END) AS e2_last_signup_success
            FROM "events"
            WHERE "created_at" >= ?
              AND "created_at" < ?
            GROUP BY "user_id", "session_id", "country", "channel"
          ) AS unit_contexts
          GROUP BY "user_id", "session_id", "country"
        ) AS units
      ) AS facts
      GROUP BY "country", bits_1
    ) AS signatures
    GROUP BY "country"
  ) ARRAY JOIN refs AS "ref", trial_counts AS "trials", success_counts AS "successes", present_flags AS present
  WHERE present = 1
) AS batch
ORDER BY "ref", "country";
