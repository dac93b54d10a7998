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
WITH unit_contexts_1 AS (
  SELECT
    "user_id",
    "session_id",
    "device",
    "channel",
    min(CASE WHEN "event_type" = 'checkout_attempt' THEN "created_at" END) AS e1_first_checkout_attempt,
    max(CASE WHEN "node_slug" = 'pricing' THEN 1 ELSE 0 END) AS e2_at_pricing,
    max(CASE WHEN "event_type" = 'checkout_success' THEN "created_at" END) AS e3_last_checkout_success,
    min(CASE WHEN "event_type" = 'signup_attempt' THEN "created_at" END) AS e4_first_signup_attempt,
    max(CASE WHEN "event_type" = 'signup_success' THEN "created_at" END) AS e5_last_signup_success,
    count(*) OVER (PARTITION BY "user_id", "session_id") AS contexts_per_unit
  FROM "events"
  WHERE "created_at" >= ?
    AND "created_at" < ?
  GROUP BY "user_id", "session_id", "device", "channel"
),
filters_1 AS (
  SELECT *
  FROM (VALUES
    (1, 1, 1)
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
        (CASE WHEN "device" = 'mobile' THEN 1 ELSE 0 END) AS filters_1,
        (CASE WHEN e1_first_checkout_attempt IS NOT NULL THEN 1 ELSE 0 END
          + e2_at_pricing * 2
          + CASE WHEN e3_last_checkout_success >= e1_first_checkout_attempt THEN 4 ELSE 0 END) AS bits_1
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
      (CASE WHEN e1_first_checkout_attempt IS NOT NULL THEN 1 ELSE 0 END
        + e2_at_pricing * 2
        + CASE WHEN e3_last_checkout_success >= e1_first_checkout_attempt THEN 4 ELSE 0 END) AS bits_1
    FROM (
      SELECT
        f.filter_id,
        min(u.e1_first_checkout_attempt) AS e1_first_checkout_attempt,
        max(u.e2_at_pricing) AS e2_at_pricing,
        max(u.e3_last_checkout_success) AS e3_last_checkout_success
      FROM (
        SELECT
          "user_id",
          "session_id",
          (CASE WHEN "device" = 'mobile' THEN 1 ELSE 0 END) AS filters_1,
          e1_first_checkout_attempt,
          e2_at_pricing,
          e3_last_checkout_success
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
    ('e.checkout.visited(pricing).context(device=''mobile'').attribution(event)', 1, 3, 3, 7, 7)
  ) AS data(ref, filter_id, t_mask_1, t_val_1, s_mask_1, s_val_1)
),
counts_2 AS MATERIALIZED (
  SELECT
    bits_1,
    count(*) AS units
  FROM (
    SELECT
      (CASE WHEN first_signup_attempt IS NOT NULL THEN 1 ELSE 0 END
        + at_homepage * 2
        + at_pricing * 4
        + CASE WHEN entry_channel = 1 THEN 8 ELSE 0 END
        + CASE WHEN epoch_us(last_signup_success) >= first_signup_attempt THEN 16 ELSE 0 END
        + CASE WHEN first_checkout_attempt IS NOT NULL THEN 32 ELSE 0 END
        + CASE WHEN (at_demo = 1 OR at_docs = 1) THEN 64 ELSE 0 END
        + CASE WHEN entry_device = 1 THEN 128 ELSE 0 END
        + CASE WHEN epoch_us(last_checkout_success) >= first_checkout_attempt THEN 256 ELSE 0 END) AS bits_1
    FROM (
      SELECT
        *,
        (visited_flags >> 0) & 1 AS at_homepage,
        (visited_flags >> 1) & 1 AS at_pricing,
        (visited_flags >> 2) & 1 AS at_demo,
        (visited_flags >> 3) & 1 AS at_docs
      FROM (
        SELECT
          (min(epoch_us("created_at") * 4 + CASE WHEN "channel" = 'google' THEN 1 WHEN "channel" IS NULL THEN 3 WHEN "channel" < 'google' THEN 0 ELSE 2 END) FILTER (WHERE "event_type" = 'signup_attempt') >> 2) AS first_signup_attempt,
          max(CASE WHEN "event_type" = 'signup_success' THEN "created_at" END) AS last_signup_success,
          NULLIF((min(epoch_us("created_at") * 4 + CASE WHEN "channel" = 'google' THEN 1 WHEN "channel" IS NULL THEN 3 WHEN "channel" < 'google' THEN 0 ELSE 2 END) FILTER (WHERE "event_type" = 'signup_attempt') & 3), 3) AS entry_channel,
          (min(epoch_us("created_at") * 4 + CASE WHEN "device" = 'mobile' THEN 1 WHEN "device" IS NULL THEN 3 WHEN "device" < 'mobile' THEN 0 ELSE 2 END) FILTER (WHERE "event_type" = 'checkout_attempt') >> 2) AS first_checkout_attempt,
          max(CASE WHEN "event_type" = 'checkout_success' THEN "created_at" END) AS last_checkout_success,
          NULLIF((min(epoch_us("created_at") * 4 + CASE WHEN "device" = 'mobile' THEN 1 WHEN "device" IS NULL THEN 3 WHEN "device" < 'mobile' THEN 0 ELSE 2 END) FILTER (WHERE "event_type" = 'checkout_attempt') & 3), 3) AS entry_device,
          bit_or(CASE "node_slug" WHEN 'homepage' THEN 1 WHEN 'pricing' THEN 2 WHEN 'demo' THEN 4 WHEN 'docs' THEN 8 ELSE 0 END) AS visited_flags
        FROM "events"
        WHERE "created_at" >= ?
          AND "created_at" < ?
          AND (CASE WHEN "event_type" IN ('signup_attempt', 'signup_success', 'checkout_attempt', 'checkout_success') THEN true ELSE "node_slug" IN ('homepage', 'pricing', 'demo', 'docs') END)
        GROUP BY "user_id", "session_id"
      ) AS flagged
    ) AS units
  ) AS facts
  GROUP BY bits_1
),
refs_2 AS (
  SELECT *
  FROM (VALUES
    ('e.signup.visited(homepage,pricing).context(channel=''google'')', 15, 15, 31, 31),
    ('e.checkout.visitedAny(demo,docs).exclude(pricing).context(device=''mobile'')', 228, 224, 484, 480),
    ('e.signup', 1, 1, 17, 17)
  ) AS data(ref, t_mask_1, t_val_1, s_mask_1, s_val_1)
),
counts_3 AS MATERIALIZED (
  SELECT
    bits_1,
    count(*) AS units
  FROM (
    SELECT
      (CASE WHEN first_homepage IS NOT NULL THEN 1 ELSE 0 END
        + mature_homepage_within_1h * 2
        + reached_pricing_within_1h * 4) AS bits_1
    FROM (
      SELECT
        min(CASE WHEN "node_slug" = 'homepage' AND "created_at" < ? THEN "created_at" END) AS first_homepage,
        max(CASE WHEN "node_slug" = 'pricing' AND "created_at" >= anchor_first_homepage AND "created_at" <= anchor_first_homepage + INTERVAL '3600' SECOND THEN 1 ELSE 0 END) AS reached_pricing_within_1h,
        max(CASE WHEN "node_slug" = 'homepage' AND "created_at" < ? AND "created_at" + INTERVAL '3600' SECOND < ? THEN 1 ELSE 0 END) AS mature_homepage_within_1h
      FROM (
        SELECT
          "user_id",
          "session_id",
          "created_at",
          "node_slug",
          min(CASE WHEN "node_slug" = 'homepage' AND "created_at" < ? THEN "created_at" END) OVER (PARTITION BY "user_id", "session_id") AS anchor_first_homepage
        FROM "events"
        WHERE "created_at" >= ?
          AND "created_at" < ?
          AND "node_slug" IN ('homepage', 'pricing')
      ) AS ev
      GROUP BY "user_id", "session_id"
    ) AS units
  ) AS facts
  GROUP BY bits_1
),
refs_3 AS (
  SELECT *
  FROM (VALUES
    ('e.from(homepage).to(pricing).within(1h)', 3, 3, 7, 7, 3, 1)
  ) AS data(ref, t_mask_1, t_val_1, s_mask_1, s_val_1, i_mask_1, i_val_1)
),
counts_4 AS MATERIALIZED (
  SELECT
    "channel",
    bits_1,
    count(*) AS units
  FROM (
    SELECT
      entry_channel AS "channel",
      (CASE WHEN first_signup_attempt IS NOT NULL THEN 1 ELSE 0 END
        + CASE WHEN last_signup_success >= first_signup_attempt THEN 2 ELSE 0 END) AS bits_1
    FROM (
      SELECT
        min(CASE WHEN "event_type" = 'signup_attempt' THEN "created_at" END) AS first_signup_attempt,
        max(CASE WHEN "event_type" = 'signup_success' THEN "created_at" END) AS last_signup_success,
        (min({'t': "created_at", 'n': "channel" IS NULL, 'v': "channel"}) FILTER (WHERE "event_type" = 'signup_attempt')).v AS entry_channel
      FROM "events"
      WHERE "created_at" >= ?
        AND "created_at" < ?
        AND "event_type" IN ('signup_attempt', 'signup_success')
      GROUP BY "user_id", "session_id"
    ) AS units
  ) AS facts
  GROUP BY "channel", bits_1
),
refs_4 AS (
  SELECT *
  FROM (VALUES
    ('e.signup.context(channel)', 1, 1, 3, 3, 1, 1)
  ) AS data(ref, t_mask_1, t_val_1, s_mask_1, s_val_1, p_mask_1, p_val_1)
),
counts_5 AS MATERIALIZED (
  SELECT
    "channel",
    bits_1,
    count(*) AS units
  FROM (
    SELECT
      entry_channel AS "channel",
      (CASE WHEN first_signup_attempt IS NOT NULL THEN 1 ELSE 0 END
        + mature_signup_attempt_within_7d * 2
        + reached_signup_success_within_7d * 4) AS bits_1
    FROM (
      SELECT
        min(CASE WHEN "event_type" = 'signup_attempt' AND "created_at" < ? THEN "created_at" END) AS first_signup_attempt,
        max(CASE WHEN "event_type" = 'signup_success' AND "created_at" >= anchor_first_signup_attempt AND "created_at" <= anchor_first_signup_attempt + INTERVAL '604800' SECOND THEN 1 ELSE 0 END) AS reached_signup_success_within_7d,
        (min({'t': "created_at", 'n': "channel" IS NULL, 'v': "channel"}) FILTER (WHERE "event_type" = 'signup_attempt' AND "created_at" < ?)).v AS entry_channel,
        max(CASE WHEN "event_type" = 'signup_attempt' AND "created_at" < ? AND "created_at" + INTERVAL '604800' SECOND < ? THEN 1 ELSE 0 END) AS mature_signup_attempt_within_7d
      FROM (
        SELECT
          "user_id",
          "session_id",
          "created_at",
          "event_type",
          "channel",
          min(CASE WHEN "event_type" = 'signup_attempt' AND "created_at" < ? THEN "created_at" END) OVER (PARTITION BY "user_id", "session_id") AS anchor_first_signup_attempt
        FROM "events"
        WHERE "created_at" >= ?
          AND "created_at" < ?
          AND "event_type" IN ('signup_attempt', 'signup_success')
      ) AS ev
      GROUP BY "user_id", "session_id"
    ) AS units
  ) AS facts
  GROUP BY "channel", bits_1
),
refs_5 AS (
  SELECT *
  FROM (VALUES
    ('e.signup.context(channel).within(7d)', 3, 3, 7, 7, 3, 1, 1, 1)
  ) AS data(ref, t_mask_1, t_val_1, s_mask_1, s_val_1, i_mask_1, i_val_1, p_mask_1, p_val_1)
),
counts_6 AS MATERIALIZED (
  SELECT
    "period",
    bits_1,
    count(*) AS units
  FROM (
    SELECT
      CAST(date_trunc('week', first_signup_attempt) AS DATE) AS "period",
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
),
refs_6 AS (
  SELECT *
  FROM (VALUES
    ('e.signup.by(week)', 1, 1, 3, 3)
  ) AS data(ref, t_mask_1, t_val_1, s_mask_1, s_val_1)
),
counts_7 AS MATERIALIZED (
  SELECT
    "period",
    bits_1,
    count(*) AS units
  FROM (
    SELECT
      CAST(date_trunc('day', first_signup_attempt) AS DATE) AS "period",
      (CASE WHEN first_signup_attempt IS NOT NULL THEN 1 ELSE 0 END
        + CASE WHEN entry_channel = 1 THEN 2 ELSE 0 END
        + CASE WHEN last_signup_success >= first_signup_attempt THEN 4 ELSE 0 END) AS bits_1
    FROM (
      SELECT
        min(CASE WHEN "event_type" = 'signup_attempt' THEN "created_at" END) AS first_signup_attempt,
        max(CASE WHEN "event_type" = 'signup_success' THEN "created_at" END) AS last_signup_success,
        NULLIF((min(epoch_us("created_at") * 4 + CASE WHEN "channel" = 'o''brien' THEN 1 WHEN "channel" IS NULL THEN 3 WHEN "channel" < 'o''brien' THEN 0 ELSE 2 END) FILTER (WHERE "event_type" = 'signup_attempt') & 3), 3) AS entry_channel
      FROM "events"
      WHERE "created_at" >= ?
        AND "created_at" < ?
        AND "event_type" IN ('signup_attempt', 'signup_success')
      GROUP BY "user_id", "session_id"
    ) AS units
    WHERE first_signup_attempt IS NOT NULL
  ) AS facts
  GROUP BY "period", bits_1
),
refs_7 AS (
  SELECT *
  FROM (VALUES
    ('e.signup.context(channel=''o''''brien'').by(day)', 3, 3, 7, 7, 3, 3)
  ) AS data(ref, t_mask_1, t_val_1, s_mask_1, s_val_1, p_mask_1, p_val_1)
),
filters_8 AS (
  SELECT *
  FROM (VALUES
    (1, 1, 1)
  ) AS data(filter_id, word, bit)
),
counts_8 AS MATERIALIZED (
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
        (CASE WHEN e4_first_signup_attempt IS NOT NULL THEN 1 ELSE 0 END
          + CASE WHEN e5_last_signup_success >= e4_first_signup_attempt THEN 2 ELSE 0 END) AS bits_1
      FROM unit_contexts_1
      WHERE contexts_per_unit = 1
    ) AS facts
    GROUP BY filters_1, "channel", bits_1
  ) AS s
  JOIN filters_8 AS f ON (s.filters_1 & f.bit) <> 0
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
      (CASE WHEN e4_first_signup_attempt IS NOT NULL THEN 1 ELSE 0 END
        + CASE WHEN e5_last_signup_success >= e4_first_signup_attempt THEN 2 ELSE 0 END) AS bits_1
    FROM (
      SELECT
        u."channel",
        f.filter_id,
        min(u.e4_first_signup_attempt) AS e4_first_signup_attempt,
        max(u.e5_last_signup_success) AS e5_last_signup_success
      FROM (
        SELECT
          "user_id",
          "session_id",
          "channel",
          (CASE WHEN "channel" IS NOT NULL THEN 1 ELSE 0 END) AS filters_1,
          e4_first_signup_attempt,
          e5_last_signup_success
        FROM unit_contexts_1
        WHERE contexts_per_unit > 1
      ) AS u
      JOIN filters_8 AS f ON (u.filters_1 & f.bit) <> 0
      GROUP BY u."user_id", u."session_id", u."channel", f.filter_id
    ) AS units
  ) AS facts
  GROUP BY filter_id, "channel", bits_1
),
refs_8 AS (
  SELECT *
  FROM (VALUES
    ('e.signup.context(channel).attribution(event)', 1, 1, 1, 3, 3)
  ) AS data(ref, filter_id, t_mask_1, t_val_1, s_mask_1, s_val_1)
)
SELECT *
FROM (
  SELECT
    r.ref AS "ref",
    CAST(NULL AS VARCHAR) AS "channel",
    CAST(NULL AS DATE) AS "period",
    CAST(COALESCE(sum(c.units), 0) AS BIGINT) AS "trials",
    CAST(COALESCE(sum(CASE WHEN (c.bits_1 & r.s_mask_1) = r.s_val_1 THEN c.units ELSE 0 END), 0) AS BIGINT) AS "successes",
    0 AS "immature"
  FROM refs_1 AS r
  LEFT JOIN counts_1 AS c ON c.filter_id = r.filter_id AND (c.bits_1 & r.t_mask_1) = r.t_val_1
  GROUP BY r.ref
  UNION ALL
  SELECT
    r.ref AS "ref",
    CAST(NULL AS VARCHAR) AS "channel",
    CAST(NULL AS DATE) AS "period",
    CAST(COALESCE(sum(c.units), 0) AS BIGINT) AS "trials",
    CAST(COALESCE(sum(CASE WHEN (c.bits_1 & r.s_mask_1) = r.s_val_1 THEN c.units ELSE 0 END), 0) AS BIGINT) AS "successes",
    0 AS "immature"
  FROM refs_2 AS r
  LEFT JOIN counts_2 AS c ON (c.bits_1 & r.t_mask_1) = r.t_val_1
  GROUP BY r.ref
  UNION ALL
  SELECT
    r.ref AS "ref",
    CAST(NULL AS VARCHAR) AS "channel",
    CAST(NULL AS DATE) AS "period",
    CAST(COALESCE(sum(CASE WHEN (c.bits_1 & r.t_mask_1) = r.t_val_1 THEN c.units ELSE 0 END), 0) AS BIGINT) AS "trials",
    CAST(COALESCE(sum(CASE WHEN (c.bits_1 & r.s_mask_1) = r.s_val_1 THEN c.units ELSE 0 END), 0) AS BIGINT) AS "successes",
    CAST(COALESCE(sum(CASE WHEN (c.bits_1 & r.i_mask_1) = r.i_val_1 THEN c.units ELSE 0 END), 0) AS BIGINT) AS "immature"
  FROM refs_3 AS r
  LEFT JOIN counts_3 AS c ON 1 = 1
  GROUP BY r.ref
  UNION ALL
  SELECT
    r.ref AS "ref",
    c."channel" AS "channel",
    CAST(NULL AS DATE) AS "period",
    CAST(COALESCE(sum(CASE WHEN (c.bits_1 & r.t_mask_1) = r.t_val_1 THEN c.units ELSE 0 END), 0) AS BIGINT) AS "trials",
    CAST(COALESCE(sum(CASE WHEN (c.bits_1 & r.s_mask_1) = r.s_val_1 THEN c.units ELSE 0 END), 0) AS BIGINT) AS "successes",
    0 AS "immature"
  FROM refs_4 AS r
  JOIN counts_4 AS c ON 1 = 1
  GROUP BY r.ref, c."channel"
  HAVING max(CASE WHEN (c.bits_1 & r.p_mask_1) = r.p_val_1 THEN 1 ELSE 0 END) = 1
  UNION ALL
  SELECT
    r.ref AS "ref",
    c."channel" AS "channel",
    CAST(NULL AS DATE) AS "period",
    CAST(COALESCE(sum(CASE WHEN (c.bits_1 & r.t_mask_1) = r.t_val_1 THEN c.units ELSE 0 END), 0) AS BIGINT) AS "trials",
    CAST(COALESCE(sum(CASE WHEN (c.bits_1 & r.s_mask_1) = r.s_val_1 THEN c.units ELSE 0 END), 0) AS BIGINT) AS "successes",
    CAST(COALESCE(sum(CASE WHEN (c.bits_1 & r.i_mask_1) = r.i_val_1 THEN c.units ELSE 0 END), 0) AS BIGINT) AS "immature"
  FROM refs_5 AS r
  JOIN counts_5 AS c ON 1 = 1
  GROUP BY r.ref, c."channel"
  HAVING max(CASE WHEN (c.bits_1 & r.p_mask_1) = r.p_val_1 THEN 1 ELSE 0 END) = 1
  UNION ALL
  SELECT
    r.ref AS "ref",
    CAST(NULL AS VARCHAR) AS "channel",
    c."period" AS "period",
    CAST(COALESCE(sum(CASE WHEN (c.bits_1 & r.t_mask_1) = r.t_val_1 THEN c.units ELSE 0 END), 0) AS BIGINT) AS "trials",
    CAST(COALESCE(sum(CASE WHEN (c.bits_1 & r.s_mask_1) = r.s_val_1 THEN c.units ELSE 0 END), 0) AS BIGINT) AS "successes",
    0 AS "immature"
  FROM refs_6 AS r
  JOIN counts_6 AS c ON 1 = 1
  GROUP BY r.ref, c."period"
  UNION ALL
  SELECT
    r.ref AS "ref",
    CAST(NULL AS VARCHAR) AS "channel",
    c."period" AS "period",
    CAST(COALESCE(sum(CASE WHEN (c.bits_1 & r.t_mask_1) = r.t_val_1 THEN c.units ELSE 0 END), 0) AS BIGINT) AS "trials",
    CAST(COALESCE(sum(CASE WHEN (c.bits_1 & r.s_mask_1) = r.s_val_1 THEN c.units ELSE 0 END), 0) AS BIGINT) AS "successes",
    0 AS "immature"
  FROM refs_7 AS r
  JOIN counts_7 AS c ON 1 = 1
  GROUP BY r.ref, c."period"
  HAVING max(CASE WHEN (c.bits_1 & r.p_mask_1) = r.p_val_1 THEN 1 ELSE 0 END) = 1
  UNION ALL
  SELECT
    r.ref AS "ref",
    c."channel" AS "channel",
    CAST(NULL AS DATE) AS "period",
    CAST(COALESCE(sum(CASE WHEN (c.bits_1 & r.t_mask_1) = r.t_val_1 THEN c.units ELSE 0 END), 0) AS BIGINT) AS "trials",
    CAST(COALESCE(sum(CASE WHEN (c.bits_1 & r.s_mask_1) = r.s_val_1 THEN c.units ELSE 0 END), 0) AS BIGINT) AS "successes",
    0 AS "immature"
  FROM refs_8 AS r
  JOIN counts_8 AS c ON c.filter_id = r.filter_id
  GROUP BY r.ref, c."channel"
) AS batch
ORDER BY "ref", "channel", "period";
