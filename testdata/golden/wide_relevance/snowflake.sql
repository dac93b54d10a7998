-- e.from(homepage).to(pricing).visited(blog,demo,docs).visitedAny(product-page-1,product-page-2,product-page-3).exclude(signup)
SELECT
  COUNT_IF(first_homepage IS NOT NULL AND at_blog = 1 AND at_demo = 1 AND at_docs = 1 AND (at_product_page_1 = 1 OR at_product_page_2 = 1 OR at_product_page_3 = 1) AND at_signup = 0) AS trials,
  COUNT_IF(first_homepage IS NOT NULL AND at_blog = 1 AND at_demo = 1 AND at_docs = 1 AND (at_product_page_1 = 1 OR at_product_page_2 = 1 OR at_product_page_3 = 1) AND at_signup = 0 AND last_pricing >= first_homepage) AS successes
FROM (
  SELECT
    min(CASE WHEN node_slug = 'homepage' THEN created_at END) AS first_homepage,
    max(CASE WHEN node_slug = 'blog' THEN 1 ELSE 0 END) AS at_blog,
    max(CASE WHEN node_slug = 'demo' THEN 1 ELSE 0 END) AS at_demo,
    max(CASE WHEN node_slug = 'docs' THEN 1 ELSE 0 END) AS at_docs,
    max(CASE WHEN node_slug = 'product-page-1' THEN 1 ELSE 0 END) AS at_product_page_1,
    max(CASE WHEN node_slug = 'product-page-2' THEN 1 ELSE 0 END) AS at_product_page_2,
    max(CASE WHEN node_slug = 'product-page-3' THEN 1 ELSE 0 END) AS at_product_page_3,
    max(CASE WHEN node_slug = 'signup' THEN 1 ELSE 0 END) AS at_signup,
    max(CASE WHEN node_slug = 'pricing' THEN created_at END) AS last_pricing
  FROM events
  WHERE created_at >= ?
    AND created_at < ?
    AND node_slug IN ('homepage', 'pricing', 'blog', 'demo', 'docs', 'product-page-1', 'product-page-2', 'product-page-3', 'signup')
  GROUP BY user_id, session_id
) AS units;
