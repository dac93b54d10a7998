-- batch of 8 references in 1 scan(s)
-- e.signup.context(channel='google',device='mobile')
-- e.signup.context(channel='facebook',device='desktop')
-- e.checkout.context(channel='facebook',country='us')
-- e.checkout.context(channel='google',country='gb')
-- e.from(homepage).to(pricing).context(country='gb',device='desktop')
-- e.from(homepage).to(pricing).context(country='us',device='mobile')
-- e.signup.visited(pricing).context(country='de')
-- e.signup.context(country='us')
SELECT *
FROM (
  SELECT "ref", "trials", "successes"
  FROM (
    SELECT
      ['e.signup.context(channel=\'google\',device=\'mobile\')', 'e.signup.context(channel=\'facebook\',device=\'desktop\')', 'e.checkout.context(channel=\'facebook\',country=\'us\')', 'e.checkout.context(channel=\'google\',country=\'gb\')', 'e.from(homepage).to(pricing).context(country=\'gb\',device=\'desktop\')', 'e.from(homepage).to(pricing).context(country=\'us\',device=\'mobile\')', 'e.signup.visited(pricing).context(country=\'de\')', 'e.signup.context(country=\'us\')'] AS refs,
      sumForEach(arrayMap((m1, v1, b1, u) -> if(bitAnd(b1, m1) = v1, u, 0), [7, 49, 448, 3136, 28672, 200704, 786433, 1048577], [7, 49, 448, 3136, 28672, 200704, 786433, 1048577], arrayResize([bits_1], 8, bits_1), arrayResize([units], 8, units))) AS trial_counts,
      sumForEach(arrayMap((m1, v1, b1, u) -> if(bitAnd(b1, m1) = v1, u, 0), [15, 57, 960, 3648, 61440, 233472, 786441, 1048585], [15, 57, 960, 3648, 61440, 233472, 786441, 1048585], arrayResize([bits_1], 8, bits_1), arrayResize([units], 8, units))) AS success_counts
    FROM (
      SELECT
        bits_1,
        count(*) AS units
      FROM (
        SELECT
          (CASE WHEN first_signup_attempt IS NOT NULL THEN 1 ELSE 0 END
            + CASE WHEN if(notEmpty(arrayFilter(v -> isNotNull(v), arrayMap(p -> tupleElement(p, 2), arrayFilter(p -> tupleElement(p, 1) = assumeNotNull(first_signup_attempt), entry_channel)))), arrayReduce('min', arrayFilter(v -> isNotNull(v), arrayMap(p -> tupleElement(p, 2), arrayFilter(p -> tupleElement(p, 1) = assumeNotNull(first_signup_attempt), entry_channel)))), NULL) = 'google' THEN 2 ELSE 0 END
            + CASE WHEN if(notEmpty(arrayFilter(v -> isNotNull(v), arrayMap(p -> tupleElement(p, 2), arrayFilter(p -> tupleElement(p, 1) = assumeNotNull(first_signup_attempt), entry_device)))), arrayReduce('min', arrayFilter(v -> isNotNull(v), arrayMap(p -> tupleElement(p, 2), arrayFilter(p -> tupleElement(p, 1) = assumeNotNull(first_signup_attempt), entry_device)))), NULL) = 'mobile' THEN 4 ELSE 0 END
            + CASE WHEN last_signup_success >= first_signup_attempt THEN 8 ELSE 0 END
            + CASE WHEN if(notEmpty(arrayFilter(v -> isNotNull(v), arrayMap(p -> tupleElement(p, 2), arrayFilter(p -> tupleElement(p, 1) = assumeNotNull(first_signup_attempt), entry_channel)))), arrayReduce('min', arrayFilter(v -> isNotNull(v), arrayMap(p -> tupleElement(p, 2), arrayFilter(p -> tupleElement(p, 1) = assumeNotNull(first_signup_attempt), entry_channel)))), NULL) = 'facebook' THEN 16 ELSE 0 END
            + CASE WHEN if(notEmpty(arrayFilter(v -> isNotNull(v), arrayMap(p -> tupleElement(p, 2), arrayFilter(p -> tupleElement(p, 1) = assumeNotNull(first_signup_attempt), entry_device)))), arrayReduce('min', arrayFilter(v -> isNotNull(v), arrayMap(p -> tupleElement(p, 2), arrayFilter(p -> tupleElement(p, 1) = assumeNotNull(first_signup_attempt), entry_device)))), NULL) = 'desktop' THEN 32 ELSE 0 END
            + CASE WHEN first_checkout_attempt IS NOT NULL THEN 64 ELSE 0 END
            + CASE WHEN if(notEmpty(arrayFilter(v -> isNotNull(v), arrayMap(p -> tupleElement(p, 2), arrayFilter(p -> tupleElement(p, 1) = assumeNotNull(first_checkout_attempt), entry_channel_2)))), arrayReduce('min', arrayFilter(v -> isNotNull(v), arrayMap(p -> tupleElement(p, 2), arrayFilter(p -> tupleElement(p, 1) = assumeNotNull(first_checkout_attempt), entry_channel_2)))), NULL) = 'facebook' THEN 128 ELSE 0 END
            + CASE WHEN if(notEmpty(arrayFilter(v -> isNotNull(v), arrayMap(p -> tupleElement(p, 2), arrayFilter(p -> tupleElement(p, 1) = assumeNotNull(first_checkout_attempt), entry_country)))), arrayReduce('min', arrayFilter(v -> isNotNull(v), arrayMap(p -> tupleElement(p, 2), arrayFilter(p -> tupleElement(p, 1) = assumeNotNull(first_checkout_attempt), entry_country)))), NULL) = 'us' THEN 256 ELSE 0 END
            + CASE WHEN last_checkout_success >= first_checkout_attempt THEN 512 ELSE 0 END
            + CASE WHEN if(notEmpty(arrayFilter(v -> isNotNull(v), arrayMap(p -> tupleElement(p, 2), arrayFilter(p -> tupleElement(p, 1) = assumeNotNull(first_checkout_attempt), entry_channel_2)))), arrayReduce('min', arrayFilter(v -> isNotNull(v), arrayMap(p -> tupleElement(p, 2), arrayFilter(p -> tupleElement(p, 1) = assumeNotNull(first_checkout_attempt), entry_channel_2)))), NULL) = 'google' THEN 1024 ELSE 0 END
            + CASE WHEN if(notEmpty(arrayFilter(v -> isNotNull(v), arrayMap(p -> tupleElement(p, 2), arrayFilter(p -> tupleElement(p, 1) = assumeNotNull(first_checkout_attempt), entry_country)))), arrayReduce('min', arrayFilter(v -> isNotNull(v), arrayMap(p -> tupleElement(p, 2), arrayFilter(p -> tupleElement(p, 1) = assumeNotNull(first_checkout_attempt), entry_country)))), NULL) = 'gb' THEN 2048 ELSE 0 END
            + CASE WHEN first_homepage IS NOT NULL THEN 4096 ELSE 0 END
            + CASE WHEN if(notEmpty(arrayFilter(v -> isNotNull(v), arrayMap(p -> tupleElement(p, 2), arrayFilter(p -> tupleElement(p, 1) = assumeNotNull(first_homepage), entry_country_2)))), arrayReduce('min', arrayFilter(v -> isNotNull(v), arrayMap(p -> tupleElement(p, 2), arrayFilter(p -> tupleElement(p, 1) = assumeNotNull(first_homepage), entry_country_2)))), NULL) = 'gb' THEN 8192 ELSE 0 END
            + CASE WHEN if(notEmpty(arrayFilter(v -> isNotNull(v), arrayMap(p -> tupleElement(p, 2), arrayFilter(p -> tupleElement(p, 1) = assumeNotNull(first_homepage), entry_device_2)))), arrayReduce('min', arrayFilter(v -> isNotNull(v), arrayMap(p -> tupleElement(p, 2), arrayFilter(p -> tupleElement(p, 1) = assumeNotNull(first_homepage), entry_device_2)))), NULL) = 'desktop' THEN 16384 ELSE 0 END
            + CASE WHEN last_pricing >= first_homepage THEN 32768 ELSE 0 END
            + CASE WHEN if(notEmpty(arrayFilter(v -> isNotNull(v), arrayMap(p -> tupleElement(p, 2), arrayFilter(p -> tupleElement(p, 1) = assumeNotNull(first_homepage), entry_country_2)))), arrayReduce('min', arrayFilter(v -> isNotNull(v), arrayMap(p -> tupleElement(p, 2), arrayFilter(p -> tupleElement(p, 1) = assumeNotNull(first_homepage), entry_country_2)))), NULL) = 'us' THEN 65536 ELSE 0 END
            + CASE WHEN if(notEmpty(arrayFilter(v -> isNotNull(v), arrayMap(p -> tupleElement(p, 2), arrayFilter(p -> tupleElement(p, 1) = assumeNotNull(first_homepage), entry_device_2)))), arrayReduce('min', arrayFilter(v -> isNotNull(v), arrayMap(p -> tupleElement(p, 2), arrayFilter(p -> tupleElement(p, 1) = assumeNotNull(first_homepage), entry_device_2)))), NULL) = 'mobile' THEN 131072 ELSE 0 END
            + at_pricing * 262144
            + CASE WHEN if(notEmpty(arrayFilter(v -> isNotNull(v), arrayMap(p -> tupleElement(p, 2), arrayFilter(p -> tupleElement(p, 1) = assumeNotNull(first_signup_attempt), entry_country_3)))), arrayReduce('min', arrayFilter(v -> isNotNull(v), arrayMap(p -> tupleElement(p, 2), arrayFilter(p -> tupleElement(p, 1) = assumeNotNull(first_signup_attempt), entry_country_3)))), NULL) = 'de' THEN 524288 ELSE 0 END
            + CASE WHEN if(notEmpty(arrayFilter(v -> isNotNull(v), arrayMap(p -> tupleElement(p, 2), arrayFilter(p -> tupleElement(p, 1) = assumeNotNull(first_signup_attempt), entry_country_3)))), arrayReduce('min', arrayFilter(v -> isNotNull(v), arrayMap(p -> tupleElement(p, 2), arrayFilter(p -> tupleElement(p, 1) = assumeNotNull(first_signup_attempt), entry_country_3)))), NULL) = 'us' THEN 1048576 ELSE 0 END) AS bits_1
        FROM (
          SELECT
            min(CASE WHEN "event_type" = 'signup_attempt' THEN "created_at" END) AS first_signup_attempt,
            max(CASE WHEN "event_type" = 'signup_success' THEN "created_at" END) AS last_signup_success,
            groupArrayIf(tuple("created_at", "channel"), "event_type" = 'signup_attempt') AS entry_channel,
            groupArrayIf(tuple("created_at", "device"), "event_type" = 'signup_attempt') AS entry_device,
            min(CASE WHEN "event_type" = 'checkout_attempt' THEN "created_at" END) AS first_checkout_attempt,
            max(CASE WHEN "event_type" = 'checkout_success' THEN "created_at" END) AS last_checkout_success,
            groupArrayIf(tuple("created_at", "channel"), "event_type" = 'checkout_attempt') AS entry_channel_2,
            groupArrayIf(tuple("created_at", "country"), "event_type" = 'checkout_attempt') AS entry_country,
            min(CASE WHEN "node_slug" = 'homepage' THEN "created_at" END) AS first_homepage,
            max(CASE WHEN "node_slug" = 'pricing' THEN "created_at" END) AS last_pricing,
            groupArrayIf(tuple("created_at", "country"), "node_slug" = 'homepage') AS entry_country_2,
            groupArrayIf(tuple("created_at", "device"), "node_slug" = 'homepage') AS entry_device_2,
            max(CASE WHEN "node_slug" = 'pricing' THEN 1 ELSE 0 END) AS at_pricing,
            groupArrayIf(tuple("created_at", "country"), "event_type" = 'signup_attempt') AS entry_country_3
          FROM "events"
          WHERE "created_at" >= ?
            AND "created_at" < ?
            AND ("event_type" IN ('signup_attempt', 'signup_success', 'checkout_attempt', 'checkout_success') OR "node_slug" IN ('homepage', 'pricing'))
          GROUP BY "user_id", "session_id"
        ) AS units
      ) AS facts
      GROUP BY bits_1
    ) AS signatures
  ) ARRAY JOIN refs AS "ref", arrayResize(trial_counts, 8, 0) AS "trials", arrayResize(success_counts, 8, 0) AS "successes"
) AS batch
ORDER BY "ref";
