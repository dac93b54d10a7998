-- batch of 4 references in 1 scan(s)
-- e.signup.context(channel='google',device='mobile')
-- e.checkout.context(channel='facebook',country='us')
-- e.from(homepage).to(pricing).context(country='gb',device='desktop')
-- e.signup.visited(pricing).context(country='de')
SELECT *
FROM (
  SELECT "ref", "trials", "successes"
  FROM (
    SELECT
      ['e.signup.context(channel=\'google\',device=\'mobile\')', 'e.checkout.context(channel=\'facebook\',country=\'us\')', 'e.from(homepage).to(pricing).context(country=\'gb\',device=\'desktop\')', 'e.signup.visited(pricing).context(country=\'de\')'] AS refs,
      sumForEach(arrayMap((m1, v1, b1, u) -> if(bitAnd(b1, m1) = v1, u, 0), [7, 112, 1792, 12289], [7, 112, 1792, 12289], arrayResize([bits_1], 4, bits_1), arrayResize([units], 4, units))) AS trial_counts,
      sumForEach(arrayMap((m1, v1, b1, u) -> if(bitAnd(b1, m1) = v1, u, 0), [15, 240, 3840, 12297], [15, 240, 3840, 12297], arrayResize([bits_1], 4, bits_1), arrayResize([units], 4, units))) AS success_counts
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
            + CASE WHEN first_checkout_attempt IS NOT NULL THEN 16 ELSE 0 END
            + CASE WHEN if(notEmpty(arrayFilter(v -> isNotNull(v), arrayMap(p -> tupleElement(p, 2), arrayFilter(p -> tupleElement(p, 1) = assumeNotNull(first_checkout_attempt), entry_channel_2)))), arrayReduce('min', arrayFilter(v -> isNotNull(v), arrayMap(p -> tupleElement(p, 2), arrayFilter(p -> tupleElement(p, 1) = assumeNotNull(first_checkout_attempt), entry_channel_2)))), NULL) = 'facebook' THEN 32 ELSE 0 END
            + CASE WHEN if(notEmpty(arrayFilter(v -> isNotNull(v), arrayMap(p -> tupleElement(p, 2), arrayFilter(p -> tupleElement(p, 1) = assumeNotNull(first_checkout_attempt), entry_country)))), arrayReduce('min', arrayFilter(v -> isNotNull(v), arrayMap(p -> tupleElement(p, 2), arrayFilter(p -> tupleElement(p, 1) = assumeNotNull(first_checkout_attempt), entry_country)))), NULL) = 'us' THEN 64 ELSE 0 END
            + CASE WHEN last_checkout_success >= first_checkout_attempt THEN 128 ELSE 0 END
            + CASE WHEN first_homepage IS NOT NULL THEN 256 ELSE 0 END
            + CASE WHEN if(notEmpty(arrayFilter(v -> isNotNull(v), arrayMap(p -> tupleElement(p, 2), arrayFilter(p -> tupleElement(p, 1) = assumeNotNull(first_homepage), entry_country_2)))), arrayReduce('min', arrayFilter(v -> isNotNull(v), arrayMap(p -> tupleElement(p, 2), arrayFilter(p -> tupleElement(p, 1) = assumeNotNull(first_homepage), entry_country_2)))), NULL) = 'gb' THEN 512 ELSE 0 END
            + CASE WHEN if(notEmpty(arrayFilter(v -> isNotNull(v), arrayMap(p -> tupleElement(p, 2), arrayFilter(p -> tupleElement(p, 1) = assumeNotNull(first_homepage), entry_device_2)))), arrayReduce('min', arrayFilter(v -> isNotNull(v), arrayMap(p -> tupleElement(p, 2), arrayFilter(p -> tupleElement(p, 1) = assumeNotNull(first_homepage), entry_device_2)))), NULL) = 'desktop' THEN 1024 ELSE 0 END
            + CASE WHEN last_pricing >= first_homepage THEN 2048 ELSE 0 END
            + at_pricing * 4096
            + CASE WHEN if(notEmpty(arrayFilter(v -> isNotNull(v), arrayMap(p -> tupleElement(p, 2), arrayFilter(p -> tupleElement(p, 1) = assumeNotNull(first_signup_attempt), entry_country_3)))), arrayReduce('min', arrayFilter(v -> isNotNull(v), arrayMap(p -> tupleElement(p, 2), arrayFilter(p -> tupleElement(p, 1) = assumeNotNull(first_signup_attempt), entry_country_3)))), NULL) = 'de' THEN 8192 ELSE 0 END) AS bits_1
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
  ) ARRAY JOIN refs AS "ref", arrayResize(trial_counts, 4) AS "trials", arrayResize(success_counts, 4) AS "successes"
) AS batch
ORDER BY "ref";
