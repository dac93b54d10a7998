// Package goldenflag defines the -update flag of `go test ./... -update`.
// It imports nothing of this module, so that the packages that
// internal/golden itself depends on (through its golden cases) can accept
// the flag too: a test binary without it stops the whole run with "flag
// provided but not defined".
package goldenflag

import "flag"

// Update is set by `go test ... -update`: golden files are rewritten from
// the current output instead of compared against it.
var Update = flag.Bool("update", false, "rewrite golden files from the current output")
