-- sibling split (trials, immature, taken_i: the trials member i takes first) of:
-- 1: e.from(homepage).to(pricing).context(channel='google').contextAny(device='mobile',device='tablet').within(1h)
-- 2: e.from(homepage).to(blog).context(channel='google').contextAny(device='mobile',device='tablet').within(1h)
SELECT
  count(*) FILTER (WHERE first_homepage IS NOT NULL AND entry_channel = 1 AND entry_device IN (1, 3) AND mature_homepage_within_1h = 1) AS "trials",
  count(*) FILTER (WHERE first_homepage IS NOT NULL AND entry_channel = 1 AND entry_device IN (1, 3) AND mature_homepage_within_1h = 0) AS "immature",
  count(*) FILTER (WHERE first_homepage IS NOT NULL AND entry_channel = 1 AND entry_device IN (1, 3) AND mature_homepage_within_1h = 1 AND (count_pricing_at_anchor >= 1 OR next_pricing IS NOT NULL AND next_pricing <= first_homepage + INTERVAL '3600' SECOND) AND CASE WHEN (count_blog_at_anchor >= 1 OR next_blog IS NOT NULL AND next_blog <= first_homepage + INTERVAL '3600' SECOND) AND (count_blog_at_anchor >= 1 AND CASE WHEN count_pricing_at_anchor >= 1 THEN 0 ELSE 1 END = 1 OR CASE WHEN count_blog_at_anchor >= 1 THEN 0 ELSE 1 END = 1 AND CASE WHEN count_pricing_at_anchor >= 1 THEN 0 ELSE 1 END = 1 AND next_blog < next_pricing) THEN 0 ELSE 1 END = 1) AS "taken_1",
  count(*) FILTER (WHERE first_homepage IS NOT NULL AND entry_channel = 1 AND entry_device IN (1, 3) AND mature_homepage_within_1h = 1 AND (count_blog_at_anchor >= 1 OR next_blog IS NOT NULL AND next_blog <= first_homepage + INTERVAL '3600' SECOND) AND CASE WHEN (count_pricing_at_anchor >= 1 OR next_pricing IS NOT NULL AND next_pricing <= first_homepage + INTERVAL '3600' SECOND) AND (count_pricing_at_anchor >= 1 OR CASE WHEN count_blog_at_anchor >= 1 THEN 0 ELSE 1 END = 1 AND next_pricing <= next_blog) THEN 0 ELSE 1 END = 1) AS "taken_2"
FROM (
  SELECT
    min(CASE WHEN "node_slug" = 'homepage' AND "created_at" < ? THEN "created_at" END) AS first_homepage,
    NULLIF((min(epoch_us("created_at") * 4 + CASE WHEN "channel" = 'google' THEN 1 WHEN "channel" IS NULL THEN 3 WHEN "channel" < 'google' THEN 0 ELSE 2 END) FILTER (WHERE "node_slug" = 'homepage' AND "created_at" < ?) & 3), 3) AS entry_channel,
    NULLIF((min(epoch_us("created_at") * 8 + CASE WHEN "device" = 'mobile' THEN 1 WHEN "device" = 'tablet' THEN 3 WHEN "device" IS NULL THEN 5 WHEN "device" < 'mobile' THEN 0 WHEN "device" < 'tablet' THEN 2 ELSE 4 END) FILTER (WHERE "node_slug" = 'homepage' AND "created_at" < ?) & 7), 5) AS entry_device,
    max(CASE WHEN "node_slug" = 'homepage' AND "created_at" < ? AND "created_at" + INTERVAL '3600' SECOND < ? THEN 1 ELSE 0 END) AS mature_homepage_within_1h,
    count(*) FILTER (WHERE "node_slug" = 'pricing' AND "created_at" >= anchor_first_homepage AND "created_at" <= anchor_first_homepage) AS count_pricing_at_anchor,
    min(CASE WHEN "node_slug" = 'pricing' AND "created_at" > anchor_first_homepage THEN "created_at" END) AS next_pricing,
    count(*) FILTER (WHERE "node_slug" = 'blog' AND "created_at" >= anchor_first_homepage AND "created_at" <= anchor_first_homepage) AS count_blog_at_anchor,
    min(CASE WHEN "node_slug" = 'blog' AND "created_at" > anchor_first_homepage THEN "created_at" END) AS next_blog
  FROM (
    SELECT
      "user_id",
      "session_id",
      "created_at",
      "node_slug",
      "channel",
      "device",
      min(CASE WHEN "node_slug" = 'homepage' AND "created_at" < ? THEN "created_at" END) OVER (PARTITION BY "user_id", "session_id") AS anchor_first_homepage
    FROM "events"
    WHERE "created_at" >= ?
      AND "created_at" < ?
      AND "node_slug" IN ('homepage', 'pricing', 'blog')
  ) AS ev
  GROUP BY "user_id", "session_id"
) AS units;
