package main

import (
	"fmt"
	"io"
)

// lockWaitNotice tells the user, once per wait, that the command waits for
// another run of the project: without it a second update, run or history
// would sit silent for up to the lock's timeout.
func lockWaitNotice(errw io.Writer) func(holder string) {
	return func(holder string) {
		fmt.Fprintf(errw, "paramsql: another run is updating this project (%s); waiting for it to finish\n", holder)
	}
}
