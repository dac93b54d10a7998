package dialects

import "slices"

// sqlBuffer is the text of a statement being written: the methods of
// strings.Builder the renderers use, over a byte slice that a renderer
// may resolve its placeholder markers in (see finishStatement) and keep
// for the next statement. A strings.Builder's bytes can be neither.
type sqlBuffer struct{ b []byte }

func (s *sqlBuffer) WriteString(x string) (int, error) {
	s.b = append(s.b, x...)
	return len(x), nil
}

func (s *sqlBuffer) Write(p []byte) (int, error) {
	s.b = append(s.b, p...)
	return len(p), nil
}

func (s *sqlBuffer) WriteByte(c byte) error {
	s.b = append(s.b, c)
	return nil
}

// Grow makes room for n more bytes.
func (s *sqlBuffer) Grow(n int) { s.b = slices.Grow(s.b, n) }

// Len is how many bytes are written.
func (s *sqlBuffer) Len() int { return len(s.b) }

// String is a copy of the text: the buffer may be written again.
func (s *sqlBuffer) String() string { return string(s.b) }
