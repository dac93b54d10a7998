package webhook

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"strconv"
	"strings"
)

// PriorValues is a prior as an endpoint stated it. A field is nil when the
// document did not carry it, so the caller can tell "alpha/beta given"
// from "mean/stdev given" and convert only what it must. FetchPrior always
// returns at least one complete pair.
type PriorValues struct {
	Alpha, Beta *float64 // Beta-distribution shape parameters, both > 0
	Mean, Stdev *float64 // moments; Stdev > 0
}

// PriorOption adjusts how FetchPrior reads the document.
type PriorOption func(*priorOptions)

type priorOptions struct {
	path string
}

// WithPath selects the object that holds the prior inside a larger
// document, for APIs that wrap their payload (e.g. {"data":{"prior":{…}}}).
// It takes either a dotted path ("data.prior", "items.0") or an RFC 6901
// JSON pointer ("/data/prior"); a leading "/" picks the latter. Array
// elements are addressed by decimal index in both.
func WithPath(path string) PriorOption {
	return func(o *priorOptions) { o.path = path }
}

// FetchPrior GETs rawURL with headers added (Accept defaults to
// application/json) and reads a prior from the JSON answer: an object with
// "alpha" and "beta", or "mean" and "stdev", or both pairs. Values may be
// JSON numbers or numeric strings. A nil client means one with
// DefaultTimeout.
//
// Errors say which of these went wrong: transport, non-2xx status (a
// *StatusError), malformed JSON, a path that does not lead to an object,
// or missing, half-given, non-numeric or out-of-range fields.
func FetchPrior(ctx context.Context, client *http.Client, rawURL string, headers map[string]string, opts ...PriorOption) (PriorValues, error) {
	var o priorOptions
	for _, opt := range opts {
		opt(&o)
	}
	u, err := parseURL(rawURL)
	if err != nil {
		return PriorValues{}, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return PriorValues{}, fmt.Errorf("webhook: GET %s: %w", redactURL(u), err)
	}
	req.Header.Set("Accept", "application/json")
	setHeaders(req, headers)
	resp, err := do(client, req, u)
	if err != nil {
		return PriorValues{}, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxPriorBody+1))
	if err != nil {
		return PriorValues{}, fmt.Errorf("webhook: GET %s: read body: %w", redactURL(u), err)
	}
	if len(body) > maxPriorBody {
		return PriorValues{}, fmt.Errorf("webhook: GET %s: body is larger than %d bytes", redactURL(u), maxPriorBody)
	}
	p, err := ParsePrior(body, o.path)
	if err != nil {
		return PriorValues{}, fmt.Errorf("webhook: prior from %s: %w", redactURL(u), err)
	}
	return p, nil
}

// ParsePrior reads a prior from a JSON document, at path if it is not
// empty (see WithPath for the syntax). It is FetchPrior without the HTTP,
// for priors that arrive by other means (a file, a message queue).
func ParsePrior(doc []byte, path string) (PriorValues, error) {
	dec := json.NewDecoder(bytes.NewReader(doc))
	dec.UseNumber() // keep numbers exact until we know which field they are
	var root any
	if err := dec.Decode(&root); err != nil {
		return PriorValues{}, fmt.Errorf("invalid JSON: %w", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return PriorValues{}, errors.New("invalid JSON: data after the top-level value")
	}
	v, err := lookup(root, path)
	if err != nil {
		return PriorValues{}, err
	}
	where := "document"
	if path != "" {
		where = fmt.Sprintf("%q", path)
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return PriorValues{}, fmt.Errorf("%s is %s, want an object with alpha/beta or mean/stdev", where, kind(v))
	}
	var p PriorValues
	fields := []struct {
		name string
		dst  **float64
	}{{"alpha", &p.Alpha}, {"beta", &p.Beta}, {"mean", &p.Mean}, {"stdev", &p.Stdev}}
	for _, f := range fields {
		x, err := number(obj, f.name)
		if err != nil {
			return PriorValues{}, fmt.Errorf("%s: %w", where, err)
		}
		*f.dst = x
	}
	if (p.Alpha == nil) != (p.Beta == nil) {
		return PriorValues{}, fmt.Errorf("%s: alpha and beta must be given together", where)
	}
	if (p.Mean == nil) != (p.Stdev == nil) {
		return PriorValues{}, fmt.Errorf("%s: mean and stdev must be given together", where)
	}
	if p.Alpha == nil && p.Mean == nil {
		return PriorValues{}, fmt.Errorf("%s has neither alpha/beta nor mean/stdev", where)
	}
	// A Beta prior needs positive shapes, and a prior with no spread
	// cannot be updated; catching that here names the culprit.
	for _, c := range []struct {
		name string
		v    *float64
	}{{"alpha", p.Alpha}, {"beta", p.Beta}, {"stdev", p.Stdev}} {
		if c.v != nil && *c.v <= 0 {
			return PriorValues{}, fmt.Errorf("%s: %s must be > 0, got %v", where, c.name, *c.v)
		}
	}
	return p, nil
}

// number reads obj[name] as a finite float. Missing and null both mean
// "not given".
func number(obj map[string]any, name string) (*float64, error) {
	raw, ok := obj[name]
	if !ok || raw == nil {
		return nil, nil
	}
	var s string
	switch v := raw.(type) {
	case json.Number:
		s = v.String()
	case string:
		s = strings.TrimSpace(v)
	default:
		return nil, fmt.Errorf("%s is %s, want a number", name, kind(raw))
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return nil, fmt.Errorf("%s is %q, want a finite number", name, s)
	}
	return &f, nil
}

// lookup follows a dotted path or JSON pointer from root.
func lookup(root any, path string) (any, error) {
	if path == "" {
		return root, nil
	}
	var segs []string
	if strings.HasPrefix(path, "/") {
		for _, s := range strings.Split(path[1:], "/") {
			// RFC 6901: ~1 is "/", ~0 is "~", in that order.
			segs = append(segs, strings.ReplaceAll(strings.ReplaceAll(s, "~1", "/"), "~0", "~"))
		}
	} else {
		segs = strings.Split(path, ".")
	}
	cur := root
	for i, seg := range segs {
		at := "the document root"
		if i > 0 {
			at = fmt.Sprintf("%q", strings.Join(segs[:i], "."))
		}
		switch c := cur.(type) {
		case map[string]any:
			next, ok := c[seg]
			if !ok {
				return nil, fmt.Errorf("path %q: no field %q in the object at %s", path, seg, at)
			}
			cur = next
		case []any:
			n, err := strconv.Atoi(seg)
			if err != nil || n < 0 || n >= len(c) {
				return nil, fmt.Errorf("path %q: %q is not an index of the %d-element array at %s", path, seg, len(c), at)
			}
			cur = c[n]
		default:
			return nil, fmt.Errorf("path %q: %s is %s, cannot look up %q in it", path, at, kind(cur), seg)
		}
	}
	return cur, nil
}

// kind names a decoded JSON value's type for error messages.
func kind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case map[string]any:
		return "an object"
	case []any:
		return "an array"
	case string:
		return "a string"
	case json.Number:
		return "a number"
	case bool:
		return "a boolean"
	}
	return fmt.Sprintf("a %T", v)
}
