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
        *,
        (visited_flags >> 0) & 1 AS at_homepage,
        (visited_flags >> 1) & 1 AS at_pricing,
        (visited_flags >> 2) & 1 AS at_demo,
        (visited_flags >> 3) & 1 AS at_docs,
        (visited_flags >> 4) & 1 AS at_product_page_1,
        (visited_flags >> 5) & 1 AS at_product_page_2,
        (visited_flags >> 6) & 1 AS at_blog
      FROM (
        SELECT
          min(CASE WHEN "event_type" = 'signup_attempt' THEN "created_at" END) AS first_signup_attempt,
          max(CASE WHEN "event_type" = 'signup_success' THEN "created_at" END) AS last_signup_success,
          min(CASE WHEN "event_type" = 'checkout_attempt' THEN "created_at" END) AS first_checkout_attempt,
          max(CASE WHEN "event_type" = 'checkout_success' THEN "created_at" END) AS last_checkout_success,
          min(CASE WHEN "node_slug" = 'homepage' THEN "created_at" END) AS first_homepage,
          max(CASE WHEN "node_slug" = 'pricing' THEN "created_at" END) AS last_pricing,
          bit_or(CASE "node_slug" WHEN 'homepage' THEN 1 WHEN 'pricing' THEN 2 WHEN 'demo' THEN 4 WHEN 'docs' THEN 8 WHEN 'product-page-1' THEN 16 WHEN 'product-page-2' THEN 32 WHEN 'blog' THEN 64 ELSE 0 END) AS visited_flags
        FROM "events"
        WHERE "created_at" >= ?
          AND "created_at" < ?
        GROUP BY "user_id", "session_id"
      ) AS flagged
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
    CAST(COALESCE(sum(c.units), 0) AS BIGINT) AS "trials",
    CAST(COALESCE(sum(CASE WHEN (c.bits_1 & r.s_mask_1) = r.s_val_1 THEN c.units ELSE 0 END), 0) AS BIGINT) AS "successes"
  FROM refs_1 AS r
  LEFT JOIN counts_1 AS c ON (c.bits_1 & r.t_mask_1) = r.t_val_1
  GROUP BY r.ref
) AS batch
ORDER BY "ref";
