-- e.checkout.visitedAny(product-page-1,product-page-2,product-page-3)
SELECT
  count(*) FILTER (WHERE first_checkout_attempt IS NOT NULL AND (at_product_page_1 = 1 OR at_product_page_2 = 1 OR at_product_page_3 = 1)) AS "trials",
  count(*) FILTER (WHERE first_checkout_attempt IS NOT NULL AND (at_product_page_1 = 1 OR at_product_page_2 = 1 OR at_product_page_3 = 1) AND last_checkout_success >= first_checkout_attempt) AS "successes"
FROM (
  SELECT
    min(CASE WHEN "event_type" = 'checkout_attempt' THEN "created_at" END) AS first_checkout_attempt,
    max(CASE WHEN "node_slug" = 'product-page-1' THEN 1 ELSE 0 END) AS at_product_page_1,
    max(CASE WHEN "node_slug" = 'product-page-2' THEN 1 ELSE 0 END) AS at_product_page_2,
    max(CASE WHEN "node_slug" = 'product-page-3' THEN 1 ELSE 0 END) AS at_product_page_3,
    max(CASE WHEN "event_type" = 'checkout_success' THEN "created_at" END) AS last_checkout_success
  FROM "events"
  WHERE "created_at" >= ?
    AND "created_at" < ?
    AND (CASE WHEN "event_type" IN ('checkout_attempt', 'checkout_success') THEN true ELSE "node_slug" IN ('product-page-1', 'product-page-2', 'product-page-3') END)
  GROUP BY "user_id", "session_id"
) AS units;
