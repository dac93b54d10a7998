-- sibling split (trials, immature, taken_i: the trials member i takes first) of:
-- 1: e.from(pricing).to(signup).visited(blog).context(channel='google').within(1h)
-- 2: e.from(pricing).to(pricing).visited(blog).context(channel='google').within(1h)
SELECT
  count(*) FILTER (WHERE first_pricing IS NOT NULL AND at_blog = 1 AND entry_channel = 1 AND mature_pricing_within_1h = 1) AS "trials",
  count(*) FILTER (WHERE first_pricing IS NOT NULL AND at_blog = 1 AND entry_channel = 1 AND mature_pricing_within_1h = 0) AS "immature",
  count(*) FILTER (WHERE first_pricing IS NOT NULL AND at_blog = 1 AND entry_channel = 1 AND mature_pricing_within_1h = 1 AND (count_signup_at_anchor >= 1 OR next_signup IS NOT NULL AND next_signup <= first_pricing + INTERVAL '3600' SECOND) AND CASE WHEN ((count_pricing_at_anchor >= 2 OR count_pricing_at_anchor >= 1 AND first_pricing_only = first_pricing) OR next_pricing IS NOT NULL AND next_pricing <= first_pricing + INTERVAL '3600' SECOND) AND ((count_pricing_at_anchor >= 2 OR count_pricing_at_anchor >= 1 AND first_pricing_only = first_pricing) AND CASE WHEN count_signup_at_anchor >= 1 THEN 0 ELSE 1 END = 1 OR CASE WHEN (count_pricing_at_anchor >= 2 OR count_pricing_at_anchor >= 1 AND first_pricing_only = first_pricing) THEN 0 ELSE 1 END = 1 AND CASE WHEN count_signup_at_anchor >= 1 THEN 0 ELSE 1 END = 1 AND next_pricing < next_signup) THEN 0 ELSE 1 END = 1) AS "taken_1",
  count(*) FILTER (WHERE first_pricing IS NOT NULL AND at_blog = 1 AND entry_channel = 1 AND mature_pricing_within_1h = 1 AND ((count_pricing_at_anchor >= 2 OR count_pricing_at_anchor >= 1 AND first_pricing_only = first_pricing) OR next_pricing IS NOT NULL AND next_pricing <= first_pricing + INTERVAL '3600' SECOND) AND CASE WHEN (count_signup_at_anchor >= 1 OR next_signup IS NOT NULL AND next_signup <= first_pricing + INTERVAL '3600' SECOND) AND (count_signup_at_anchor >= 1 OR CASE WHEN (count_pricing_at_anchor >= 2 OR count_pricing_at_anchor >= 1 AND first_pricing_only = first_pricing) THEN 0 ELSE 1 END = 1 AND next_signup <= next_pricing) THEN 0 ELSE 1 END = 1) AS "taken_2"
FROM (
  SELECT
    min(CASE WHEN "node_slug" = 'pricing' AND "created_at" < ? THEN "created_at" END) AS first_pricing,
    max(CASE WHEN "node_slug" = 'blog' AND "created_at" < ? THEN 1 ELSE 0 END) AS at_blog,
    NULLIF((min(epoch_us("created_at") * 4 + CASE WHEN "channel" = 'google' THEN 1 WHEN "channel" IS NULL THEN 3 WHEN "channel" < 'google' THEN 0 ELSE 2 END) FILTER (WHERE "node_slug" = 'pricing' AND "created_at" < ?) & 3), 3) AS entry_channel,
    max(CASE WHEN "node_slug" = 'pricing' AND "created_at" < ? AND "created_at" + INTERVAL '3600' SECOND < ? THEN 1 ELSE 0 END) AS mature_pricing_within_1h,
    count(*) FILTER (WHERE "node_slug" = 'signup' AND "created_at" >= anchor_first_pricing AND "created_at" <= anchor_first_pricing) AS count_signup_at_anchor,
    min(CASE WHEN "node_slug" = 'signup' AND "created_at" > anchor_first_pricing THEN "created_at" END) AS next_signup,
    count(*) FILTER (WHERE "node_slug" = 'pricing' AND "created_at" >= anchor_first_pricing AND "created_at" <= anchor_first_pricing) AS count_pricing_at_anchor,
    min(CASE WHEN "node_slug" = 'pricing' AND "created_at" < ? AND CASE WHEN "node_slug" = 'pricing' THEN 0 ELSE 1 END = 1 THEN "created_at" END) AS first_pricing_only,
    min(CASE WHEN "node_slug" = 'pricing' AND "created_at" > anchor_first_pricing THEN "created_at" END) AS next_pricing
  FROM (
    SELECT
      "user_id",
      "session_id",
      "created_at",
      "node_slug",
      "channel",
      min(CASE WHEN "node_slug" = 'pricing' AND "created_at" < ? THEN "created_at" END) OVER (PARTITION BY "user_id", "session_id") AS anchor_first_pricing
    FROM "events"
    WHERE "created_at" >= ?
      AND "created_at" < ?
      AND "node_slug" IN ('pricing', 'signup', 'blog')
  ) AS ev
  GROUP BY "user_id", "session_id"
) AS units;
