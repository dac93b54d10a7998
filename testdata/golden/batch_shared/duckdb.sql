-- batch of 4 references in 3 scan(s)
-- e.signup
-- e.checkout.visited(pricing).context(device='mobile').attribution(event)
-- e.signup.context(channel).attribution(event)
-- e.signup.exclude(docs).context(channel,country).attribution(event)
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
  WHERE "created_at" >= ?
    AND "created_at" < ?
  GROUP BY "user_id", "session_id", "device", "channel", "country"
),
filters_1 AS (
  SELECT *
  FROM (VALUES
    (1, 1, 1),
    (2, 1, 2)
  ) AS data(filter_id, word, bit)
),
counts_1 AS MATERIALIZED (
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
        (1 + CASE WHEN "device" = 'mobile' THEN 2 ELSE 0 END) AS filters_1,
        (CASE WHEN e1_first_signup_attempt IS NOT NULL THEN 1 ELSE 0 END
          + CASE WHEN e2_last_signup_success >= e1_first_signup_attempt THEN 2 ELSE 0 END
          + CASE WHEN e3_first_checkout_attempt IS NOT NULL THEN 4 ELSE 0 END
          + e4_at_pricing * 8
          + CASE WHEN e5_last_checkout_success >= e3_first_checkout_attempt THEN 16 ELSE 0 END) AS bits_1
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
        + CASE WHEN e3_first_checkout_attempt IS NOT NULL THEN 4 ELSE 0 END
        + e4_at_pricing * 8
        + CASE WHEN e5_last_checkout_success >= e3_first_checkout_attempt THEN 16 ELSE 0 END) AS bits_1
    FROM (
      SELECT
        f.filter_id,
        min(u.e1_first_signup_attempt) AS e1_first_signup_attempt,
        max(u.e2_last_signup_success) AS e2_last_signup_success,
        min(u.e3_first_checkout_attempt) AS e3_first_checkout_attempt,
        max(u.e4_at_pricing) AS e4_at_pricing,
        max(u.e5_last_checkout_success) AS e5_last_checkout_success
      FROM (
        SELECT
          "user_id",
          "session_id",
          (1 + CASE WHEN "device" = 'mobile' THEN 2 ELSE 0 END) AS filters_1,
          e1_first_signup_attempt,
          e2_last_signup_success,
          e3_first_checkout_attempt,
          e4_at_pricing,
          e5_last_checkout_success
        FROM unit_contexts_1
        WHERE contexts_per_unit > 1
      ) AS u
      JOIN filters_1 AS f ON (u.filters_1 & f.bit) <> 0
      GROUP BY u."user_id", u."session_id", f.filter_id
    ) AS units
  ) AS facts
  GROUP BY filter_id, bits_1
),
refs_1 AS (
  SELECT *
  FROM (VALUES
    ('e.signup', 1, 1, 1, 3, 3),
    ('e.checkout.visited(pricing).context(device=''mobile'').attribution(event)', 2, 12, 12, 28, 28)
  ) AS data(ref, filter_id, t_mask_1, t_val_1, s_mask_1, s_val_1)
),
filters_2 AS (
  SELECT *
  FROM (VALUES
    (1, 1, 1)
  ) AS data(filter_id, word, bit)
),
counts_2 AS MATERIALIZED (
  SELECT
    f.filter_id,
    s."channel",
    s.bits_1,
    s.units
  FROM (
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
  ) AS s
  JOIN filters_2 AS f ON (s.filters_1 & f.bit) <> 0
  UNION ALL
  SELECT
    filter_id,
    "channel",
    bits_1,
    count(*) AS units
  FROM (
    SELECT
      filter_id AS filter_id,
      "channel",
      (CASE WHEN e1_first_signup_attempt IS NOT NULL THEN 1 ELSE 0 END
        + CASE WHEN e2_last_signup_success >= e1_first_signup_attempt THEN 2 ELSE 0 END) AS bits_1
    FROM (
      SELECT
        u."channel",
        f.filter_id,
        min(u.e1_first_signup_attempt) AS e1_first_signup_attempt,
        max(u.e2_last_signup_success) AS e2_last_signup_success
      FROM (
        SELECT
          "user_id",
          "session_id",
          "channel",
          (CASE WHEN "channel" IS NOT NULL THEN 1 ELSE 0 END) AS filters_1,
          e1_first_signup_attempt,
          e2_last_signup_success
        FROM unit_contexts_1
        WHERE contexts_per_unit > 1
      ) AS u
      JOIN filters_2 AS f ON (u.filters_1 & f.bit) <> 0
      GROUP BY u."user_id", u."session_id", u."channel", f.filter_id
    ) AS units
  ) AS facts
  GROUP BY filter_id, "channel", bits_1
),
refs_2 AS (
  SELECT *
  FROM (VALUES
    ('e.signup.context(channel).attribution(event)', 1, 1, 1, 3, 3)
  ) AS data(ref, filter_id, t_mask_1, t_val_1, s_mask_1, s_val_1)
),
filters_3 AS (
  SELECT *
  FROM (VALUES
    (1, 1, 1)
  ) AS data(filter_id, word, bit)
),
counts_3 AS MATERIALIZED (
  SELECT
    f.filter_id,
    s."channel",
    s."country",
    s.bits_1,
    s.units
  FROM (
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
  ) AS s
  JOIN filters_3 AS f ON (s.filters_1 & f.bit) <> 0
  UNION ALL
  SELECT
    filter_id,
    "channel",
    "country",
    bits_1,
    count(*) AS units
  FROM (
    SELECT
      filter_id AS filter_id,
      "channel",
      "country",
      (CASE WHEN e1_first_signup_attempt IS NOT NULL THEN 1 ELSE 0 END
        + e6_at_docs * 2
        + CASE WHEN e2_last_signup_success >= e1_first_signup_attempt THEN 4 ELSE 0 END) AS bits_1
    FROM (
      SELECT
        u."channel",
        u."country",
        f.filter_id,
        min(u.e1_first_signup_attempt) AS e1_first_signup_attempt,
        max(u.e2_last_signup_success) AS e2_last_signup_success,
        max(u.e6_at_docs) AS e6_at_docs
      FROM (
        SELECT
          "user_id",
          "session_id",
          "channel",
          "country",
          (CASE WHEN "channel" IS NOT NULL AND "country" IS NOT NULL THEN 1 ELSE 0 END) AS filters_1,
          e1_first_signup_attempt,
          e2_last_signup_success,
          e6_at_docs
        FROM unit_contexts_1
        WHERE contexts_per_unit > 1
      ) AS u
      JOIN filters_3 AS f ON (u.filters_1 & f.bit) <> 0
      GROUP BY u."user_id", u."session_id", u."channel", u."country", f.filter_id
    ) AS units
  ) AS facts
  GROUP BY filter_id, "channel", "country", bits_1
),
refs_3 AS (
  SELECT *
  FROM (VALUES
    ('e.signup.exclude(docs).context(channel,country).attribution(event)', 1, 3, 1, 7, 5)
  ) AS data(ref, filter_id, t_mask_1, t_val_1, s_mask_1, s_val_1)
)
SELECT *
FROM (
  SELECT
    r.ref AS "ref",
    CAST(NULL AS VARCHAR) AS "channel",
    CAST(NULL AS VARCHAR) AS "country",
    CAST(COALESCE(sum(c.units), 0) AS BIGINT) AS "trials",
    CAST(COALESCE(sum(CASE WHEN (c.bits_1 & r.s_mask_1) = r.s_val_1 THEN c.units ELSE 0 END), 0) AS BIGINT) AS "successes"
  FROM refs_1 AS r
  LEFT JOIN counts_1 AS c ON c.filter_id = r.filter_id AND (c.bits_1 & r.t_mask_1) = r.t_val_1
  GROUP BY r.ref
  UNION ALL
  SELECT
    r.ref AS "ref",
    c."channel" AS "channel",
    CAST(NULL AS VARCHAR) AS "country",
    CAST(COALESCE(sum(CASE WHEN (c.bits_1 & r.t_mask_1) = r.t_val_1 THEN c.units ELSE 0 END), 0) AS BIGINT) AS "trials",
    CAST(COALESCE(sum(CASE WHEN (c.bits_1 & r.s_mask_1) = r.s_val_1 THEN c.units ELSE 0 END), 0) AS BIGINT) AS "successes"
  FROM refs_2 AS r
  JOIN counts_2 AS c ON c.filter_id = r.filter_id
  GROUP BY r.ref, c."channel"
  UNION ALL
  SELECT
    r.ref AS "ref",
    c."channel" AS "channel",
    c."country" AS "country",
    CAST(COALESCE(sum(CASE WHEN (c.bits_1 & r.t_mask_1) = r.t_val_1 THEN c.units ELSE 0 END), 0) AS BIGINT) AS "trials",
    CAST(COALESCE(sum(CASE WHEN (c.bits_1 & r.s_mask_1) = r.s_val_1 THEN c.units ELSE 0 END), 0) AS BIGINT) AS "successes"
  FROM refs_3 AS r
  JOIN counts_3 AS c ON c.filter_id = r.filter_id
  GROUP BY r.ref, c."channel", c."country"
) AS batch
ORDER BY "ref", "channel", "country";
