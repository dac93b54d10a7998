-- batch of 7 references in 2 scan(s)
-- e.signup.context(channel='a\b\''')
-- e.signup.context(channel='x--y; DROP TABLE events; --')
-- e.signup.context(channel='line1
-- line2 -- not a comment')
-- e.signup.context(country='ünïcödé 😀 数据')
-- e.signup
-- e.from('it''s').to('a\b').visited('--;').exclude('/*x*/')
-- e.signup.context(channel='o''brien',country)
WITH counts_1 AS MATERIALIZED (
  SELECT
    bits_1,
    count(*) AS units
  FROM (
    SELECT
      (CASE WHEN first_signup_attempt IS NOT NULL THEN 1 ELSE 0 END
        + CASE WHEN entry_channel = 1 THEN 2 ELSE 0 END
        + CASE WHEN epoch_us(last_signup_success) >= first_signup_attempt THEN 4 ELSE 0 END
        + CASE WHEN entry_channel = 5 THEN 8 ELSE 0 END
        + CASE WHEN entry_channel = 3 THEN 16 ELSE 0 END
        + CASE WHEN entry_country = 1 THEN 32 ELSE 0 END
        + CASE WHEN first_it_s IS NOT NULL THEN 64 ELSE 0 END
        + at_node * 128
        + at_x * 256
        + CASE WHEN last_a_b >= first_it_s THEN 512 ELSE 0 END) AS bits_1
    FROM (
      SELECT
        *,
        (visited_flags >> 0) & 1 AS at_node,
        (visited_flags >> 1) & 1 AS at_x
      FROM (
        SELECT
          (min(epoch_us("created_at") * 8 + CASE WHEN "channel" = 'a\b\''' THEN 1 WHEN "channel" = 'line1
line2 -- not a comment' THEN 3 WHEN "channel" = 'x--y; DROP TABLE events; --' THEN 5 WHEN "channel" IS NULL THEN 7 WHEN "channel" < 'a\b\''' THEN 0 WHEN "channel" < 'line1
line2 -- not a comment' THEN 2 WHEN "channel" < 'x--y; DROP TABLE events; --' THEN 4 ELSE 6 END) FILTER (WHERE "event_type" = 'signup_attempt') >> 3) AS first_signup_attempt,
          max(CASE WHEN "event_type" = 'signup_success' THEN "created_at" END) AS last_signup_success,
          NULLIF((min(epoch_us("created_at") * 8 + CASE WHEN "channel" = 'a\b\''' THEN 1 WHEN "channel" = 'line1
line2 -- not a comment' THEN 3 WHEN "channel" = 'x--y; DROP TABLE events; --' THEN 5 WHEN "channel" IS NULL THEN 7 WHEN "channel" < 'a\b\''' THEN 0 WHEN "channel" < 'line1
line2 -- not a comment' THEN 2 WHEN "channel" < 'x--y; DROP TABLE events; --' THEN 4 ELSE 6 END) FILTER (WHERE "event_type" = 'signup_attempt') & 7), 7) AS entry_channel,
          NULLIF((min(epoch_us("created_at") * 4 + CASE WHEN "country" = 'ünïcödé 😀 数据' THEN 1 WHEN "country" IS NULL THEN 3 WHEN "country" < 'ünïcödé 😀 数据' THEN 0 ELSE 2 END) FILTER (WHERE "event_type" = 'signup_attempt') & 3), 3) AS entry_country,
          min(CASE WHEN "node_slug" = 'it''s' THEN "created_at" END) AS first_it_s,
          max(CASE WHEN "node_slug" = 'a\b' THEN "created_at" END) AS last_a_b,
          bit_or(CASE "node_slug" WHEN '--;' THEN 1 WHEN '/*x*/' THEN 2 ELSE 0 END) AS visited_flags
        FROM "events"
        WHERE "created_at" >= ?
          AND "created_at" < ?
          AND (CASE WHEN "event_type" IN ('signup_attempt', 'signup_success') THEN true ELSE "node_slug" IN ('it''s', 'a\b', '--;', '/*x*/') END)
        GROUP BY "user_id", "session_id"
      ) AS flagged
    ) AS units
  ) AS facts
  GROUP BY bits_1
),
refs_1 AS (
  SELECT *
  FROM (VALUES
    ('e.signup.context(channel=''a\b\'''''')', 3, 3, 7, 7),
    ('e.signup.context(channel=''x--y; DROP TABLE events; --'')', 9, 9, 13, 13),
    ('e.signup.context(channel=''line1
line2 -- not a comment'')', 17, 17, 21, 21),
    ('e.signup.context(country=''ünïcödé 😀 数据'')', 33, 33, 37, 37),
    ('e.signup', 1, 1, 5, 5),
    ('e.from(''it''''s'').to(''a\b'').visited(''--;'').exclude(''/*x*/'')', 448, 192, 960, 704)
  ) AS data(ref, t_mask_1, t_val_1, s_mask_1, s_val_1)
),
counts_2 AS MATERIALIZED (
  SELECT
    "country",
    bits_1,
    count(*) AS units
  FROM (
    SELECT
      entry_country AS "country",
      (CASE WHEN first_signup_attempt IS NOT NULL THEN 1 ELSE 0 END
        + CASE WHEN entry_channel = 1 THEN 2 ELSE 0 END
        + CASE WHEN last_signup_success >= first_signup_attempt THEN 4 ELSE 0 END) AS bits_1
    FROM (
      SELECT
        min(CASE WHEN "event_type" = 'signup_attempt' THEN "created_at" END) AS first_signup_attempt,
        max(CASE WHEN "event_type" = 'signup_success' THEN "created_at" END) AS last_signup_success,
        NULLIF((min(epoch_us("created_at") * 4 + CASE WHEN "channel" = 'o''brien' THEN 1 WHEN "channel" IS NULL THEN 3 WHEN "channel" < 'o''brien' THEN 0 ELSE 2 END) FILTER (WHERE "event_type" = 'signup_attempt') & 3), 3) AS entry_channel,
        (min({'t': "created_at", 'n': "country" IS NULL, 'v': "country"}) FILTER (WHERE "event_type" = 'signup_attempt')).v AS entry_country
      FROM "events"
      WHERE "created_at" >= ?
        AND "created_at" < ?
        AND "event_type" IN ('signup_attempt', 'signup_success')
      GROUP BY "user_id", "session_id"
    ) AS units
  ) AS facts
  GROUP BY "country", bits_1
),
refs_2 AS (
  SELECT *
  FROM (VALUES
    ('e.signup.context(channel=''o''''brien'',country)', 3, 3, 7, 7, 3, 3)
  ) AS data(ref, t_mask_1, t_val_1, s_mask_1, s_val_1, p_mask_1, p_val_1)
)
SELECT *
FROM (
  SELECT
    r.ref AS "ref",
    CAST(NULL AS VARCHAR) AS "country",
    CAST(COALESCE(sum(c.units), 0) AS BIGINT) AS "trials",
    CAST(COALESCE(sum(CASE WHEN (c.bits_1 & r.s_mask_1) = r.s_val_1 THEN c.units ELSE 0 END), 0) AS BIGINT) AS "successes"
  FROM refs_1 AS r
  LEFT JOIN counts_1 AS c ON (c.bits_1 & r.t_mask_1) = r.t_val_1
  GROUP BY r.ref
  UNION ALL
  SELECT
    r.ref AS "ref",
    c."country" AS "country",
    CAST(COALESCE(sum(CASE WHEN (c.bits_1 & r.t_mask_1) = r.t_val_1 THEN c.units ELSE 0 END), 0) AS BIGINT) AS "trials",
    CAST(COALESCE(sum(CASE WHEN (c.bits_1 & r.s_mask_1) = r.s_val_1 THEN c.units ELSE 0 END), 0) AS BIGINT) AS "successes"
  FROM refs_2 AS r
  JOIN counts_2 AS c ON 1 = 1
  GROUP BY r.ref, c."country"
  HAVING max(CASE WHEN (c.bits_1 & r.p_mask_1) = r.p_val_1 THEN 1 ELSE 0 END) = 1
) AS batch
ORDER BY "ref", "country";
