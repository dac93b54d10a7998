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
    sum(units) AS units
  FROM (
    SELECT
      (partial_1
        + CASE WHEN entry_channel = 3 THEN 2 ELSE 0 END
        + CASE WHEN entry_device = 3 THEN 4 ELSE 0 END
        + CASE WHEN entry_channel = 1 THEN 16 ELSE 0 END
        + CASE WHEN entry_device = 1 THEN 32 ELSE 0 END
        + CASE WHEN entry_channel_2 = 1 THEN 128 ELSE 0 END
        + CASE WHEN entry_country = 5 THEN 256 ELSE 0 END
        + CASE WHEN entry_channel_2 = 3 THEN 1024 ELSE 0 END
        + CASE WHEN entry_country = 3 THEN 2048 ELSE 0 END
        + CASE WHEN entry_country_2 = 3 THEN 8192 ELSE 0 END
        + CASE WHEN entry_device_2 = 1 THEN 16384 ELSE 0 END
        + CASE WHEN entry_country_2 = 5 THEN 65536 ELSE 0 END
        + CASE WHEN entry_device_2 = 3 THEN 131072 ELSE 0 END
        + CASE WHEN entry_country_3 = 1 THEN 524288 ELSE 0 END
        + CASE WHEN entry_country_3 = 5 THEN 1048576 ELSE 0 END) AS bits_1,
      units
    FROM (
      -- per unit: the first time at each anchor and the codes of its context values, ORed;
      -- its times in ticks of the window (it is mixed where two compared times share a tick), and
      -- the unit's keys only where it is mixed, for the other units' aggregation
      WITH unit_contexts AS MATERIALIZED (
        SELECT
          CASE WHEN mixed THEN unit_key_1 END AS mixed_key_1,
          CASE WHEN mixed THEN unit_key_2 END AS mixed_key_2,
          mixed,
          first_signup_attempt,
          last_signup_success,
          first_checkout_attempt,
          last_checkout_success,
          first_homepage,
          last_pricing,
          at_pricing,
          context_codes
        FROM (
          SELECT
            *,
            bit_count(context_codes) <> 3
              OR coalesce(last_signup_success = first_signup_attempt, false)
              OR coalesce(last_checkout_success = first_checkout_attempt, false)
              OR coalesce(last_pricing = first_homepage, false) AS mixed
          FROM (
            SELECT
              "user_id" AS unit_key_1,
              "session_id" AS unit_key_2,
              min(CASE WHEN "event_type" = 'signup_attempt' THEN CAST((epoch_us("created_at") - (epoch_us(CAST(? AS TIMESTAMP)) - 86400000000)) // ((epoch_us(CAST(? AS TIMESTAMP)) - epoch_us(CAST(? AS TIMESTAMP)) + 172800000000) // 4294967296 + 1) AS UINTEGER) END) AS first_signup_attempt,
              max(CASE WHEN "event_type" = 'signup_success' THEN CAST((epoch_us("created_at") - (epoch_us(CAST(? AS TIMESTAMP)) - 86400000000)) // ((epoch_us(CAST(? AS TIMESTAMP)) - epoch_us(CAST(? AS TIMESTAMP)) + 172800000000) // 4294967296 + 1) AS UINTEGER) END) AS last_signup_success,
              min(CASE WHEN "event_type" = 'checkout_attempt' THEN CAST((epoch_us("created_at") - (epoch_us(CAST(? AS TIMESTAMP)) - 86400000000)) // ((epoch_us(CAST(? AS TIMESTAMP)) - epoch_us(CAST(? AS TIMESTAMP)) + 172800000000) // 4294967296 + 1) AS UINTEGER) END) AS first_checkout_attempt,
              max(CASE WHEN "event_type" = 'checkout_success' THEN CAST((epoch_us("created_at") - (epoch_us(CAST(? AS TIMESTAMP)) - 86400000000)) // ((epoch_us(CAST(? AS TIMESTAMP)) - epoch_us(CAST(? AS TIMESTAMP)) + 172800000000) // 4294967296 + 1) AS UINTEGER) END) AS last_checkout_success,
              min(CASE WHEN "node_slug" = 'homepage' THEN CAST((epoch_us("created_at") - (epoch_us(CAST(? AS TIMESTAMP)) - 86400000000)) // ((epoch_us(CAST(? AS TIMESTAMP)) - epoch_us(CAST(? AS TIMESTAMP)) + 172800000000) // 4294967296 + 1) AS UINTEGER) END) AS first_homepage,
              max(CASE WHEN "node_slug" = 'pricing' THEN CAST((epoch_us("created_at") - (epoch_us(CAST(? AS TIMESTAMP)) - 86400000000)) // ((epoch_us(CAST(? AS TIMESTAMP)) - epoch_us(CAST(? AS TIMESTAMP)) + 172800000000) // 4294967296 + 1) AS UINTEGER) END) AS last_pricing,
              max(CASE WHEN "node_slug" = 'pricing' THEN 1 ELSE 0 END) AS at_pricing,
              bit_or(CASE "channel" WHEN 'facebook' THEN 2 WHEN 'google' THEN 4 ELSE 1 END + CASE "country" WHEN 'de' THEN 16 WHEN 'gb' THEN 32 WHEN 'us' THEN 64 ELSE 8 END + CASE "device" WHEN 'desktop' THEN 256 WHEN 'mobile' THEN 512 ELSE 128 END) AS context_codes
            FROM "events"
            WHERE "created_at" >= ?
              AND "created_at" < ?
              AND (CASE WHEN "event_type" IN ('signup_attempt', 'signup_success', 'checkout_attempt', 'checkout_success') THEN true ELSE "node_slug" IN ('homepage', 'pricing') END)
            GROUP BY "user_id", "session_id"
          ) AS per_unit
        ) AS classified
      )
      -- units whose events share their context values: each anchor's value is theirs
      SELECT
        partial_1,
        CASE WHEN anchors_present & 1 <> 0 THEN CASE (context_codes >> 0) & 7 WHEN 2 THEN 1 WHEN 4 THEN 3 ELSE -1 END END AS entry_channel,
        CASE WHEN anchors_present & 1 <> 0 THEN CASE (context_codes >> 7) & 7 WHEN 2 THEN 1 WHEN 4 THEN 3 ELSE -1 END END AS entry_device,
        CASE WHEN anchors_present & 2 <> 0 THEN CASE (context_codes >> 0) & 7 WHEN 2 THEN 1 WHEN 4 THEN 3 ELSE -1 END END AS entry_channel_2,
        CASE WHEN anchors_present & 2 <> 0 THEN CASE (context_codes >> 3) & 15 WHEN 2 THEN 1 WHEN 4 THEN 3 WHEN 8 THEN 5 ELSE -1 END END AS entry_country,
        CASE WHEN anchors_present & 4 <> 0 THEN CASE (context_codes >> 3) & 15 WHEN 2 THEN 1 WHEN 4 THEN 3 WHEN 8 THEN 5 ELSE -1 END END AS entry_country_2,
        CASE WHEN anchors_present & 4 <> 0 THEN CASE (context_codes >> 7) & 7 WHEN 2 THEN 1 WHEN 4 THEN 3 ELSE -1 END END AS entry_device_2,
        CASE WHEN anchors_present & 1 <> 0 THEN CASE (context_codes >> 3) & 15 WHEN 2 THEN 1 WHEN 4 THEN 3 WHEN 8 THEN 5 ELSE -1 END END AS entry_country_3,
        units
      FROM (
        SELECT
          partial_1,
          anchors_present,
          context_codes,
          count(*) AS units
        FROM (
          SELECT
            (CASE WHEN first_signup_attempt IS NOT NULL THEN 1 ELSE 0 END
              + CASE WHEN last_signup_success >= first_signup_attempt THEN 8 ELSE 0 END
              + CASE WHEN first_checkout_attempt IS NOT NULL THEN 64 ELSE 0 END
              + CASE WHEN last_checkout_success >= first_checkout_attempt THEN 512 ELSE 0 END
              + CASE WHEN first_homepage IS NOT NULL THEN 4096 ELSE 0 END
              + CASE WHEN last_pricing >= first_homepage THEN 32768 ELSE 0 END
              + at_pricing * 262144) AS partial_1,
            (CASE WHEN first_signup_attempt IS NOT NULL THEN 1 ELSE 0 END + CASE WHEN first_checkout_attempt IS NOT NULL THEN 2 ELSE 0 END + CASE WHEN first_homepage IS NOT NULL THEN 4 ELSE 0 END) AS anchors_present,
            context_codes
          FROM (
            SELECT *
            FROM unit_contexts
            WHERE NOT mixed
          ) AS units
        ) AS unit_facts
        GROUP BY partial_1, anchors_present, context_codes
      ) AS shared_contexts
      UNION ALL
      SELECT
        partial_1,
        entry_channel,
        entry_device,
        entry_channel_2,
        entry_country,
        entry_country_2,
        entry_device_2,
        entry_country_3,
        count(*) AS units
      FROM (
        SELECT
          (CASE WHEN first_signup_attempt IS NOT NULL THEN 1 ELSE 0 END
            + CASE WHEN epoch_us(last_signup_success) >= first_signup_attempt THEN 8 ELSE 0 END
            + CASE WHEN first_checkout_attempt IS NOT NULL THEN 64 ELSE 0 END
            + CASE WHEN epoch_us(last_checkout_success) >= first_checkout_attempt THEN 512 ELSE 0 END
            + CASE WHEN first_homepage IS NOT NULL THEN 4096 ELSE 0 END
            + CASE WHEN epoch_us(last_pricing) >= first_homepage THEN 32768 ELSE 0 END
            + at_pricing * 262144) AS partial_1,
          entry_channel,
          entry_device,
          entry_channel_2,
          entry_country,
          entry_country_2,
          entry_device_2,
          entry_country_3
        FROM (
          -- the other units, from their own events
          SELECT
            (min(epoch_us("created_at") * 8 + CASE WHEN "channel" = 'facebook' THEN 1 WHEN "channel" = 'google' THEN 3 WHEN "channel" IS NULL THEN 5 WHEN "channel" < 'facebook' THEN 0 WHEN "channel" < 'google' THEN 2 ELSE 4 END) FILTER (WHERE "event_type" = 'signup_attempt') >> 3) AS first_signup_attempt,
            max(CASE WHEN "event_type" = 'signup_success' THEN "created_at" END) AS last_signup_success,
            NULLIF((min(epoch_us("created_at") * 8 + CASE WHEN "channel" = 'facebook' THEN 1 WHEN "channel" = 'google' THEN 3 WHEN "channel" IS NULL THEN 5 WHEN "channel" < 'facebook' THEN 0 WHEN "channel" < 'google' THEN 2 ELSE 4 END) FILTER (WHERE "event_type" = 'signup_attempt') & 7), 5) AS entry_channel,
            NULLIF((min(epoch_us("created_at") * 8 + CASE WHEN "device" = 'desktop' THEN 1 WHEN "device" = 'mobile' THEN 3 WHEN "device" IS NULL THEN 5 WHEN "device" < 'desktop' THEN 0 WHEN "device" < 'mobile' THEN 2 ELSE 4 END) FILTER (WHERE "event_type" = 'signup_attempt') & 7), 5) AS entry_device,
            (min(epoch_us("created_at") * 8 + CASE WHEN "channel" = 'facebook' THEN 1 WHEN "channel" = 'google' THEN 3 WHEN "channel" IS NULL THEN 5 WHEN "channel" < 'facebook' THEN 0 WHEN "channel" < 'google' THEN 2 ELSE 4 END) FILTER (WHERE "event_type" = 'checkout_attempt') >> 3) AS first_checkout_attempt,
            max(CASE WHEN "event_type" = 'checkout_success' THEN "created_at" END) AS last_checkout_success,
            NULLIF((min(epoch_us("created_at") * 8 + CASE WHEN "channel" = 'facebook' THEN 1 WHEN "channel" = 'google' THEN 3 WHEN "channel" IS NULL THEN 5 WHEN "channel" < 'facebook' THEN 0 WHEN "channel" < 'google' THEN 2 ELSE 4 END) FILTER (WHERE "event_type" = 'checkout_attempt') & 7), 5) AS entry_channel_2,
            NULLIF((min(epoch_us("created_at") * 8 + CASE WHEN "country" = 'de' THEN 1 WHEN "country" = 'gb' THEN 3 WHEN "country" = 'us' THEN 5 WHEN "country" IS NULL THEN 7 WHEN "country" < 'de' THEN 0 WHEN "country" < 'gb' THEN 2 WHEN "country" < 'us' THEN 4 ELSE 6 END) FILTER (WHERE "event_type" = 'checkout_attempt') & 7), 7) AS entry_country,
            (min(epoch_us("created_at") * 8 + CASE WHEN "country" = 'de' THEN 1 WHEN "country" = 'gb' THEN 3 WHEN "country" = 'us' THEN 5 WHEN "country" IS NULL THEN 7 WHEN "country" < 'de' THEN 0 WHEN "country" < 'gb' THEN 2 WHEN "country" < 'us' THEN 4 ELSE 6 END) FILTER (WHERE "node_slug" = 'homepage') >> 3) AS first_homepage,
            max(CASE WHEN "node_slug" = 'pricing' THEN "created_at" END) AS last_pricing,
            NULLIF((min(epoch_us("created_at") * 8 + CASE WHEN "country" = 'de' THEN 1 WHEN "country" = 'gb' THEN 3 WHEN "country" = 'us' THEN 5 WHEN "country" IS NULL THEN 7 WHEN "country" < 'de' THEN 0 WHEN "country" < 'gb' THEN 2 WHEN "country" < 'us' THEN 4 ELSE 6 END) FILTER (WHERE "node_slug" = 'homepage') & 7), 7) AS entry_country_2,
            NULLIF((min(epoch_us("created_at") * 8 + CASE WHEN "device" = 'desktop' THEN 1 WHEN "device" = 'mobile' THEN 3 WHEN "device" IS NULL THEN 5 WHEN "device" < 'desktop' THEN 0 WHEN "device" < 'mobile' THEN 2 ELSE 4 END) FILTER (WHERE "node_slug" = 'homepage') & 7), 5) AS entry_device_2,
            max(CASE WHEN "node_slug" = 'pricing' THEN 1 ELSE 0 END) AS at_pricing,
            NULLIF((min(epoch_us("created_at") * 8 + CASE WHEN "country" = 'de' THEN 1 WHEN "country" = 'gb' THEN 3 WHEN "country" = 'us' THEN 5 WHEN "country" IS NULL THEN 7 WHEN "country" < 'de' THEN 0 WHEN "country" < 'gb' THEN 2 WHEN "country" < 'us' THEN 4 ELSE 6 END) FILTER (WHERE "event_type" = 'signup_attempt') & 7), 7) AS entry_country_3
          FROM "events"
          SEMI JOIN (SELECT mixed_key_1, mixed_key_2 FROM unit_contexts WHERE mixed) AS mixed ON "user_id" IS NOT DISTINCT FROM mixed.mixed_key_1 AND "session_id" IS NOT DISTINCT FROM mixed.mixed_key_2
          WHERE "created_at" >= ?
            AND "created_at" < ?
            AND (CASE WHEN "event_type" IN ('signup_attempt', 'signup_success', 'checkout_attempt', 'checkout_success') THEN true ELSE "node_slug" IN ('homepage', 'pricing') END)
          GROUP BY "user_id", "session_id"
        ) AS units
      ) AS unit_facts
      GROUP BY partial_1, entry_channel, entry_device, entry_channel_2, entry_country, entry_country_2, entry_device_2, entry_country_3
    ) AS grouped
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
    CAST(COALESCE(sum(c.units), 0) AS BIGINT) AS "trials",
    CAST(COALESCE(sum(CASE WHEN (c.bits_1 & r.s_mask_1) = r.s_val_1 THEN c.units ELSE 0 END), 0) AS BIGINT) AS "successes"
  FROM refs_1 AS r
  LEFT JOIN counts_1 AS c ON (c.bits_1 & r.t_mask_1) = r.t_val_1
  GROUP BY r.ref
) AS batch
ORDER BY "ref";
