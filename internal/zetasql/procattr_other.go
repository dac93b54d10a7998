//go:build !linux

package zetasql

import "syscall"

// dieWithParent has no portable equivalent outside Linux; the packaged
// server runs on Linux only anyway.
func dieWithParent() *syscall.SysProcAttr { return nil }
