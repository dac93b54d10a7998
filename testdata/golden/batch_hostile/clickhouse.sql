-- batch of 7 references in 2 scan(s)
-- e.signup.context(channel='a\b\''')
-- e.signup.context(channel='x--y; DROP TABLE events; --')
-- e.signup.context(channel='line1
-- line2 -- not a comment')
-- e.signup.context(country='ünïcödé 😀 数据')
-- e.signup
-- e.from('it''s').to('a\b').visited('--;').exclude('/*x*/')
-- e.signup.context(channel='o''brien',country)
SELECT *
FROM (
  SELECT "ref", CAST(NULL AS Nullable(String)) AS "country", "trials", "successes"
  FROM (
    SELECT
      ['e.signup.context(channel=\'a\\b\\\'\'\')', 'e.signup.context(channel=\'x--y; DROP TABLE events; --\')', 'e.signup.context(channel=\'line1
line2 -- not a comment\')', 'e.signup.context(country=\'ünïcödé 😀 数据\')', 'e.signup', 'e.from(\'it\'\'s\').to(\'a\\b\').visited(\'--;\').exclude(\'/*x*/\')'] AS refs,
      sumForEach(arrayMap((m1, v1, b1, u) -> if(bitAnd(b1, m1) = v1, u, 0), [3, 9, 17, 33, 1, 448], [3, 9, 17, 33, 1, 192], arrayResize([bits_1], 6, bits_1), arrayResize([units], 6, units))) AS trial_counts,
      sumForEach(arrayMap((m1, v1, b1, u) -> if(bitAnd(b1, m1) = v1, u, 0), [7, 13, 21, 37, 5, 960], [7, 13, 21, 37, 5, 704], arrayResize([bits_1], 6, bits_1), arrayResize([units], 6, units))) AS success_counts
    FROM (
      SELECT
        bits_1,
        count(*) AS units
      FROM (
        SELECT
          (CASE WHEN first_signup_attempt IS NOT NULL THEN 1 ELSE 0 END
            + CASE WHEN if(notEmpty(arrayFilter(v -> isNotNull(v), arrayMap(p -> tupleElement(p, 2), arrayFilter(p -> tupleElement(p, 1) = assumeNotNull(first_signup_attempt), entry_channel)))), arrayReduce('min', arrayFilter(v -> isNotNull(v), arrayMap(p -> tupleElement(p, 2), arrayFilter(p -> tupleElement(p, 1) = assumeNotNull(first_signup_attempt), entry_channel)))), NULL) = 'a\\b\\\'' THEN 2 ELSE 0 END
            + CASE WHEN last_signup_success >= first_signup_attempt THEN 4 ELSE 0 END
            + CASE WHEN if(notEmpty(arrayFilter(v -> isNotNull(v), arrayMap(p -> tupleElement(p, 2), arrayFilter(p -> tupleElement(p, 1) = assumeNotNull(first_signup_attempt), entry_channel)))), arrayReduce('min', arrayFilter(v -> isNotNull(v), arrayMap(p -> tupleElement(p, 2), arrayFilter(p -> tupleElement(p, 1) = assumeNotNull(first_signup_attempt), entry_channel)))), NULL) = 'x--y; DROP TABLE events; --' THEN 8 ELSE 0 END
            + CASE WHEN if(notEmpty(arrayFilter(v -> isNotNull(v), arrayMap(p -> tupleElement(p, 2), arrayFilter(p -> tupleElement(p, 1) = assumeNotNull(first_signup_attempt), entry_channel)))), arrayReduce('min', arrayFilter(v -> isNotNull(v), arrayMap(p -> tupleElement(p, 2), arrayFilter(p -> tupleElement(p, 1) = assumeNotNull(first_signup_attempt), entry_channel)))), NULL) = 'line1
line2 -- not a comment' THEN 16 ELSE 0 END
            + CASE WHEN if(notEmpty(arrayFilter(v -> isNotNull(v), arrayMap(p -> tupleElement(p, 2), arrayFilter(p -> tupleElement(p, 1) = assumeNotNull(first_signup_attempt), entry_country)))), arrayReduce('min', arrayFilter(v -> isNotNull(v), arrayMap(p -> tupleElement(p, 2), arrayFilter(p -> tupleElement(p, 1) = assumeNotNull(first_signup_attempt), entry_country)))), NULL) = 'ünïcödé 😀 数据' THEN 32 ELSE 0 END
            + CASE WHEN first_it_s IS NOT NULL THEN 64 ELSE 0 END
            + at_node * 128
            + at_x * 256
            + CASE WHEN last_a_b >= first_it_s THEN 512 ELSE 0 END) AS bits_1
        FROM (
          SELECT
            min(CASE WHEN "event_type" = 'signup_attempt' THEN "created_at" END) AS first_signup_attempt,
            max(CASE WHEN "event_type" = 'signup_success' THEN "created_at" END) AS last_signup_success,
            groupArrayIf(tuple("created_at", "channel"), "event_type" = 'signup_attempt') AS entry_channel,
            groupArrayIf(tuple("created_at", "country"), "event_type" = 'signup_attempt') AS entry_country,
            min(CASE WHEN "node_slug" = 'it\'s' THEN "created_at" END) AS first_it_s,
            max(CASE WHEN "node_slug" = '--;' THEN 1 ELSE 0 END) AS at_node,
            max(CASE WHEN "node_slug" = '/*x*/' THEN 1 ELSE 0 END) AS at_x,
            max(CASE WHEN "node_slug" = 'a\\b' THEN "created_at" END) AS last_a_b
          FROM "events"
          WHERE "created_at" >= ?
            AND "created_at" < ?
            AND ("event_type" IN ('signup_attempt', 'signup_success') OR "node_slug" IN ('it\'s', 'a\\b', '--;', '/*x*/'))
          GROUP BY "user_id", "session_id"
        ) AS units
      ) AS facts
      GROUP BY bits_1
    ) AS signatures
  ) ARRAY JOIN refs AS "ref", arrayResize(trial_counts, 6, 0) AS "trials", arrayResize(success_counts, 6, 0) AS "successes"
  UNION ALL
  SELECT "ref", "country", "trials", "successes"
  FROM (
    SELECT
      "country",
      ['e.signup.context(channel=\'o\'\'brien\',country)'] AS refs,
      sumForEach(arrayMap((m1, v1, b1, u) -> if(bitAnd(b1, m1) = v1, u, 0), [3], [3], arrayResize([bits_1], 1, bits_1), arrayResize([units], 1, units))) AS trial_counts,
      sumForEach(arrayMap((m1, v1, b1, u) -> if(bitAnd(b1, m1) = v1, u, 0), [7], [7], arrayResize([bits_1], 1, bits_1), arrayResize([units], 1, units))) AS success_counts,
      maxForEach(arrayMap((m1, v1, b1) -> if(bitAnd(b1, m1) = v1, 1, 0), [3], [3], arrayResize([bits_1], 1, bits_1))) AS present_flags
    FROM (
      SELECT
        "country",
        bits_1,
        count(*) AS units
      FROM (
        SELECT
          if(notEmpty(arrayFilter(v -> isNotNull(v), arrayMap(p -> tupleElement(p, 2), arrayFilter(p -> tupleElement(p, 1) = assumeNotNull(first_signup_attempt), entry_country)))), arrayReduce('min', arrayFilter(v -> isNotNull(v), arrayMap(p -> tupleElement(p, 2), arrayFilter(p -> tupleElement(p, 1) = assumeNotNull(first_signup_attempt), entry_country)))), NULL) AS "country",
          (CASE WHEN first_signup_attempt IS NOT NULL THEN 1 ELSE 0 END
            + CASE WHEN if(notEmpty(arrayFilter(v -> isNotNull(v), arrayMap(p -> tupleElement(p, 2), arrayFilter(p -> tupleElement(p, 1) = assumeNotNull(first_signup_attempt), entry_channel)))), arrayReduce('min', arrayFilter(v -> isNotNull(v), arrayMap(p -> tupleElement(p, 2), arrayFilter(p -> tupleElement(p, 1) = assumeNotNull(first_signup_attempt), entry_channel)))), NULL) = 'o\'brien' THEN 2 ELSE 0 END
            + CASE WHEN last_signup_success >= first_signup_attempt THEN 4 ELSE 0 END) AS bits_1
        FROM (
          SELECT
            min(CASE WHEN "event_type" = 'signup_attempt' THEN "created_at" END) AS first_signup_attempt,
            max(CASE WHEN "event_type" = 'signup_success' THEN "created_at" END) AS last_signup_success,
            groupArrayIf(tuple("created_at", "channel"), "event_type" = 'signup_attempt') AS entry_channel,
            groupArrayIf(tuple("created_at", "country"), "event_type" = 'signup_attempt') AS entry_country
          FROM "events"
          WHERE "created_at" >= ?
            AND "created_at" < ?
            AND "event_type" IN ('signup_attempt', 'signup_success')
          GROUP BY "user_id", "session_id"
        ) AS units
      ) AS facts
      GROUP BY "country", bits_1
    ) AS signatures
    GROUP BY "country"
  ) ARRAY JOIN refs AS "ref", trial_counts AS "trials", success_counts AS "successes", present_flags AS present
  WHERE present = 1
) AS batch
ORDER BY "ref", "country";
