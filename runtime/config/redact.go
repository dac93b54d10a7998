package config

import (
	"regexp"
	"strings"
)

// redacted replaces every secret in a DSN.
const redacted = "xxxxx"

// secretKeyRE finds key=value pairs whose key names a secret, in the
// key=value form of libpq and in URL query strings. A value may be quoted
// with single quotes (libpq) or run to the next space, & or ;.
var secretKeyRE = regexp.MustCompile(`(?i)\b([a-z_]*(?:password|passwd|pwd|secret|token|api_?key)|pass)(\s*=\s*)('(?:[^'\\]|\\.)*'|[^\s&;]*)`)

// RedactDSN hides the secrets of a data source name so it can be printed:
// the password of URL userinfo (postgres://user:xxxxx@host/db), of the
// MySQL form (user:xxxxx@tcp(host)/db) and the values of password=,
// token=, secret= and api_key= style options. Text without secrets is
// returned unchanged.
func RedactDSN(dsn string) string {
	s := secretKeyRE.ReplaceAllString(dsn, "${1}${2}"+redacted)
	// URL form: scheme://user:password@host/...
	rest, prefix := s, ""
	if i := strings.Index(s, "://"); i >= 0 {
		prefix, rest = s[:i+3], s[i+3:]
		// The authority ends at the first /, ? or # after the userinfo's @;
		// the password may itself hold / or ?, so look for the last @
		// before the query.
		end := len(rest)
		if q := strings.IndexAny(rest, "?#"); q >= 0 {
			end = q
		}
		at := strings.LastIndex(rest[:end], "@")
		if at < 0 {
			at = strings.LastIndex(rest, "@") // a password holding ? or #
		}
		return prefix + redactUserinfo(rest, at)
	}
	// MySQL form: user:password@protocol(address)/dbname?options. The
	// driver takes the last @ before the last /.
	end := len(rest)
	if sl := strings.LastIndex(rest, "/"); sl >= 0 {
		end = sl
	}
	return redactUserinfo(rest, strings.LastIndex(rest[:end], "@"))
}

// redactUserinfo hides the password of the user:password before s[at].
func redactUserinfo(s string, at int) string {
	if at < 0 {
		return s
	}
	user := s[:at]
	colon := strings.Index(user, ":")
	if colon < 0 || strings.ContainsAny(user[:colon], " =") {
		return s
	}
	return user[:colon+1] + redacted + s[at:]
}
