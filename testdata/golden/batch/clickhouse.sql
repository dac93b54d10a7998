-- batch of 8 references in 4 scan(s)
-- e.signup
-- e.signup.visited(homepage,pricing).context(channel='google')
-- e.checkout.visitedAny(demo,docs).exclude(pricing).context(device='mobile')
-- e.from(homepage).to(pricing).within(1h)
-- e.signup.context(channel)
-- e.signup.context(channel).within(7d)
-- e.signup.by(week)
-- e.signup.context(channel='o''brien').by(day)
SELECT *
FROM (
  SELECT "ref", CAST(NULL AS Nullable(String)) AS "channel", CAST(NULL AS Nullable(Date)) AS "period", "trials", "successes"
  FROM (
    SELECT
      ['e.signup', 'e.signup.visited(homepage,pricing).context(channel=\'google\')', 'e.checkout.visitedAny(demo,docs).exclude(pricing).context(device=\'mobile\')', 'e.from(homepage).to(pricing).within(1h)'] AS refs,
      [sumIf(units, ifNull(has_first_signup_attempt = 1, 0)), sumIf(units, ifNull(has_first_signup_attempt_2 = 1 AND at_homepage = 1 AND at_pricing = 1, 0)), sumIf(units, ifNull(has_first_checkout_attempt = 1 AND (at_demo = 1 OR at_docs = 1) AND at_pricing_2 = 0, 0)), sumIf(units, ifNull(has_first_homepage = 1, 0))] AS trial_counts,
      [sumIf(units, ifNull(has_first_signup_attempt = 1 AND fact_10 = 1, 0)), sumIf(units, ifNull(has_first_signup_attempt_2 = 1 AND at_homepage = 1 AND at_pricing = 1 AND fact_11 = 1, 0)), sumIf(units, ifNull(has_first_checkout_attempt = 1 AND (at_demo = 1 OR at_docs = 1) AND at_pricing_2 = 0 AND fact_12 = 1, 0)), sumIf(units, ifNull(has_first_homepage = 1 AND hit_reached_pricing_within_1h = 1, 0))] AS success_counts
    FROM (
      SELECT
        CASE WHEN first_signup_attempt IS NOT NULL THEN 1 ELSE 0 END AS has_first_signup_attempt,
        CASE WHEN first_signup_attempt_2 IS NOT NULL THEN 1 ELSE 0 END AS has_first_signup_attempt_2,
        CASE WHEN first_checkout_attempt IS NOT NULL THEN 1 ELSE 0 END AS has_first_checkout_attempt,
        CASE WHEN first_homepage IS NOT NULL THEN 1 ELSE 0 END AS has_first_homepage,
        at_homepage,
        at_pricing,
        at_demo,
        at_docs,
        at_pricing_2,
        CASE WHEN last_signup_success >= first_signup_attempt THEN 1 ELSE 0 END AS fact_10,
        CASE WHEN last_signup_success_2 >= first_signup_attempt_2 THEN 1 ELSE 0 END AS fact_11,
        CASE WHEN last_checkout_success >= first_checkout_attempt THEN 1 ELSE 0 END AS fact_12,
        CASE WHEN arrayExists(t -> t >= assumeNotNull(first_homepage) AND t <= addSeconds(assumeNotNull(first_homepage), 3600), reached_pricing_within_1h) THEN 1 ELSE 0 END AS hit_reached_pricing_within_1h,
        count(*) AS units
      FROM (
        SELECT
          min(CASE WHEN "event_type" = 'signup_attempt' THEN "created_at" END) AS first_signup_attempt,
          max(CASE WHEN "event_type" = 'signup_success' THEN "created_at" END) AS last_signup_success,
          min(CASE WHEN "channel" = 'google' AND "event_type" = 'signup_attempt' THEN "created_at" END) AS first_signup_attempt_2,
          max(CASE WHEN "channel" = 'google' AND "node_slug" = 'homepage' THEN 1 ELSE 0 END) AS at_homepage,
          max(CASE WHEN "channel" = 'google' AND "node_slug" = 'pricing' THEN 1 ELSE 0 END) AS at_pricing,
          max(CASE WHEN "channel" = 'google' AND "event_type" = 'signup_success' THEN "created_at" END) AS last_signup_success_2,
          min(CASE WHEN "device" = 'mobile' AND "event_type" = 'checkout_attempt' THEN "created_at" END) AS first_checkout_attempt,
          max(CASE WHEN "device" = 'mobile' AND "node_slug" = 'demo' THEN 1 ELSE 0 END) AS at_demo,
          max(CASE WHEN "device" = 'mobile' AND "node_slug" = 'docs' THEN 1 ELSE 0 END) AS at_docs,
          max(CASE WHEN "device" = 'mobile' AND "node_slug" = 'pricing' THEN 1 ELSE 0 END) AS at_pricing_2,
          max(CASE WHEN "device" = 'mobile' AND "event_type" = 'checkout_success' THEN "created_at" END) AS last_checkout_success,
          min(CASE WHEN "node_slug" = 'homepage' THEN "created_at" END) AS first_homepage,
          groupArrayIf("created_at", "node_slug" = 'pricing') AS reached_pricing_within_1h
        FROM "events"
        WHERE "created_at" >= ?
          AND "created_at" < ?
          AND ("event_type" IN ('signup_attempt', 'signup_success', 'checkout_attempt', 'checkout_success') OR "node_slug" IN ('homepage', 'pricing', 'demo', 'docs'))
        GROUP BY "user_id", "session_id"
      ) AS units
      GROUP BY CASE WHEN first_signup_attempt IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN first_signup_attempt_2 IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN first_checkout_attempt IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN first_homepage IS NOT NULL THEN 1 ELSE 0 END, at_homepage, at_pricing, at_demo, at_docs, at_pricing_2, CASE WHEN last_signup_success >= first_signup_attempt THEN 1 ELSE 0 END, CASE WHEN last_signup_success_2 >= first_signup_attempt_2 THEN 1 ELSE 0 END, CASE WHEN last_checkout_success >= first_checkout_attempt THEN 1 ELSE 0 END, CASE WHEN arrayExists(t -> t >= assumeNotNull(first_homepage) AND t <= addSeconds(assumeNotNull(first_homepage), 3600), reached_pricing_within_1h) THEN 1 ELSE 0 END
    ) AS signatures
  ) ARRAY JOIN refs AS "ref", trial_counts AS "trials", success_counts AS "successes"
  UNION ALL
  SELECT "ref", "channel", CAST(NULL AS Nullable(Date)) AS "period", "trials", "successes"
  FROM (
    SELECT
      "channel",
      ['e.signup.context(channel)', 'e.signup.context(channel).within(7d)'] AS refs,
      [sumIf(units, ifNull(has_first_signup_attempt = 1, 0)), sumIf(units, ifNull(has_first_signup_attempt = 1, 0))] AS trial_counts,
      [sumIf(units, ifNull(has_first_signup_attempt = 1 AND fact_2 = 1, 0)), sumIf(units, ifNull(has_first_signup_attempt = 1 AND hit_reached_signup_success_within_7d = 1, 0))] AS success_counts
    FROM (
      SELECT
        "channel",
        CASE WHEN first_signup_attempt IS NOT NULL THEN 1 ELSE 0 END AS has_first_signup_attempt,
        CASE WHEN last_signup_success >= first_signup_attempt THEN 1 ELSE 0 END AS fact_2,
        CASE WHEN arrayExists(t -> t >= assumeNotNull(first_signup_attempt) AND t <= addSeconds(assumeNotNull(first_signup_attempt), 604800), reached_signup_success_within_7d) THEN 1 ELSE 0 END AS hit_reached_signup_success_within_7d,
        count(*) AS units
      FROM (
        SELECT
          "channel",
          min(CASE WHEN "event_type" = 'signup_attempt' THEN "created_at" END) AS first_signup_attempt,
          max(CASE WHEN "event_type" = 'signup_success' THEN "created_at" END) AS last_signup_success,
          groupArrayIf("created_at", "event_type" = 'signup_success') AS reached_signup_success_within_7d
        FROM "events"
        WHERE "created_at" >= ?
          AND "created_at" < ?
          AND "channel" IS NOT NULL
        GROUP BY "user_id", "session_id", "channel"
      ) AS units
      GROUP BY "channel", CASE WHEN first_signup_attempt IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN last_signup_success >= first_signup_attempt THEN 1 ELSE 0 END, CASE WHEN arrayExists(t -> t >= assumeNotNull(first_signup_attempt) AND t <= addSeconds(assumeNotNull(first_signup_attempt), 604800), reached_signup_success_within_7d) THEN 1 ELSE 0 END
    ) AS signatures
    GROUP BY "channel"
  ) ARRAY JOIN refs AS "ref", trial_counts AS "trials", success_counts AS "successes"
  UNION ALL
  SELECT "ref", CAST(NULL AS Nullable(String)) AS "channel", "period", "trials", "successes"
  FROM (
    SELECT
      "period",
      ['e.signup.by(week)'] AS refs,
      [sumIf(units, ifNull(has_first_signup_attempt = 1, 0))] AS trial_counts,
      [sumIf(units, ifNull(has_first_signup_attempt = 1 AND fact_2 = 1, 0))] AS success_counts
    FROM (
      SELECT
        toMonday(first_signup_attempt) AS "period",
        CASE WHEN first_signup_attempt IS NOT NULL THEN 1 ELSE 0 END AS has_first_signup_attempt,
        CASE WHEN last_signup_success >= first_signup_attempt THEN 1 ELSE 0 END AS fact_2,
        count(*) AS units
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
      GROUP BY toMonday(first_signup_attempt), CASE WHEN first_signup_attempt IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN last_signup_success >= first_signup_attempt THEN 1 ELSE 0 END
    ) AS signatures
    GROUP BY "period"
  ) ARRAY JOIN refs AS "ref", trial_counts AS "trials", success_counts AS "successes"
  UNION ALL
  SELECT "ref", CAST(NULL AS Nullable(String)) AS "channel", "period", "trials", "successes"
  FROM (
    SELECT
      "period",
      ['e.signup.context(channel=\'o\'\'brien\').by(day)'] AS refs,
      [sumIf(units, ifNull(has_first_signup_attempt = 1, 0))] AS trial_counts,
      [sumIf(units, ifNull(has_first_signup_attempt = 1 AND fact_2 = 1, 0))] AS success_counts
    FROM (
      SELECT
        toDate(first_signup_attempt) AS "period",
        CASE WHEN first_signup_attempt IS NOT NULL THEN 1 ELSE 0 END AS has_first_signup_attempt,
        CASE WHEN last_signup_success >= first_signup_attempt THEN 1 ELSE 0 END AS fact_2,
        count(*) AS units
      FROM (
        SELECT
          min(CASE WHEN "event_type" = 'signup_attempt' THEN "created_at" END) AS first_signup_attempt,
          max(CASE WHEN "event_type" = 'signup_success' THEN "created_at" END) AS last_signup_success
        FROM "events"
        WHERE "created_at" >= ?
          AND "created_at" < ?
          AND "channel" = 'o\'brien'
          AND "event_type" IN ('signup_attempt', 'signup_success')
        GROUP BY "user_id", "session_id"
      ) AS units
      WHERE first_signup_attempt IS NOT NULL
      GROUP BY toDate(first_signup_attempt), CASE WHEN first_signup_attempt IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN last_signup_success >= first_signup_attempt THEN 1 ELSE 0 END
    ) AS signatures
    GROUP BY "period"
  ) ARRAY JOIN refs AS "ref", trial_counts AS "trials", success_counts AS "successes"
) AS batch
ORDER BY "ref", "channel", "period";
