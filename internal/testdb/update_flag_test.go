package testdb_test

// The shared -update flag, registered so that go test ./... -update is
// accepted by this package's test binary too.
import _ "github.com/paramsql/paramsql/internal/golden"
