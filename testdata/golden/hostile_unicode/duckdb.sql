-- e.signup.context(country='ünïcödé 😀 数据')
SELECT
  count(*) FILTER (WHERE first_signup_attempt IS NOT NULL AND entry_country = 1) AS "trials",
  count(*) FILTER (WHERE first_signup_attempt IS NOT NULL AND entry_country = 1 AND epoch_us(last_signup_success) >= first_signup_attempt) AS "successes"
FROM (
  SELECT
    (min(epoch_us("created_at") * 4 + CASE WHEN "country" = 'ünïcödé 😀 数据' THEN 1 WHEN "country" IS NULL THEN 3 WHEN "country" < 'ünïcödé 😀 数据' THEN 0 ELSE 2 END) FILTER (WHERE "event_type" = 'signup_attempt') >> 2) AS first_signup_attempt,
    max(CASE WHEN "event_type" = 'signup_success' THEN "created_at" END) AS last_signup_success,
    NULLIF((min(epoch_us("created_at") * 4 + CASE WHEN "country" = 'ünïcödé 😀 数据' THEN 1 WHEN "country" IS NULL THEN 3 WHEN "country" < 'ünïcödé 😀 数据' THEN 0 ELSE 2 END) FILTER (WHERE "event_type" = 'signup_attempt') & 3), 3) AS entry_country
  FROM "events"
  WHERE "created_at" >= ?
    AND "created_at" < ?
    AND "event_type" IN ('signup_attempt', 'signup_success')
  GROUP BY "user_id", "session_id"
) AS units
WHERE first_signup_attempt IS NOT NULL AND entry_country = 1;
