-- e.from(homepage).to(pricing).visited(blog,demo,docs).visitedAny(product-page-1,product-page-2,product-page-3).exclude(signup)
SELECT
  count(*) FILTER (WHERE first_homepage IS NOT NULL AND at_blog = 1 AND at_demo = 1 AND at_docs = 1 AND (at_product_page_1 = 1 OR at_product_page_2 = 1 OR at_product_page_3 = 1) AND at_signup = 0) AS "trials",
  count(*) FILTER (WHERE first_homepage IS NOT NULL AND at_blog = 1 AND at_demo = 1 AND at_docs = 1 AND (at_product_page_1 = 1 OR at_product_page_2 = 1 OR at_product_page_3 = 1) AND at_signup = 0 AND last_pricing >= first_homepage) AS "successes"
FROM (
  SELECT
    *,
    (visited_flags >> 0) & 1 AS at_blog,
    (visited_flags >> 1) & 1 AS at_demo,
    (visited_flags >> 2) & 1 AS at_docs,
    (visited_flags >> 3) & 1 AS at_product_page_1,
    (visited_flags >> 4) & 1 AS at_product_page_2,
    (visited_flags >> 5) & 1 AS at_product_page_3,
    (visited_flags >> 6) & 1 AS at_signup
  FROM (
    SELECT
      min(CASE WHEN "node_slug" = 'homepage' THEN "created_at" END) AS first_homepage,
      max(CASE WHEN "node_slug" = 'pricing' THEN "created_at" END) AS last_pricing,
      bit_or(CASE "node_slug" WHEN 'blog' THEN 1 WHEN 'demo' THEN 2 WHEN 'docs' THEN 4 WHEN 'product-page-1' THEN 8 WHEN 'product-page-2' THEN 16 WHEN 'product-page-3' THEN 32 WHEN 'signup' THEN 64 ELSE 0 END) AS visited_flags
    FROM "events"
    WHERE "created_at" >= ?
      AND "created_at" < ?
    GROUP BY "user_id", "session_id"
  ) AS flagged
) AS units;
