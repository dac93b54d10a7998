-- e.from(pricing).to(signup).excludeBetween(demo).context(channel).attempt(any)
SELECT
  entry_channel AS channel,
  COUNT_IF(first_pricing IS NOT NULL) AS trials,
  COUNT_IF(first_pricing IS NOT NULL AND converts_pricing_unblocked IS NOT NULL) AS successes
FROM (
  SELECT
    min(CASE WHEN node_slug = 'pricing' THEN created_at END) AS first_pricing,
    min(CASE WHEN node_slug = 'pricing' AND (prev_converts_pricing_unblocked = created_at OR next_converts_pricing_unblocked = created_at OR (next_converts_pricing_unblocked IS NOT NULL AND (blocker_converts_pricing_unblocked IS NULL OR blocker_converts_pricing_unblocked <= created_at OR next_converts_pricing_unblocked <= blocker_converts_pricing_unblocked))) THEN created_at END) AS converts_pricing_unblocked,
    min(CASE WHEN node_slug = 'pricing' AND created_at = COALESCE(unit_converts_pricing_unblocked, anchor_first_pricing) THEN channel END) AS entry_channel
  FROM (
    SELECT
      ev.*,
      min(CASE WHEN node_slug = 'pricing' AND (prev_converts_pricing_unblocked = created_at OR next_converts_pricing_unblocked = created_at OR (next_converts_pricing_unblocked IS NOT NULL AND (blocker_converts_pricing_unblocked IS NULL OR blocker_converts_pricing_unblocked <= created_at OR next_converts_pricing_unblocked <= blocker_converts_pricing_unblocked))) THEN created_at END) OVER (PARTITION BY user_id, session_id) AS unit_converts_pricing_unblocked
    FROM (
      SELECT
        ev.*,
        max(after_converts_pricing_unblocked) OVER (PARTITION BY user_id, session_id, created_at) AS blocker_converts_pricing_unblocked
      FROM (
        SELECT
          user_id,
          session_id,
          created_at,
          node_slug,
          channel,
          min(CASE WHEN node_slug = 'signup' THEN created_at END) OVER (PARTITION BY user_id, session_id ORDER BY created_at, CASE WHEN node_slug = 'signup' THEN 1 ELSE 0 END, CASE WHEN node_slug = 'pricing' THEN 1 ELSE 0 END ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING) AS next_converts_pricing_unblocked,
          max(CASE WHEN node_slug = 'signup' THEN created_at END) OVER (PARTITION BY user_id, session_id ORDER BY created_at, CASE WHEN node_slug = 'signup' THEN 1 ELSE 0 END, CASE WHEN node_slug = 'pricing' THEN 1 ELSE 0 END ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev_converts_pricing_unblocked,
          min(CASE WHEN node_slug = 'demo' THEN created_at END) OVER (PARTITION BY user_id, session_id ORDER BY created_at ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING) AS after_converts_pricing_unblocked,
          min(CASE WHEN node_slug = 'pricing' THEN created_at END) OVER (PARTITION BY user_id, session_id) AS anchor_first_pricing
        FROM events
        WHERE created_at >= ?
          AND created_at < ?
          AND node_slug IN ('pricing', 'signup', 'demo')
      ) AS ev
    ) AS ev
  ) AS ev
  GROUP BY user_id, session_id
) AS units
WHERE first_pricing IS NOT NULL
GROUP BY entry_channel
ORDER BY channel;
