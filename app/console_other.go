//go:build !windows

package main

// attachConsole is needed on Windows only (see console_windows.go): other
// systems give a program its terminal's standard streams.
func attachConsole() {}
