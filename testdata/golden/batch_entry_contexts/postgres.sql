-- batch of 8 references in 1 scan(s)
-- e.signup.context(channel='google',device='mobile')
-- e.signup.context(channel='facebook',device='desktop')
-- e.checkout.context(channel='facebook',country='us')
-- e.checkout.context(channel='google',country='gb')
-- e.from(homepage).to(pricing).context(country='gb',device='desktop')
-- e.from(homepage).to(pricing).context(country='us',device='mobile')
-- e.signup.visited(pricing).context(country='de')
-- e.signup.context(country='us')
WITH counts_1 AS MATERIALIZED (
  SELECT
    bits_1,
    count(*) AS units
  FROM (
    SELECT
      (CASE WHEN first_signup_attempt IS NOT NULL THEN 1 ELSE 0 END
        + CASE WHEN entry_channel = 'google' THEN 2 ELSE 0 END
        + CASE WHEN entry_device = 'mobile' THEN 4 ELSE 0 END
        + CASE WHEN last_signup_success >= first_signup_attempt THEN 8 ELSE 0 END
        + CASE WHEN entry_channel = 'facebook' THEN 16 ELSE 0 END
        + CASE WHEN entry_device = 'desktop' THEN 32 ELSE 0 END
        + CASE WHEN first_checkout_attempt IS NOT NULL THEN 64 ELSE 0 END
        + CASE WHEN entry_channel_2 = 'facebook' THEN 128 ELSE 0 END
        + CASE WHEN entry_country = 'us' THEN 256 ELSE 0 END
        + CASE WHEN last_checkout_success >= first_checkout_attempt THEN 512 ELSE 0 END
        + CASE WHEN entry_channel_2 = 'google' THEN 1024 ELSE 0 END
        + CASE WHEN entry_country = 'gb' THEN 2048 ELSE 0 END
        + CASE WHEN first_homepage IS NOT NULL THEN 4096 ELSE 0 END
        + CASE WHEN entry_country_2 = 'gb' THEN 8192 ELSE 0 END
        + CASE WHEN entry_device_2 = 'desktop' THEN 16384 ELSE 0 END
        + CASE WHEN last_pricing >= first_homepage THEN 32768 ELSE 0 END
        + CASE WHEN entry_country_2 = 'us' THEN 65536 ELSE 0 END
        + CASE WHEN entry_device_2 = 'mobile' THEN 131072 ELSE 0 END
        + at_pricing * 262144
        + CASE WHEN entry_country_3 = 'de' THEN 524288 ELSE 0 END
        + CASE WHEN entry_country_3 = 'us' THEN 1048576 ELSE 0 END) AS bits_1
    FROM (
      SELECT
        min(CASE WHEN "event_type" = 'signup_attempt' THEN "created_at" END) AS first_signup_attempt,
        max(CASE WHEN "event_type" = 'signup_success' THEN "created_at" END) AS last_signup_success,
        min(CASE WHEN "event_type" = 'signup_attempt' AND "created_at" = anchor_first_signup_attempt THEN "channel" END) AS entry_channel,
        min(CASE WHEN "event_type" = 'signup_attempt' AND "created_at" = anchor_first_signup_attempt THEN "device" END) AS entry_device,
        min(CASE WHEN "event_type" = 'checkout_attempt' THEN "created_at" END) AS first_checkout_attempt,
        max(CASE WHEN "event_type" = 'checkout_success' THEN "created_at" END) AS last_checkout_success,
        min(CASE WHEN "event_type" = 'checkout_attempt' AND "created_at" = anchor_first_checkout_attempt THEN "channel" END) AS entry_channel_2,
        min(CASE WHEN "event_type" = 'checkout_attempt' AND "created_at" = anchor_first_checkout_attempt THEN "country" END) AS entry_country,
        min(CASE WHEN "node_slug" = 'homepage' THEN "created_at" END) AS first_homepage,
        max(CASE WHEN "node_slug" = 'pricing' THEN "created_at" END) AS last_pricing,
        min(CASE WHEN "node_slug" = 'homepage' AND "created_at" = anchor_first_homepage THEN "country" END) AS entry_country_2,
        min(CASE WHEN "node_slug" = 'homepage' AND "created_at" = anchor_first_homepage THEN "device" END) AS entry_device_2,
        max(CASE WHEN "node_slug" = 'pricing' THEN 1 ELSE 0 END) AS at_pricing,
        min(CASE WHEN "event_type" = 'signup_attempt' AND "created_at" = anchor_first_signup_attempt THEN "country" END) AS entry_country_3
      FROM (
        SELECT
          "user_id",
          "session_id",
          "created_at",
          "event_type",
          "channel",
          "device",
          "country",
          "node_slug",
          min(CASE WHEN "event_type" = 'signup_attempt' THEN "created_at" END) OVER (PARTITION BY "user_id", "session_id") AS anchor_first_signup_attempt,
          min(CASE WHEN "event_type" = 'checkout_attempt' THEN "created_at" END) OVER (PARTITION BY "user_id", "session_id") AS anchor_first_checkout_attempt,
          min(CASE WHEN "node_slug" = 'homepage' THEN "created_at" END) OVER (PARTITION BY "user_id", "session_id") AS anchor_first_homepage
        FROM "events"
        WHERE "created_at" >= $1
          AND "created_at" < $2
          AND ("event_type" IN ('signup_attempt', 'signup_success', 'checkout_attempt', 'checkout_success') OR "node_slug" IN ('homepage', 'pricing'))
      ) AS ev
      GROUP BY "user_id", "session_id"
    ) AS units
  ) AS facts
  GROUP BY bits_1
),
refs_1 AS (
  SELECT *
  FROM (VALUES
    ('e.signup.context(channel=''google'',device=''mobile'')', 7, 7, 15, 15),
    ('e.signup.context(channel=''facebook'',device=''desktop'')', 49, 49, 57, 57),
    ('e.checkout.context(channel=''facebook'',country=''us'')', 448, 448, 960, 960),
    ('e.checkout.context(channel=''google'',country=''gb'')', 3136, 3136, 3648, 3648),
    ('e.from(homepage).to(pricing).context(country=''gb'',device=''desktop'')', 28672, 28672, 61440, 61440),
    ('e.from(homepage).to(pricing).context(country=''us'',device=''mobile'')', 200704, 200704, 233472, 233472),
    ('e.signup.visited(pricing).context(country=''de'')', 786433, 786433, 786441, 786441),
    ('e.signup.context(country=''us'')', 1048577, 1048577, 1048585, 1048585)
  ) AS data(ref, t_mask_1, t_val_1, s_mask_1, s_val_1)
)
SELECT *
FROM (
  SELECT
    r.ref AS "ref",
    CAST(COALESCE(sum(CASE WHEN (c.bits_1 & r.t_mask_1) = r.t_val_1 THEN c.units ELSE 0 END), 0) AS BIGINT) AS "trials",
    CAST(COALESCE(sum(CASE WHEN (c.bits_1 & r.s_mask_1) = r.s_val_1 THEN c.units ELSE 0 END), 0) AS BIGINT) AS "successes"
  FROM refs_1 AS r
  LEFT JOIN counts_1 AS c ON 1 = 1
  GROUP BY r.ref
) AS batch
ORDER BY "ref";
