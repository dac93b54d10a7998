-- e.signup.excludeBetween(docs,pricing).within(1h)
SELECT
  count(*) FILTER (WHERE first_signup_attempt IS NOT NULL AND mature_signup_attempt_within_1h = 1) AS "trials",
  count(*) FILTER (WHERE first_signup_attempt IS NOT NULL AND mature_signup_attempt_within_1h = 1 AND (count_signup_success_at_anchor >= 1 OR next_signup_success IS NOT NULL AND next_signup_success <= first_signup_attempt + INTERVAL '3600' SECOND AND CASE WHEN next_signup_success > next_between_excluded THEN 0 ELSE 1 END = 1)) AS "successes",
  count(*) FILTER (WHERE first_signup_attempt IS NOT NULL AND mature_signup_attempt_within_1h = 0) AS "immature"
FROM (
  SELECT
    min(CASE WHEN "event_type" = 'signup_attempt' AND "created_at" < ? THEN "created_at" END) AS first_signup_attempt,
    count(*) FILTER (WHERE "event_type" = 'signup_success' AND "created_at" >= anchor_first_signup_attempt AND "created_at" <= anchor_first_signup_attempt) AS count_signup_success_at_anchor,
    min(CASE WHEN "event_type" = 'signup_success' AND "created_at" > anchor_first_signup_attempt THEN "created_at" END) AS next_signup_success,
    min(CASE WHEN ("node_slug" = 'docs' OR "node_slug" = 'pricing') AND "created_at" > anchor_first_signup_attempt THEN "created_at" END) AS next_between_excluded,
    max(CASE WHEN "event_type" = 'signup_attempt' AND "created_at" < ? AND "created_at" + INTERVAL '3600' SECOND < ? THEN 1 ELSE 0 END) AS mature_signup_attempt_within_1h
  FROM (
    SELECT
      "user_id",
      "session_id",
      "created_at",
      "event_type",
      "node_slug",
      min(CASE WHEN "event_type" = 'signup_attempt' AND "created_at" < ? THEN "created_at" END) OVER (PARTITION BY "user_id", "session_id") AS anchor_first_signup_attempt
    FROM "events"
    WHERE "created_at" >= ?
      AND "created_at" < ?
      AND (CASE WHEN "event_type" IN ('signup_attempt', 'signup_success') THEN true ELSE "node_slug" IN ('docs', 'pricing') END)
  ) AS ev
  GROUP BY "user_id", "session_id"
) AS units;
