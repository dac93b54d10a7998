-- e.from(pricing).to(signup).context(channel,country).attempt(any).within(30m)
SELECT
  entry_channel AS "channel",
  entry_country AS "country",
  count(*) FILTER (WHERE first_pricing IS NOT NULL AND mature_pricing_within_30m = 1) AS "trials",
  count(*) FILTER (WHERE first_pricing IS NOT NULL AND mature_pricing_within_30m = 1 AND converts_pricing_within_30m IS NOT NULL) AS "successes",
  count(*) FILTER (WHERE first_pricing IS NOT NULL AND mature_pricing_within_30m = 0) AS "immature"
FROM (
  SELECT
    min(CASE WHEN "node_slug" = 'pricing' AND "created_at" < $1 THEN "created_at" END) AS first_pricing,
    min(CASE WHEN "node_slug" = 'pricing' AND "created_at" < $1 AND (next_converts_pricing_within_30m <= "created_at" + INTERVAL '1800 seconds' OR prev_converts_pricing_within_30m = "created_at") THEN "created_at" END) AS converts_pricing_within_30m,
    min(CASE WHEN "node_slug" = 'pricing' AND "created_at" < $1 AND "created_at" = COALESCE(unit_converts_pricing_within_30m, anchor_first_pricing) THEN "channel" END) AS entry_channel,
    min(CASE WHEN "node_slug" = 'pricing' AND "created_at" < $1 AND "created_at" = COALESCE(unit_converts_pricing_within_30m, anchor_first_pricing) THEN "country" END) AS entry_country,
    max(CASE WHEN "node_slug" = 'pricing' AND "created_at" < $1 AND "created_at" + INTERVAL '1800 seconds' < $2 THEN 1 ELSE 0 END) AS mature_pricing_within_30m
  FROM (
    SELECT
      ev.*,
      min(CASE WHEN "node_slug" = 'pricing' AND "created_at" < $1 AND (next_converts_pricing_within_30m <= "created_at" + INTERVAL '1800 seconds' OR prev_converts_pricing_within_30m = "created_at") THEN "created_at" END) OVER (PARTITION BY "user_id", "session_id") AS unit_converts_pricing_within_30m
    FROM (
      SELECT
        "user_id",
        "session_id",
        "created_at",
        "node_slug",
        "channel",
        "country",
        min(CASE WHEN "node_slug" = 'signup' THEN "created_at" END) OVER (PARTITION BY "user_id", "session_id" ORDER BY "created_at", CASE WHEN "node_slug" = 'signup' THEN 1 ELSE 0 END, CASE WHEN "node_slug" = 'pricing' AND "created_at" < $1 THEN 1 ELSE 0 END ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING) AS next_converts_pricing_within_30m,
        max(CASE WHEN "node_slug" = 'signup' THEN "created_at" END) OVER (PARTITION BY "user_id", "session_id" ORDER BY "created_at", CASE WHEN "node_slug" = 'signup' THEN 1 ELSE 0 END, CASE WHEN "node_slug" = 'pricing' AND "created_at" < $1 THEN 1 ELSE 0 END ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev_converts_pricing_within_30m,
        min(CASE WHEN "node_slug" = 'pricing' AND "created_at" < $1 THEN "created_at" END) OVER (PARTITION BY "user_id", "session_id") AS anchor_first_pricing
      FROM "events"
      WHERE "created_at" >= $3
        AND "created_at" < $2
        AND "node_slug" IN ('pricing', 'signup')
    ) AS ev
  ) AS ev
  GROUP BY "user_id", "session_id"
) AS units
WHERE first_pricing IS NOT NULL
GROUP BY entry_channel, entry_country
ORDER BY "channel", "country";
