-- batch of 7 references in 2 scan(s)
-- e.signup
-- e.signup.context(channel='a\b\''')
-- e.signup.context(channel='x--y; DROP TABLE events; --')
-- e.signup.context(channel='line1
-- line2 -- not a comment')
-- e.from('it''s').to('a\b').visited('--;').exclude('/*x*/')
-- e.signup.context(country='ünïcödé 😀 数据')
-- e.signup.context(channel='o''brien',country)
WITH unit_contexts_1 AS (
  SELECT
    `user_id`,
    `session_id`,
    `channel`,
    `country`,
    min(CASE WHEN `event_type` = 'signup_attempt' THEN `created_at` END) AS e1_first_signup_attempt,
    max(CASE WHEN `event_type` = 'signup_success' THEN `created_at` END) AS e2_last_signup_success,
    min(CASE WHEN `node_slug` = 'it''s' THEN `created_at` END) AS e3_first_it_s,
    max(CASE WHEN `node_slug` = '--;' THEN 1 ELSE 0 END) AS e4_at_node,
    max(CASE WHEN `node_slug` = '/*x*/' THEN 1 ELSE 0 END) AS e5_at_x,
    max(CASE WHEN `node_slug` = 'a\\b' THEN `created_at` END) AS e6_last_a_b,
    count(*) OVER (PARTITION BY `user_id`, `session_id`) AS contexts_per_unit
  FROM `events`
  WHERE `created_at` >= ?
    AND `created_at` < ?
  GROUP BY `user_id`, `session_id`, `channel`, `country`
),
filters_1 AS (
  SELECT 1 AS filter_id, 1 AS word, 1 AS bit
  UNION ALL SELECT 2, 1, 2
  UNION ALL SELECT 3, 1, 4
  UNION ALL SELECT 4, 1, 8
  UNION ALL SELECT 5, 1, 16
),
counts_1 AS (
  SELECT
    f.filter_id,
    s.bits_1,
    s.units
  FROM (
    SELECT
      filters_1,
      bits_1,
      count(*) AS units
    FROM (
      SELECT
        (1 + CASE WHEN `channel` = 'a\\b\\''' THEN 2 ELSE 0 END + CASE WHEN `channel` = 'x--y; DROP TABLE events; --' THEN 4 ELSE 0 END + CASE WHEN `channel` = 'line1
line2 -- not a comment' THEN 8 ELSE 0 END + CASE WHEN `country` = 'ünïcödé 😀 数据' THEN 16 ELSE 0 END) AS filters_1,
        (CASE WHEN e1_first_signup_attempt IS NOT NULL THEN 1 ELSE 0 END
          + CASE WHEN e2_last_signup_success >= e1_first_signup_attempt THEN 2 ELSE 0 END
          + CASE WHEN e3_first_it_s IS NOT NULL THEN 4 ELSE 0 END
          + e4_at_node * 8
          + e5_at_x * 16
          + CASE WHEN e6_last_a_b >= e3_first_it_s THEN 32 ELSE 0 END) AS bits_1
      FROM unit_contexts_1
      WHERE contexts_per_unit = 1
    ) AS facts
    GROUP BY filters_1, bits_1
  ) AS s
  JOIN filters_1 AS f ON (s.filters_1 & f.bit) <> 0
  UNION ALL
  SELECT
    filter_id,
    bits_1,
    count(*) AS units
  FROM (
    SELECT
      filter_id AS filter_id,
      (CASE WHEN e1_first_signup_attempt IS NOT NULL THEN 1 ELSE 0 END
        + CASE WHEN e2_last_signup_success >= e1_first_signup_attempt THEN 2 ELSE 0 END
        + CASE WHEN e3_first_it_s IS NOT NULL THEN 4 ELSE 0 END
        + e4_at_node * 8
        + e5_at_x * 16
        + CASE WHEN e6_last_a_b >= e3_first_it_s THEN 32 ELSE 0 END) AS bits_1
    FROM (
      SELECT
        f.filter_id,
        min(u.e1_first_signup_attempt) AS e1_first_signup_attempt,
        max(u.e2_last_signup_success) AS e2_last_signup_success,
        min(u.e3_first_it_s) AS e3_first_it_s,
        max(u.e4_at_node) AS e4_at_node,
        max(u.e5_at_x) AS e5_at_x,
        max(u.e6_last_a_b) AS e6_last_a_b
      FROM (
        SELECT
          `user_id`,
          `session_id`,
          (1 + CASE WHEN `channel` = 'a\\b\\''' THEN 2 ELSE 0 END + CASE WHEN `channel` = 'x--y; DROP TABLE events; --' THEN 4 ELSE 0 END + CASE WHEN `channel` = 'line1
line2 -- not a comment' THEN 8 ELSE 0 END + CASE WHEN `country` = 'ünïcödé 😀 数据' THEN 16 ELSE 0 END) AS filters_1,
          e1_first_signup_attempt,
          e2_last_signup_success,
          e3_first_it_s,
          e4_at_node,
          e5_at_x,
          e6_last_a_b
        FROM unit_contexts_1
        WHERE contexts_per_unit > 1
      ) AS u
      JOIN filters_1 AS f ON (u.filters_1 & f.bit) <> 0
      GROUP BY u.`user_id`, u.`session_id`, f.filter_id
    ) AS units
  ) AS facts
  GROUP BY filter_id, bits_1
),
refs_1 AS (
  SELECT 'e.signup' AS ref, 1 AS filter_id, 1 AS t_mask_1, 1 AS t_val_1, 3 AS s_mask_1, 3 AS s_val_1
  UNION ALL SELECT 'e.signup.context(channel=''a\\b\\'''''')', 2, 1, 1, 3, 3
  UNION ALL SELECT 'e.signup.context(channel=''x--y; DROP TABLE events; --'')', 3, 1, 1, 3, 3
  UNION ALL SELECT 'e.signup.context(channel=''line1
line2 -- not a comment'')', 4, 1, 1, 3, 3
  UNION ALL SELECT 'e.from(''it''''s'').to(''a\\b'').visited(''--;'').exclude(''/*x*/'')', 1, 28, 12, 60, 44
  UNION ALL SELECT 'e.signup.context(country=''ünïcödé 😀 数据'')', 5, 1, 1, 3, 3
),
filters_2 AS (
  SELECT 1 AS filter_id, 1 AS word, 1 AS bit
),
counts_2 AS (
  SELECT
    f.filter_id,
    s.`country`,
    s.bits_1,
    s.units
  FROM (
    SELECT
      filters_1,
      `country`,
      bits_1,
      count(*) AS units
    FROM (
      SELECT
        (CASE WHEN `channel` = 'o''brien' AND `country` IS NOT NULL THEN 1 ELSE 0 END) AS filters_1,
        `country`,
        (CASE WHEN e1_first_signup_attempt IS NOT NULL THEN 1 ELSE 0 END
          + CASE WHEN e2_last_signup_success >= e1_first_signup_attempt THEN 2 ELSE 0 END) AS bits_1
      FROM unit_contexts_1
      WHERE contexts_per_unit = 1
    ) AS facts
    GROUP BY filters_1, `country`, bits_1
  ) AS s
  JOIN filters_2 AS f ON (s.filters_1 & f.bit) <> 0
  UNION ALL
  SELECT
    filter_id,
    `country`,
    bits_1,
    count(*) AS units
  FROM (
    SELECT
      filter_id AS filter_id,
      `country`,
      (CASE WHEN e1_first_signup_attempt IS NOT NULL THEN 1 ELSE 0 END
        + CASE WHEN e2_last_signup_success >= e1_first_signup_attempt THEN 2 ELSE 0 END) AS bits_1
    FROM (
      SELECT
        u.`country`,
        f.filter_id,
        min(u.e1_first_signup_attempt) AS e1_first_signup_attempt,
        max(u.e2_last_signup_success) AS e2_last_signup_success
      FROM (
        SELECT
          `user_id`,
          `session_id`,
          `country`,
          (CASE WHEN `channel` = 'o''brien' AND `country` IS NOT NULL THEN 1 ELSE 0 END) AS filters_1,
          e1_first_signup_attempt,
          e2_last_signup_success
        FROM unit_contexts_1
        WHERE contexts_per_unit > 1
      ) AS u
      JOIN filters_2 AS f ON (u.filters_1 & f.bit) <> 0
      GROUP BY u.`user_id`, u.`session_id`, u.`country`, f.filter_id
    ) AS units
  ) AS facts
  GROUP BY filter_id, `country`, bits_1
),
refs_2 AS (
  SELECT 'e.signup.context(channel=''o''''brien'',country)' AS ref, 1 AS filter_id, 1 AS t_mask_1, 1 AS t_val_1, 3 AS s_mask_1, 3 AS s_val_1
)
SELECT *
FROM (
  SELECT
    r.ref AS `ref`,
    CAST(NULL AS CHAR) AS `country`,
    CAST(COALESCE(SUM(CASE WHEN (c.bits_1 & r.t_mask_1) = r.t_val_1 THEN c.units ELSE 0 END), 0) AS SIGNED) AS `trials`,
    CAST(COALESCE(SUM(CASE WHEN (c.bits_1 & r.s_mask_1) = r.s_val_1 THEN c.units ELSE 0 END), 0) AS SIGNED) AS `successes`
  FROM refs_1 AS r
  LEFT JOIN counts_1 AS c ON c.filter_id = r.filter_id
  GROUP BY r.ref
  UNION ALL
  SELECT
    r.ref AS `ref`,
    c.`country` AS `country`,
    CAST(COALESCE(SUM(CASE WHEN (c.bits_1 & r.t_mask_1) = r.t_val_1 THEN c.units ELSE 0 END), 0) AS SIGNED) AS `trials`,
    CAST(COALESCE(SUM(CASE WHEN (c.bits_1 & r.s_mask_1) = r.s_val_1 THEN c.units ELSE 0 END), 0) AS SIGNED) AS `successes`
  FROM refs_2 AS r
  JOIN counts_2 AS c ON c.filter_id = r.filter_id
  GROUP BY r.ref, c.`country`
) AS batch
ORDER BY `ref`, `country`;
