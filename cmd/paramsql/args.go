package main

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/paramsql/paramsql/compiler"
)

// oneArg accepts exactly one argument, and says what it is when it is
// missing or doubled: cobra's own "accepts 1 arg(s), received 0" names
// neither the argument nor an example.
func oneArg(what, example string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		switch {
		case len(args) == 0:
			return fmt.Errorf("%s needs %s, as in: %s", cmd.Name(), what, example)
		case len(args) > 1:
			return fmt.Errorf("%s takes one argument, %s; found %d: %q", cmd.Name(), what, len(args), args)
		}
		return nil
	}
}

// atLeastOneArg accepts one argument or more, and says what they are when
// none is given.
func atLeastOneArg(what, example string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) == 0 {
			return fmt.Errorf("%s needs %s, as in: %s", cmd.Name(), what, example)
		}
		return nil
	}
}

// argumentError names the argument a reference error is in when a command
// was given several: "<arg 2>:1:12: ...". One reference needs no name.
func argumentError(err error, i, n int) error {
	var perr *compiler.Error
	if n < 2 || !errors.As(err, &perr) {
		return err
	}
	return perr.At(fmt.Sprintf("<arg %d>", i+1), 1, 1)
}
