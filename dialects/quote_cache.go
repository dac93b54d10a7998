package dialects

import (
	"sync"
	"sync/atomic"
)

// quoteCacheLimit bounds a quote cache: identifiers and values come from
// the schema and the references, and a long-running process must not
// keep every one it ever saw.
const quoteCacheLimit = 1024

// quoteCache remembers a pure quoting function's results. Compile
// profiles showed quoting the same few columns and values as a tenth of
// a single reference's allocations. Readers load an immutable map
// without locking; a writer copies it, which stays cheap because the map
// is small and stops growing at quoteCacheLimit.
type quoteCache struct {
	mu sync.Mutex // serialises writers
	m  atomic.Pointer[map[string]string]
}

// get returns quote(s), from the cache when it holds s.
func (c *quoteCache) get(s string, quote func(string) string) string {
	old := c.m.Load()
	if old != nil {
		if q, ok := (*old)[s]; ok {
			return q
		}
		if len(*old) >= quoteCacheLimit {
			return quote(s)
		}
	}
	q := quote(s)
	c.mu.Lock()
	defer c.mu.Unlock()
	cur := c.m.Load()
	n := 0
	if cur != nil {
		n = len(*cur)
	}
	if n >= quoteCacheLimit {
		return q
	}
	next := make(map[string]string, n+1)
	if cur != nil {
		for k, v := range *cur {
			next[k] = v
		}
	}
	next[s] = q
	c.m.Store(&next)
	return q
}
