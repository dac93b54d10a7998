package dialects

import "sync"

// quoteCacheLimit bounds a quote cache: identifiers and values come from
// the schema and the references, and a long-running process must not
// keep every one it ever saw.
const quoteCacheLimit = 4096

// quoteCache remembers a pure quoting function's results. Compile
// profiles showed quoting the same few columns and values as a tenth of
// a single reference's allocations.
type quoteCache struct {
	mu sync.RWMutex
	m  map[string]string
}

// get returns quote(s), from the cache when it holds s.
func (c *quoteCache) get(s string, quote func(string) string) string {
	c.mu.RLock()
	q, ok := c.m[s]
	c.mu.RUnlock()
	if ok {
		return q
	}
	q = quote(s)
	c.mu.Lock()
	if c.m == nil {
		c.m = make(map[string]string)
	}
	if len(c.m) < quoteCacheLimit {
		c.m[s] = q
	}
	c.mu.Unlock()
	return q
}
