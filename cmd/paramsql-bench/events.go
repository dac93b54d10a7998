package main

import (
	"database/sql"
	"fmt"
	"time"
)

// benchStart is the first event's time; the events span 60 days from it.
var benchStart = time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC)

// generateEvents fills table events with n synthetic events inside DuckDB:
// sessions of eight steps that walk homepage, a product or content page,
// pricing, a signup attempt and success, and a checkout attempt and
// success, each step present with a probability that depends on the
// session's channel and device. DuckDB's hash makes it deterministic.
func generateEvents(db *sql.DB, n int64) error {
	const days = 60
	q := fmt.Sprintf(`
CREATE OR REPLACE TABLE events AS
WITH raw AS (
  SELECT
    i // 8 AS sid,
    i %% 8 AS step,
    CAST(hash(i // 8) >> 1 AS BIGINT) AS hs,
    CAST(hash(i) >> 1 AS BIGINT) AS he
  FROM range(%d) AS t(i)
), shaped AS (
  SELECT
    sid, step, he,
    'u' || CAST(sid // 3 AS VARCHAR) AS user_id,
    's' || CAST(sid %% 3 AS VARCHAR) AS session_id,
    ['google', 'facebook', 'direct', 'email'][1 + hs %% 4] AS channel,
    ['mobile', 'desktop', 'tablet'][1 + (hs // 4) %% 3] AS device,
    CASE WHEN (hs // 12) %% 20 = 0 THEN NULL ELSE ['us', 'gb', 'de', 'fr', 'in'][1 + (hs // 12) %% 5] END AS country,
    TIMESTAMP '%s' + to_seconds(CAST((hs // 240) %% (%d * 86400) AS BIGINT)) + to_seconds(step * 45 + CAST(he %% 30 AS BIGINT)) AS created_at,
    (hs // 100000) %% 1000 AS roll
  FROM raw
)
SELECT
  user_id,
  session_id,
  CASE step
    WHEN 3 THEN CASE WHEN roll < 700 THEN 'signup_attempt' ELSE 'page_view' END
    WHEN 4 THEN CASE WHEN roll < 250 + (CASE WHEN channel = 'google' THEN 100 ELSE 0 END) THEN 'signup_success' ELSE 'page_view' END
    WHEN 5 THEN CASE WHEN roll %% 7 < 3 THEN 'checkout_attempt' ELSE 'page_view' END
    WHEN 6 THEN CASE WHEN roll %% 7 < 1 + (CASE WHEN device = 'desktop' THEN 1 ELSE 0 END) THEN 'checkout_success' ELSE 'page_view' END
    ELSE 'page_view'
  END AS event_type,
  CASE step
    WHEN 0 THEN 'homepage'
    WHEN 1 THEN ['pricing', 'demo', 'docs', 'product-page-1', 'product-page-2', 'product-page-3'][1 + he %% 6]
    WHEN 2 THEN ['pricing', 'homepage', 'docs', 'blog'][1 + he %% 4]
    WHEN 3 THEN CASE WHEN roll < 700 THEN 'signup' ELSE 'blog' END
    WHEN 4 THEN 'signup'
    WHEN 5 THEN 'checkout'
    WHEN 6 THEN 'checkout'
    ELSE ['homepage', 'pricing', 'demo'][1 + he %% 3]
  END AS node_slug,
  created_at,
  channel,
  device,
  country
FROM shaped
ORDER BY created_at`, n, benchStart.Format("2006-01-02 15:04:05"), days)
	_, err := db.Exec(q)
	return err
}
