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
      [sumIf(units, ifNull(has_first_signup_attempt = 1, 0)), sumIf(units, ifNull(has_first_signup_attempt_2 = 1, 0)), sumIf(units, ifNull(has_first_signup_attempt_3 = 1, 0)), sumIf(units, ifNull(has_first_signup_attempt_4 = 1, 0)), sumIf(units, ifNull(has_first_it_s = 1 AND at_node = 1 AND at_x = 0, 0)), sumIf(units, ifNull(has_first_signup_attempt_5 = 1, 0))] AS trial_counts,
      [sumIf(units, ifNull(has_first_signup_attempt = 1 AND fact_9 = 1, 0)), sumIf(units, ifNull(has_first_signup_attempt_2 = 1 AND fact_10 = 1, 0)), sumIf(units, ifNull(has_first_signup_attempt_3 = 1 AND fact_11 = 1, 0)), sumIf(units, ifNull(has_first_signup_attempt_4 = 1 AND fact_12 = 1, 0)), sumIf(units, ifNull(has_first_it_s = 1 AND at_node = 1 AND at_x = 0 AND fact_13 = 1, 0)), sumIf(units, ifNull(has_first_signup_attempt_5 = 1 AND fact_14 = 1, 0))] AS success_counts
    FROM (
      SELECT
        CASE WHEN first_signup_attempt IS NOT NULL THEN 1 ELSE 0 END AS has_first_signup_attempt,
        CASE WHEN first_signup_attempt_2 IS NOT NULL THEN 1 ELSE 0 END AS has_first_signup_attempt_2,
        CASE WHEN first_signup_attempt_3 IS NOT NULL THEN 1 ELSE 0 END AS has_first_signup_attempt_3,
        CASE WHEN first_signup_attempt_4 IS NOT NULL THEN 1 ELSE 0 END AS has_first_signup_attempt_4,
        CASE WHEN first_it_s IS NOT NULL THEN 1 ELSE 0 END AS has_first_it_s,
        CASE WHEN first_signup_attempt_5 IS NOT NULL THEN 1 ELSE 0 END AS has_first_signup_attempt_5,
        at_node,
        at_x,
        CASE WHEN last_signup_success >= first_signup_attempt THEN 1 ELSE 0 END AS fact_9,
        CASE WHEN last_signup_success_2 >= first_signup_attempt_2 THEN 1 ELSE 0 END AS fact_10,
        CASE WHEN last_signup_success_3 >= first_signup_attempt_3 THEN 1 ELSE 0 END AS fact_11,
        CASE WHEN last_signup_success_4 >= first_signup_attempt_4 THEN 1 ELSE 0 END AS fact_12,
        CASE WHEN last_a_b >= first_it_s THEN 1 ELSE 0 END AS fact_13,
        CASE WHEN last_signup_success_5 >= first_signup_attempt_5 THEN 1 ELSE 0 END AS fact_14,
        count(*) AS units
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
      GROUP BY CASE WHEN first_signup_attempt IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN first_signup_attempt_2 IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN first_signup_attempt_3 IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN first_signup_attempt_4 IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN first_it_s IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN first_signup_attempt_5 IS NOT NULL THEN 1 ELSE 0 END, at_node, at_x, CASE WHEN last_signup_success >= first_signup_attempt THEN 1 ELSE 0 END, CASE WHEN last_signup_success_2 >= first_signup_attempt_2 THEN 1 ELSE 0 END, CASE WHEN last_signup_success_3 >= first_signup_attempt_3 THEN 1 ELSE 0 END, CASE WHEN last_signup_success_4 >= first_signup_attempt_4 THEN 1 ELSE 0 END, CASE WHEN last_a_b >= first_it_s THEN 1 ELSE 0 END, CASE WHEN last_signup_success_5 >= first_signup_attempt_5 THEN 1 ELSE 0 END
    ) AS signatures
  ) ARRAY JOIN refs AS "ref", trial_counts AS "trials", success_counts AS "successes"
  UNION ALL
  SELECT "ref", "country", "trials", "successes"
  FROM (
    SELECT
      "country",
      ['e.signup.context(channel=\'o\'\'brien\',country)'] AS refs,
      [sumIf(units, ifNull(has_first_signup_attempt = 1, 0))] AS trial_counts,
      [sumIf(units, ifNull(has_first_signup_attempt = 1 AND fact_3 = 1, 0))] AS success_counts,
      [max(CASE WHEN seen_own_events = 1 THEN 1 ELSE 0 END)] AS present_flags
    FROM (
      SELECT
        "country",
        CASE WHEN first_signup_attempt IS NOT NULL THEN 1 ELSE 0 END AS has_first_signup_attempt,
        seen_own_events,
        CASE WHEN last_signup_success >= first_signup_attempt THEN 1 ELSE 0 END AS fact_3,
        count(*) AS units
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
      GROUP BY "country", CASE WHEN first_signup_attempt IS NOT NULL THEN 1 ELSE 0 END, seen_own_events, CASE WHEN last_signup_success >= first_signup_attempt THEN 1 ELSE 0 END
    ) AS signatures
    GROUP BY "country"
  ) ARRAY JOIN refs AS "ref", trial_counts AS "trials", success_counts AS "successes", present_flags AS present
  WHERE present = 1
) AS batch
ORDER BY "ref", "country";
