-- e.signup.contextAny(channel='bing',channel='google',device='mobile').attribution(event)
SELECT
  count(CASE WHEN first_signup_attempt IS NOT NULL THEN 1 END) AS `trials`,
  count(CASE WHEN first_signup_attempt IS NOT NULL AND last_signup_success >= first_signup_attempt THEN 1 END) AS `successes`
FROM (
  SELECT
    min(CASE WHEN `event_type` = 'signup_attempt' THEN `created_at` END) AS first_signup_attempt,
    max(CASE WHEN `event_type` = 'signup_success' THEN `created_at` END) AS last_signup_success
  FROM `events`
  WHERE `created_at` >= ?
    AND `created_at` < ?
    AND `channel` IN ('bing', 'google')
    AND `device` = 'mobile'
    AND `event_type` IN ('signup_attempt', 'signup_success')
  GROUP BY `user_id`, `session_id`
) AS units;
