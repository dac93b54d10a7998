-- sibling split (trials, immature, taken_i: the trials member i takes first) of:
-- 1: e.from(homepage).to(pricing)
-- 2: e.from(homepage).to(blog)
-- 3: e.from(homepage).to(exit)
SELECT
  count(*) FILTER (WHERE first_homepage IS NOT NULL) AS "trials",
  count(*) FILTER (WHERE first_homepage IS NOT NULL AND (count_pricing_at_anchor >= 1 OR next_pricing IS NOT NULL) AND CASE WHEN (count_blog_at_anchor >= 1 OR next_blog IS NOT NULL) AND (count_blog_at_anchor >= 1 AND CASE WHEN count_pricing_at_anchor >= 1 THEN 0 ELSE 1 END = 1 OR CASE WHEN count_blog_at_anchor >= 1 THEN 0 ELSE 1 END = 1 AND CASE WHEN count_pricing_at_anchor >= 1 THEN 0 ELSE 1 END = 1 AND next_blog < next_pricing) THEN 0 ELSE 1 END = 1 AND CASE WHEN (count_exit_at_anchor >= 1 OR next_exit IS NOT NULL) AND (count_exit_at_anchor >= 1 AND CASE WHEN count_pricing_at_anchor >= 1 THEN 0 ELSE 1 END = 1 OR CASE WHEN count_exit_at_anchor >= 1 THEN 0 ELSE 1 END = 1 AND CASE WHEN count_pricing_at_anchor >= 1 THEN 0 ELSE 1 END = 1 AND next_exit < next_pricing) THEN 0 ELSE 1 END = 1) AS "taken_1",
  count(*) FILTER (WHERE first_homepage IS NOT NULL AND (count_blog_at_anchor >= 1 OR next_blog IS NOT NULL) AND CASE WHEN (count_pricing_at_anchor >= 1 OR next_pricing IS NOT NULL) AND (count_pricing_at_anchor >= 1 OR CASE WHEN count_blog_at_anchor >= 1 THEN 0 ELSE 1 END = 1 AND next_pricing <= next_blog) THEN 0 ELSE 1 END = 1 AND CASE WHEN (count_exit_at_anchor >= 1 OR next_exit IS NOT NULL) AND (count_exit_at_anchor >= 1 AND CASE WHEN count_blog_at_anchor >= 1 THEN 0 ELSE 1 END = 1 OR CASE WHEN count_exit_at_anchor >= 1 THEN 0 ELSE 1 END = 1 AND CASE WHEN count_blog_at_anchor >= 1 THEN 0 ELSE 1 END = 1 AND next_exit < next_blog) THEN 0 ELSE 1 END = 1) AS "taken_2",
  count(*) FILTER (WHERE first_homepage IS NOT NULL AND (count_exit_at_anchor >= 1 OR next_exit IS NOT NULL) AND CASE WHEN (count_pricing_at_anchor >= 1 OR next_pricing IS NOT NULL) AND (count_pricing_at_anchor >= 1 OR CASE WHEN count_exit_at_anchor >= 1 THEN 0 ELSE 1 END = 1 AND next_pricing <= next_exit) THEN 0 ELSE 1 END = 1 AND CASE WHEN (count_blog_at_anchor >= 1 OR next_blog IS NOT NULL) AND (count_blog_at_anchor >= 1 OR CASE WHEN count_exit_at_anchor >= 1 THEN 0 ELSE 1 END = 1 AND next_blog <= next_exit) THEN 0 ELSE 1 END = 1) AS "taken_3"
FROM (
  SELECT
    min(CASE WHEN "node_slug" = 'homepage' THEN "created_at" END) AS first_homepage,
    count(*) FILTER (WHERE "node_slug" = 'pricing' AND "created_at" >= anchor_first_homepage AND "created_at" <= anchor_first_homepage) AS count_pricing_at_anchor,
    min(CASE WHEN "node_slug" = 'pricing' AND "created_at" > anchor_first_homepage THEN "created_at" END) AS next_pricing,
    count(*) FILTER (WHERE "node_slug" = 'blog' AND "created_at" >= anchor_first_homepage AND "created_at" <= anchor_first_homepage) AS count_blog_at_anchor,
    min(CASE WHEN "node_slug" = 'blog' AND "created_at" > anchor_first_homepage THEN "created_at" END) AS next_blog,
    count(*) FILTER (WHERE "node_slug" = 'exit' AND "created_at" >= anchor_first_homepage AND "created_at" <= anchor_first_homepage) AS count_exit_at_anchor,
    min(CASE WHEN "node_slug" = 'exit' AND "created_at" > anchor_first_homepage THEN "created_at" END) AS next_exit
  FROM (
    SELECT
      "user_id",
      "session_id",
      "created_at",
      "node_slug",
      min(CASE WHEN "node_slug" = 'homepage' THEN "created_at" END) OVER (PARTITION BY "user_id", "session_id") AS anchor_first_homepage
    FROM "events"
    WHERE "created_at" >= $1
      AND "created_at" < $2
      AND "node_slug" IN ('homepage', 'pricing', 'blog', 'exit')
  ) AS ev
  GROUP BY "user_id", "session_id"
) AS units;
