-- e.signup.visited(pricing).context(device='mobile').within(36h)
SELECT
  count(*) FILTER (WHERE first_signup_attempt IS NOT NULL AND at_pricing = 1 AND entry_device = 1 AND mature_signup_attempt_within_36h = 1) AS "trials",
  count(*) FILTER (WHERE first_signup_attempt IS NOT NULL AND at_pricing = 1 AND entry_device = 1 AND mature_signup_attempt_within_36h = 1 AND reached_signup_success_within_36h = 1) AS "successes",
  count(*) FILTER (WHERE first_signup_attempt IS NOT NULL AND at_pricing = 1 AND entry_device = 1 AND mature_signup_attempt_within_36h = 0) AS "immature"
FROM (
  SELECT
    min(CASE WHEN "event_type" = 'signup_attempt' AND "created_at" < ? THEN "created_at" END) AS first_signup_attempt,
    max(CASE WHEN "node_slug" = 'pricing' AND "created_at" < ? THEN 1 ELSE 0 END) AS at_pricing,
    max(CASE WHEN "event_type" = 'signup_success' AND "created_at" >= anchor_first_signup_attempt AND "created_at" <= anchor_first_signup_attempt + INTERVAL '129600' SECOND THEN 1 ELSE 0 END) AS reached_signup_success_within_36h,
    NULLIF((min(epoch_us("created_at") * 4 + CASE WHEN "device" = 'mobile' THEN 1 WHEN "device" IS NULL THEN 3 WHEN "device" < 'mobile' THEN 0 ELSE 2 END) FILTER (WHERE "event_type" = 'signup_attempt' AND "created_at" < ?) & 3), 3) AS entry_device,
    max(CASE WHEN "event_type" = 'signup_attempt' AND "created_at" < ? AND "created_at" + INTERVAL '129600' SECOND < ? THEN 1 ELSE 0 END) AS mature_signup_attempt_within_36h
  FROM (
    SELECT
      "user_id",
      "session_id",
      "created_at",
      "event_type",
      "node_slug",
      "device",
      min(CASE WHEN "event_type" = 'signup_attempt' AND "created_at" < ? THEN "created_at" END) OVER (PARTITION BY "user_id", "session_id") AS anchor_first_signup_attempt
    FROM "events"
    WHERE "created_at" >= ?
      AND "created_at" < ?
      AND (CASE WHEN "event_type" IN ('signup_attempt', 'signup_success') THEN true ELSE "node_slug" = 'pricing' END)
  ) AS ev
  GROUP BY "user_id", "session_id"
) AS units
WHERE first_signup_attempt IS NOT NULL AND entry_device = 1;
