-- lag histogram (ref, age_upto, lag_upto seconds, units) of:
-- e.from('it''s').to('a\b -- c; d').context(channel='x''; DROP TABLE events; --',device='ünï\cödé').within(1d)
SELECT "ref", "age_upto", "lag_upto", COUNT(*) AS "units"
FROM (
  SELECT
    'e.from(''it''''s'').to(''a\b -- c; d'').context(channel=''x''''; DROP TABLE events; --'',device=''ünï\cödé'').within(1d)' AS "ref",
    CASE WHEN first_it_s IS NOT NULL AND entry_channel = 1 AND entry_device = 1 THEN CASE WHEN first_it_s + INTERVAL '5' SECOND >= ? THEN 5 WHEN first_it_s + INTERVAL '10' SECOND >= ? THEN 10 WHEN first_it_s + INTERVAL '15' SECOND >= ? THEN 15 WHEN first_it_s + INTERVAL '30' SECOND >= ? THEN 30 WHEN first_it_s + INTERVAL '60' SECOND >= ? THEN 60 WHEN first_it_s + INTERVAL '120' SECOND >= ? THEN 120 WHEN first_it_s + INTERVAL '300' SECOND >= ? THEN 300 WHEN first_it_s + INTERVAL '600' SECOND >= ? THEN 600 WHEN first_it_s + INTERVAL '900' SECOND >= ? THEN 900 WHEN first_it_s + INTERVAL '1800' SECOND >= ? THEN 1800 WHEN first_it_s + INTERVAL '3600' SECOND >= ? THEN 3600 WHEN first_it_s + INTERVAL '7200' SECOND >= ? THEN 7200 WHEN first_it_s + INTERVAL '14400' SECOND >= ? THEN 14400 WHEN first_it_s + INTERVAL '28800' SECOND >= ? THEN 28800 WHEN first_it_s + INTERVAL '43200' SECOND >= ? THEN 43200 WHEN first_it_s + INTERVAL '86400' SECOND >= ? THEN 86400 END END AS "age_upto",
    CASE WHEN first_it_s IS NOT NULL AND entry_channel = 1 AND entry_device = 1 THEN CASE WHEN reached_a_b_c_d_within_5s = 1 THEN 5 WHEN reached_a_b_c_d_within_10s = 1 THEN 10 WHEN reached_a_b_c_d_within_15s = 1 THEN 15 WHEN reached_a_b_c_d_within_30s = 1 THEN 30 WHEN reached_a_b_c_d_within_60s = 1 THEN 60 WHEN reached_a_b_c_d_within_120s = 1 THEN 120 WHEN reached_a_b_c_d_within_300s = 1 THEN 300 WHEN reached_a_b_c_d_within_600s = 1 THEN 600 WHEN reached_a_b_c_d_within_900s = 1 THEN 900 WHEN reached_a_b_c_d_within_1800s = 1 THEN 1800 WHEN reached_a_b_c_d_within_3600s = 1 THEN 3600 WHEN reached_a_b_c_d_within_7200s = 1 THEN 7200 WHEN reached_a_b_c_d_within_14400s = 1 THEN 14400 WHEN reached_a_b_c_d_within_28800s = 1 THEN 28800 WHEN reached_a_b_c_d_within_43200s = 1 THEN 43200 WHEN reached_a_b_c_d_within_1d = 1 THEN 86400 END END AS "lag_upto"
  FROM (
    SELECT
      min(CASE WHEN "node_slug" = 'it''s' AND "created_at" < ? THEN "created_at" END) AS first_it_s,
      max(CASE WHEN "node_slug" = 'a\b -- c; d' AND "created_at" >= anchor_first_it_s AND "created_at" <= anchor_first_it_s + INTERVAL '86400' SECOND THEN 1 ELSE 0 END) AS reached_a_b_c_d_within_1d,
      NULLIF((min(epoch_us("created_at") * 4 + CASE WHEN "channel" = 'x''; DROP TABLE events; --' THEN 1 WHEN "channel" IS NULL THEN 3 WHEN "channel" < 'x''; DROP TABLE events; --' THEN 0 ELSE 2 END) FILTER (WHERE "node_slug" = 'it''s' AND "created_at" < ?) & 3), 3) AS entry_channel,
      NULLIF((min(epoch_us("created_at") * 4 + CASE WHEN "device" = 'ünï\cödé' THEN 1 WHEN "device" IS NULL THEN 3 WHEN "device" < 'ünï\cödé' THEN 0 ELSE 2 END) FILTER (WHERE "node_slug" = 'it''s' AND "created_at" < ?) & 3), 3) AS entry_device,
      max(CASE WHEN "node_slug" = 'it''s' AND "created_at" < ? AND "created_at" + INTERVAL '86400' SECOND < ? THEN 1 ELSE 0 END) AS mature_it_s_within_1d,
      max(CASE WHEN "node_slug" = 'a\b -- c; d' AND "created_at" >= anchor_first_it_s AND "created_at" <= anchor_first_it_s + INTERVAL '5' SECOND THEN 1 ELSE 0 END) AS reached_a_b_c_d_within_5s,
      max(CASE WHEN "node_slug" = 'a\b -- c; d' AND "created_at" >= anchor_first_it_s AND "created_at" <= anchor_first_it_s + INTERVAL '10' SECOND THEN 1 ELSE 0 END) AS reached_a_b_c_d_within_10s,
      max(CASE WHEN "node_slug" = 'a\b -- c; d' AND "created_at" >= anchor_first_it_s AND "created_at" <= anchor_first_it_s + INTERVAL '15' SECOND THEN 1 ELSE 0 END) AS reached_a_b_c_d_within_15s,
      max(CASE WHEN "node_slug" = 'a\b -- c; d' AND "created_at" >= anchor_first_it_s AND "created_at" <= anchor_first_it_s + INTERVAL '30' SECOND THEN 1 ELSE 0 END) AS reached_a_b_c_d_within_30s,
      max(CASE WHEN "node_slug" = 'a\b -- c; d' AND "created_at" >= anchor_first_it_s AND "created_at" <= anchor_first_it_s + INTERVAL '60' SECOND THEN 1 ELSE 0 END) AS reached_a_b_c_d_within_60s,
      max(CASE WHEN "node_slug" = 'a\b -- c; d' AND "created_at" >= anchor_first_it_s AND "created_at" <= anchor_first_it_s + INTERVAL '120' SECOND THEN 1 ELSE 0 END) AS reached_a_b_c_d_within_120s,
      max(CASE WHEN "node_slug" = 'a\b -- c; d' AND "created_at" >= anchor_first_it_s AND "created_at" <= anchor_first_it_s + INTERVAL '300' SECOND THEN 1 ELSE 0 END) AS reached_a_b_c_d_within_300s,
      max(CASE WHEN "node_slug" = 'a\b -- c; d' AND "created_at" >= anchor_first_it_s AND "created_at" <= anchor_first_it_s + INTERVAL '600' SECOND THEN 1 ELSE 0 END) AS reached_a_b_c_d_within_600s,
      max(CASE WHEN "node_slug" = 'a\b -- c; d' AND "created_at" >= anchor_first_it_s AND "created_at" <= anchor_first_it_s + INTERVAL '900' SECOND THEN 1 ELSE 0 END) AS reached_a_b_c_d_within_900s,
      max(CASE WHEN "node_slug" = 'a\b -- c; d' AND "created_at" >= anchor_first_it_s AND "created_at" <= anchor_first_it_s + INTERVAL '1800' SECOND THEN 1 ELSE 0 END) AS reached_a_b_c_d_within_1800s,
      max(CASE WHEN "node_slug" = 'a\b -- c; d' AND "created_at" >= anchor_first_it_s AND "created_at" <= anchor_first_it_s + INTERVAL '3600' SECOND THEN 1 ELSE 0 END) AS reached_a_b_c_d_within_3600s,
      max(CASE WHEN "node_slug" = 'a\b -- c; d' AND "created_at" >= anchor_first_it_s AND "created_at" <= anchor_first_it_s + INTERVAL '7200' SECOND THEN 1 ELSE 0 END) AS reached_a_b_c_d_within_7200s,
      max(CASE WHEN "node_slug" = 'a\b -- c; d' AND "created_at" >= anchor_first_it_s AND "created_at" <= anchor_first_it_s + INTERVAL '14400' SECOND THEN 1 ELSE 0 END) AS reached_a_b_c_d_within_14400s,
      max(CASE WHEN "node_slug" = 'a\b -- c; d' AND "created_at" >= anchor_first_it_s AND "created_at" <= anchor_first_it_s + INTERVAL '28800' SECOND THEN 1 ELSE 0 END) AS reached_a_b_c_d_within_28800s,
      max(CASE WHEN "node_slug" = 'a\b -- c; d' AND "created_at" >= anchor_first_it_s AND "created_at" <= anchor_first_it_s + INTERVAL '43200' SECOND THEN 1 ELSE 0 END) AS reached_a_b_c_d_within_43200s
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
        AND "node_slug" IN ('it''s', 'a\b -- c; d')
    ) AS ev
    GROUP BY "user_id", "session_id"
  ) AS units
) AS lags
WHERE "age_upto" IS NOT NULL OR "lag_upto" IS NOT NULL
GROUP BY "ref", "age_upto", "lag_upto"
ORDER BY "ref", "age_upto", "lag_upto";
