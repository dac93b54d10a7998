package dialects

import "slices"

// sqlBuffer is the text of a statement being written: the methods of
// strings.Builder the renderers use, over a byte slice that a renderer
// may resolve its placeholder markers in (see finishStatement) and keep
// for the next statement. A strings.Builder's bytes can be neither.
type sqlBuffer struct{ b []byte }

// The writes extend s.b within its capacity by reslicing it from 0,
// which the compiler stores without the slice's pointer, so without a
// write barrier: append stores the pointer back on every call, and those
// barriers, taken while the collector marks, showed in compile profiles.

func (s *sqlBuffer) WriteString(x string) (int, error) { return put(s, x) }

func (s *sqlBuffer) Write(p []byte) (int, error) { return put(s, p) }

// put is WriteString and Write: the same bytes, from either kind.
func put[T string | []byte](s *sqlBuffer, x T) (int, error) {
	n := len(s.b)
	if len(x) > cap(s.b)-n {
		s.b = append(s.b, x...)
		return len(x), nil
	}
	s.b = s.b[:n+len(x)]
	copy(s.b[n:], x)
	return len(x), nil
}

func (s *sqlBuffer) WriteByte(c byte) error {
	n := len(s.b)
	if n == cap(s.b) {
		s.b = append(s.b, c)
		return nil
	}
	s.b = s.b[:n+1]
	s.b[n] = c
	return nil
}

// Grow makes room for n more bytes.
func (s *sqlBuffer) Grow(n int) { s.b = slices.Grow(s.b, n) }

// Len is how many bytes are written.
func (s *sqlBuffer) Len() int { return len(s.b) }

// String is a copy of the text: the buffer may be written again.
func (s *sqlBuffer) String() string { return string(s.b) }
