-- sibling split (trials, immature, taken_i: the trials member i takes first) of:
-- 1: e.from('it''s').to('a\b -- c; d').context(channel='x''; DROP TABLE events; --',device='ünï\cödé').within(1d)
-- 2: e.from('it''s').to('😀''\''').context(channel='x''; DROP TABLE events; --',device='ünï\cödé').within(1d)
SELECT
  count(*) FILTER (WHERE first_it_s IS NOT NULL AND entry_channel = 1 AND entry_device = 1 AND mature_it_s_within_1d = 1) AS "trials",
  count(*) FILTER (WHERE first_it_s IS NOT NULL AND entry_channel = 1 AND entry_device = 1 AND mature_it_s_within_1d = 0) AS "immature",
  count(*) FILTER (WHERE first_it_s IS NOT NULL AND entry_channel = 1 AND entry_device = 1 AND mature_it_s_within_1d = 1 AND (count_a_b_c_d_at_anchor >= 1 OR next_a_b_c_d IS NOT NULL AND next_a_b_c_d <= first_it_s + INTERVAL '86400' SECOND) AND CASE WHEN (count_at_anchor >= 1 OR next_node IS NOT NULL AND next_node <= first_it_s + INTERVAL '86400' SECOND) AND (count_at_anchor >= 1 AND CASE WHEN count_a_b_c_d_at_anchor >= 1 THEN 0 ELSE 1 END = 1 OR CASE WHEN count_at_anchor >= 1 THEN 0 ELSE 1 END = 1 AND CASE WHEN count_a_b_c_d_at_anchor >= 1 THEN 0 ELSE 1 END = 1 AND next_node < next_a_b_c_d) THEN 0 ELSE 1 END = 1) AS "taken_1",
  count(*) FILTER (WHERE first_it_s IS NOT NULL AND entry_channel = 1 AND entry_device = 1 AND mature_it_s_within_1d = 1 AND (count_at_anchor >= 1 OR next_node IS NOT NULL AND next_node <= first_it_s + INTERVAL '86400' SECOND) AND CASE WHEN (count_a_b_c_d_at_anchor >= 1 OR next_a_b_c_d IS NOT NULL AND next_a_b_c_d <= first_it_s + INTERVAL '86400' SECOND) AND (count_a_b_c_d_at_anchor >= 1 OR CASE WHEN count_at_anchor >= 1 THEN 0 ELSE 1 END = 1 AND next_a_b_c_d <= next_node) THEN 0 ELSE 1 END = 1) AS "taken_2"
FROM (
  SELECT
    min(CASE WHEN "node_slug" = 'it''s' AND "created_at" < ? THEN "created_at" END) AS first_it_s,
    NULLIF((min(epoch_us("created_at") * 4 + CASE WHEN "channel" = 'x''; DROP TABLE events; --' THEN 1 WHEN "channel" IS NULL THEN 3 WHEN "channel" < 'x''; DROP TABLE events; --' THEN 0 ELSE 2 END) FILTER (WHERE "node_slug" = 'it''s' AND "created_at" < ?) & 3), 3) AS entry_channel,
    NULLIF((min(epoch_us("created_at") * 4 + CASE WHEN "device" = 'ünï\cödé' THEN 1 WHEN "device" IS NULL THEN 3 WHEN "device" < 'ünï\cödé' THEN 0 ELSE 2 END) FILTER (WHERE "node_slug" = 'it''s' AND "created_at" < ?) & 3), 3) AS entry_device,
    max(CASE WHEN "node_slug" = 'it''s' AND "created_at" < ? AND "created_at" + INTERVAL '86400' SECOND < ? THEN 1 ELSE 0 END) AS mature_it_s_within_1d,
    count(*) FILTER (WHERE "node_slug" = 'a\b -- c; d' AND "created_at" >= anchor_first_it_s AND "created_at" <= anchor_first_it_s) AS count_a_b_c_d_at_anchor,
    min(CASE WHEN "node_slug" = 'a\b -- c; d' AND "created_at" > anchor_first_it_s THEN "created_at" END) AS next_a_b_c_d,
    count(*) FILTER (WHERE "node_slug" = '😀''\''' AND "created_at" >= anchor_first_it_s AND "created_at" <= anchor_first_it_s) AS count_at_anchor,
    min(CASE WHEN "node_slug" = '😀''\''' AND "created_at" > anchor_first_it_s THEN "created_at" END) AS next_node
  FROM (
    SELECT
      "user_id",
      "session_id",
      "created_at",
      "node_slug",
      "channel",
      "device",
      min(CASE WHEN "node_slug" = 'it''s' AND "created_at" < ? THEN "created_at" END) OVER (PARTITION BY "user_id", "session_id") AS anchor_first_it_s
    FROM "events"
    WHERE "created_at" >= ?
      AND "created_at" < ?
      AND "node_slug" IN ('it''s', 'a\b -- c; d', '😀''\''')
  ) AS ev
  GROUP BY "user_id", "session_id"
) AS units;
