-- batch of 4 references in 1 scan(s)
-- e.signup.visited(homepage,pricing)
-- e.checkout.visited(demo,docs)
-- e.from(homepage).to(pricing).visitedAny(product-page-1,product-page-2)
-- e.signup.exclude(blog)
SELECT *
FROM (
  SELECT "ref", "trials", "successes"
  FROM (
    SELECT
      ['e.signup.visited(homepage,pricing)', 'e.checkout.visited(demo,docs)', 'e.from(homepage).to(pricing).visitedAny(product-page-1,product-page-2)', 'e.signup.exclude(blog)'] AS refs,
      sumForEach(arrayMap((m1, v1, b1, u) -> if(bitAnd(b1, m1) = v1, u, 0), [7, 112, 768, 2049], [7, 112, 768, 1], arrayResize([bits_1], 4, bits_1), arrayResize([units], 4, units))) AS trial_counts,
      sumForEach(arrayMap((m1, v1, b1, u) -> if(bitAnd(b1, m1) = v1, u, 0), [15, 240, 1792, 2057], [15, 240, 1792, 9], arrayResize([bits_1], 4, bits_1), arrayResize([units], 4, units))) AS success_counts
    FROM (
      SELECT
        bits_1,
        count(*) AS units
      FROM (
        SELECT
          (CASE WHEN first_signup_attempt IS NOT NULL THEN 1 ELSE 0 END
            + at_homepage * 2
            + at_pricing * 4
            + CASE WHEN last_signup_success >= first_signup_attempt THEN 8 ELSE 0 END
            + CASE WHEN first_checkout_attempt IS NOT NULL THEN 16 ELSE 0 END
            + at_demo * 32
            + at_docs * 64
            + CASE WHEN last_checkout_success >= first_checkout_attempt THEN 128 ELSE 0 END
            + CASE WHEN first_homepage IS NOT NULL THEN 256 ELSE 0 END
            + CASE WHEN (at_product_page_1 = 1 OR at_product_page_2 = 1) THEN 512 ELSE 0 END
            + CASE WHEN last_pricing >= first_homepage THEN 1024 ELSE 0 END
            + at_blog * 2048) AS bits_1
        FROM (
          SELECT
            min(CASE WHEN "event_type" = 'signup_attempt' THEN "created_at" END) AS first_signup_attempt,
            max(CASE WHEN "node_slug" = 'homepage' THEN 1 ELSE 0 END) AS at_homepage,
            max(CASE WHEN "node_slug" = 'pricing' THEN 1 ELSE 0 END) AS at_pricing,
            max(CASE WHEN "event_type" = 'signup_success' THEN "created_at" END) AS last_signup_success,
            min(CASE WHEN "event_type" = 'checkout_attempt' THEN "created_at" END) AS first_checkout_attempt,
            max(CASE WHEN "node_slug" = 'demo' THEN 1 ELSE 0 END) AS at_demo,
            max(CASE WHEN "node_slug" = 'docs' THEN 1 ELSE 0 END) AS at_docs,
            max(CASE WHEN "event_type" = 'checkout_success' THEN "created_at" END) AS last_checkout_success,
            min(CASE WHEN "node_slug" = 'homepage' THEN "created_at" END) AS first_homepage,
            max(CASE WHEN "node_slug" = 'product-page-1' THEN 1 ELSE 0 END) AS at_product_page_1,
            max(CASE WHEN "node_slug" = 'product-page-2' THEN 1 ELSE 0 END) AS at_product_page_2,
            max(CASE WHEN "node_slug" = 'pricing' THEN "created_at" END) AS last_pricing,
            max(CASE WHEN "node_slug" = 'blog' THEN 1 ELSE 0 END) AS at_blog
          FROM "events"
          WHERE "created_at" >= ?
            AND "created_at" < ?
            AND ("event_type" IN ('signup_attempt', 'signup_success', 'checkout_attempt', 'checkout_success') OR "node_slug" IN ('homepage', 'pricing', 'demo', 'docs', 'product-page-1', 'product-page-2', 'blog'))
          GROUP BY "user_id", "session_id"
        ) AS units
      ) AS facts
      GROUP BY bits_1
    ) AS signatures
  ) ARRAY JOIN refs AS "ref", arrayResize(trial_counts, 4, 0) AS "trials", arrayResize(success_counts, 4, 0) AS "successes"
) AS batch
ORDER BY "ref";
