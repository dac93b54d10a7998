-- lag histogram (ref, age_upto, lag_upto seconds, units) of:
-- e.from('it''s').to('a\b -- c; d').context(channel='x''; DROP TABLE events; --',device='ünï\cödé').within(1d)
SELECT "ref", "age_upto", "lag_upto", COUNT(*) AS "units"
FROM (
  SELECT
    'e.from(\'it\'\'s\').to(\'a\\b -- c; d\').context(channel=\'x\'\'; DROP TABLE events; --\',device=\'ünï\\cödé\').within(1d)' AS "ref",
    CASE WHEN first_it_s IS NOT NULL AND if(notEmpty(arrayFilter(v -> isNotNull(v), arrayMap(p -> tupleElement(p, 2), arrayFilter(p -> tupleElement(p, 1) = assumeNotNull(first_it_s), entry_channel)))), arrayReduce('min', arrayFilter(v -> isNotNull(v), arrayMap(p -> tupleElement(p, 2), arrayFilter(p -> tupleElement(p, 1) = assumeNotNull(first_it_s), entry_channel)))), NULL) = 'x\'; DROP TABLE events; --' AND if(notEmpty(arrayFilter(v -> isNotNull(v), arrayMap(p -> tupleElement(p, 2), arrayFilter(p -> tupleElement(p, 1) = assumeNotNull(first_it_s), entry_device)))), arrayReduce('min', arrayFilter(v -> isNotNull(v), arrayMap(p -> tupleElement(p, 2), arrayFilter(p -> tupleElement(p, 1) = assumeNotNull(first_it_s), entry_device)))), NULL) = 'ünï\\cödé' THEN CASE WHEN addSeconds(first_it_s, 5) >= ? THEN 5 WHEN addSeconds(first_it_s, 10) >= ? THEN 10 WHEN addSeconds(first_it_s, 15) >= ? THEN 15 WHEN addSeconds(first_it_s, 30) >= ? THEN 30 WHEN addSeconds(first_it_s, 60) >= ? THEN 60 WHEN addSeconds(first_it_s, 120) >= ? THEN 120 WHEN addSeconds(first_it_s, 300) >= ? THEN 300 WHEN addSeconds(first_it_s, 600) >= ? THEN 600 WHEN addSeconds(first_it_s, 900) >= ? THEN 900 WHEN addSeconds(first_it_s, 1800) >= ? THEN 1800 WHEN addSeconds(first_it_s, 3600) >= ? THEN 3600 WHEN addSeconds(first_it_s, 7200) >= ? THEN 7200 WHEN addSeconds(first_it_s, 14400) >= ? THEN 14400 WHEN addSeconds(first_it_s, 28800) >= ? THEN 28800 WHEN addSeconds(first_it_s, 43200) >= ? THEN 43200 WHEN addSeconds(first_it_s, 86400) >= ? THEN 86400 END END AS "age_upto",
    CASE WHEN first_it_s IS NOT NULL AND if(notEmpty(arrayFilter(v -> isNotNull(v), arrayMap(p -> tupleElement(p, 2), arrayFilter(p -> tupleElement(p, 1) = assumeNotNull(first_it_s), entry_channel)))), arrayReduce('min', arrayFilter(v -> isNotNull(v), arrayMap(p -> tupleElement(p, 2), arrayFilter(p -> tupleElement(p, 1) = assumeNotNull(first_it_s), entry_channel)))), NULL) = 'x\'; DROP TABLE events; --' AND if(notEmpty(arrayFilter(v -> isNotNull(v), arrayMap(p -> tupleElement(p, 2), arrayFilter(p -> tupleElement(p, 1) = assumeNotNull(first_it_s), entry_device)))), arrayReduce('min', arrayFilter(v -> isNotNull(v), arrayMap(p -> tupleElement(p, 2), arrayFilter(p -> tupleElement(p, 1) = assumeNotNull(first_it_s), entry_device)))), NULL) = 'ünï\\cödé' THEN CASE WHEN arrayExists(t -> t >= assumeNotNull(first_it_s) AND t <= addSeconds(assumeNotNull(first_it_s), 5), reached_a_b_c_d_within_5s) THEN 5 WHEN arrayExists(t -> t >= assumeNotNull(first_it_s) AND t <= addSeconds(assumeNotNull(first_it_s), 10), reached_a_b_c_d_within_10s) THEN 10 WHEN arrayExists(t -> t >= assumeNotNull(first_it_s) AND t <= addSeconds(assumeNotNull(first_it_s), 15), reached_a_b_c_d_within_15s) THEN 15 WHEN arrayExists(t -> t >= assumeNotNull(first_it_s) AND t <= addSeconds(assumeNotNull(first_it_s), 30), reached_a_b_c_d_within_30s) THEN 30 WHEN arrayExists(t -> t >= assumeNotNull(first_it_s) AND t <= addSeconds(assumeNotNull(first_it_s), 60), reached_a_b_c_d_within_60s) THEN 60 WHEN arrayExists(t -> t >= assumeNotNull(first_it_s) AND t <= addSeconds(assumeNotNull(first_it_s), 120), reached_a_b_c_d_within_120s) THEN 120 WHEN arrayExists(t -> t >= assumeNotNull(first_it_s) AND t <= addSeconds(assumeNotNull(first_it_s), 300), reached_a_b_c_d_within_300s) THEN 300 WHEN arrayExists(t -> t >= assumeNotNull(first_it_s) AND t <= addSeconds(assumeNotNull(first_it_s), 600), reached_a_b_c_d_within_600s) THEN 600 WHEN arrayExists(t -> t >= assumeNotNull(first_it_s) AND t <= addSeconds(assumeNotNull(first_it_s), 900), reached_a_b_c_d_within_900s) THEN 900 WHEN arrayExists(t -> t >= assumeNotNull(first_it_s) AND t <= addSeconds(assumeNotNull(first_it_s), 1800), reached_a_b_c_d_within_1800s) THEN 1800 WHEN arrayExists(t -> t >= assumeNotNull(first_it_s) AND t <= addSeconds(assumeNotNull(first_it_s), 3600), reached_a_b_c_d_within_3600s) THEN 3600 WHEN arrayExists(t -> t >= assumeNotNull(first_it_s) AND t <= addSeconds(assumeNotNull(first_it_s), 7200), reached_a_b_c_d_within_7200s) THEN 7200 WHEN arrayExists(t -> t >= assumeNotNull(first_it_s) AND t <= addSeconds(assumeNotNull(first_it_s), 14400), reached_a_b_c_d_within_14400s) THEN 14400 WHEN arrayExists(t -> t >= assumeNotNull(first_it_s) AND t <= addSeconds(assumeNotNull(first_it_s), 28800), reached_a_b_c_d_within_28800s) THEN 28800 WHEN arrayExists(t -> t >= assumeNotNull(first_it_s) AND t <= addSeconds(assumeNotNull(first_it_s), 43200), reached_a_b_c_d_within_43200s) THEN 43200 WHEN arrayExists(t -> t >= assumeNotNull(first_it_s) AND t <= addSeconds(assumeNotNull(first_it_s), 86400), reached_a_b_c_d_within_1d) THEN 86400 END END AS "lag_upto"
  FROM (
    SELECT
      min(CASE WHEN "node_slug" = 'it\'s' AND "created_at" < ? THEN "created_at" END) AS first_it_s,
      groupArrayIf("created_at", "node_slug" = 'a\\b -- c; d') AS reached_a_b_c_d_within_1d,
      groupArrayIf(tuple("created_at", "channel"), "node_slug" = 'it\'s' AND "created_at" < ?) AS entry_channel,
      groupArrayIf(tuple("created_at", "device"), "node_slug" = 'it\'s' AND "created_at" < ?) AS entry_device,
      max(CASE WHEN "node_slug" = 'it\'s' AND "created_at" < ? AND addSeconds("created_at", 86400) < ? THEN 1 ELSE 0 END) AS mature_it_s_within_1d,
      groupArrayIf("created_at", "node_slug" = 'a\\b -- c; d') AS reached_a_b_c_d_within_5s,
      groupArrayIf("created_at", "node_slug" = 'a\\b -- c; d') AS reached_a_b_c_d_within_10s,
      groupArrayIf("created_at", "node_slug" = 'a\\b -- c; d') AS reached_a_b_c_d_within_15s,
      groupArrayIf("created_at", "node_slug" = 'a\\b -- c; d') AS reached_a_b_c_d_within_30s,
      groupArrayIf("created_at", "node_slug" = 'a\\b -- c; d') AS reached_a_b_c_d_within_60s,
      groupArrayIf("created_at", "node_slug" = 'a\\b -- c; d') AS reached_a_b_c_d_within_120s,
      groupArrayIf("created_at", "node_slug" = 'a\\b -- c; d') AS reached_a_b_c_d_within_300s,
      groupArrayIf("created_at", "node_slug" = 'a\\b -- c; d') AS reached_a_b_c_d_within_600s,
      groupArrayIf("created_at", "node_slug" = 'a\\b -- c; d') AS reached_a_b_c_d_within_900s,
      groupArrayIf("created_at", "node_slug" = 'a\\b -- c; d') AS reached_a_b_c_d_within_1800s,
      groupArrayIf("created_at", "node_slug" = 'a\\b -- c; d') AS reached_a_b_c_d_within_3600s,
      groupArrayIf("created_at", "node_slug" = 'a\\b -- c; d') AS reached_a_b_c_d_within_7200s,
      groupArrayIf("created_at", "node_slug" = 'a\\b -- c; d') AS reached_a_b_c_d_within_14400s,
      groupArrayIf("created_at", "node_slug" = 'a\\b -- c; d') AS reached_a_b_c_d_within_28800s,
      groupArrayIf("created_at", "node_slug" = 'a\\b -- c; d') AS reached_a_b_c_d_within_43200s
    FROM "events"
    WHERE "created_at" >= ?
      AND "created_at" < ?
      AND "node_slug" IN ('it\'s', 'a\\b -- c; d')
    GROUP BY "user_id", "session_id"
  ) AS units
) AS lags
WHERE "age_upto" IS NOT NULL OR "lag_upto" IS NOT NULL
GROUP BY "ref", "age_upto", "lag_upto"
ORDER BY "ref", "age_upto", "lag_upto";
