-- batch of 4 references in 1 scan(s)
-- e.signup.visited(homepage,pricing)
-- e.checkout.visited(demo,docs)
-- e.from(homepage).to(pricing).visitedAny(product-page-1,product-page-2)
-- e.signup.exclude(blog)
WITH counts_1 AS MATERIALIZED (
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
      WHERE "created_at" >= $1
        AND "created_at" < $2
        AND ("event_type" IN ('signup_attempt', 'signup_success', 'checkout_attempt', 'checkout_success') OR "node_slug" IN ('homepage', 'pricing', 'demo', 'docs', 'product-page-1', 'product-page-2', 'blog'))
      GROUP BY "user_id", "session_id"
    ) AS units
  ) AS facts
  GROUP BY bits_1
),
refs_1 AS (
  SELECT *
  FROM (VALUES
    ('e.signup.visited(homepage,pricing)', 7, 7, 15, 15),
    ('e.checkout.visited(demo,docs)', 112, 112, 240, 240),
    ('e.from(homepage).to(pricing).visitedAny(product-page-1,product-page-2)', 768, 768, 1792, 1792),
    ('e.signup.exclude(blog)', 2049, 1, 2057, 9)
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
