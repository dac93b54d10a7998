-- e.checkout.visitedAny(product-page-1,product-page-2,product-page-3)
SELECT
  count(*) FILTER (WHERE first_checkout_attempt IS NOT NULL AND (at_product_page_1 = 1 OR at_product_page_2 = 1 OR at_product_page_3 = 1)) AS "trials",
  count(*) FILTER (WHERE first_checkout_attempt IS NOT NULL AND (at_product_page_1 = 1 OR at_product_page_2 = 1 OR at_product_page_3 = 1) AND last_checkout_success >= first_checkout_attempt) AS "successes"
FROM (
  SELECT
    *,
    (visited_flags >> 0) & 1 AS at_product_page_1,
    (visited_flags >> 1) & 1 AS at_product_page_2,
    (visited_flags >> 2) & 1 AS at_product_page_3
  FROM (
    SELECT
      min(CASE WHEN "event_type" = 'checkout_attempt' THEN "created_at" END) AS first_checkout_attempt,
      max(CASE WHEN "event_type" = 'checkout_success' THEN "created_at" END) AS last_checkout_success,
      bit_or(CASE "node_slug" WHEN 'product-page-1' THEN 1 WHEN 'product-page-2' THEN 2 WHEN 'product-page-3' THEN 4 ELSE 0 END) AS visited_flags
    FROM "events"
    WHERE "created_at" >= ?
      AND "created_at" < ?
      AND (CASE WHEN "event_type" IN ('checkout_attempt', 'checkout_success') THEN true ELSE "node_slug" IN ('product-page-1', 'product-page-2', 'product-page-3') END)
    GROUP BY "user_id", "session_id"
  ) AS flagged
) AS units;
