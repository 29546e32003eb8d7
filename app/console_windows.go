//go:build windows

package main

import (
	"os"
	"syscall"
)

// fgdesk.exe is linked for the GUI subsystem (-H=windowsgui), so Windows
// gives it no console and opening it from the Start menu flashes none. A
// command typed in cmd or PowerShell ("fgdesk.exe check FILE") would then
// print nothing: attachConsole joins the console of the parent process and
// points standard output, error and input at it. Handles that are already
// valid (output redirected to a file or a pipe) are kept as they are.
// Without a parent console (started from Explorer) it does nothing.

var (
	kernel32          = syscall.NewLazyDLL("kernel32.dll")
	procAttachConsole = kernel32.NewProc("AttachConsole")
	procGetFileType   = kernel32.NewProc("GetFileType")
)

const attachParentProcess = ^uintptr(0) // ATTACH_PARENT_PROCESS, (DWORD)-1

func attachConsole() {
	redirected := func(h syscall.Handle) bool {
		if h == 0 || h == syscall.InvalidHandle {
			return false
		}
		t, _, _ := procGetFileType.Call(uintptr(h))
		return t != 0 // FILE_TYPE_UNKNOWN: no usable handle
	}
	out, _ := syscall.GetStdHandle(syscall.STD_OUTPUT_HANDLE)
	errh, _ := syscall.GetStdHandle(syscall.STD_ERROR_HANDLE)
	in, _ := syscall.GetStdHandle(syscall.STD_INPUT_HANDLE)
	if redirected(out) && redirected(errh) {
		return
	}
	if r, _, _ := procAttachConsole.Call(attachParentProcess); r == 0 {
		return
	}
	if !redirected(out) {
		if f, err := os.OpenFile("CONOUT$", os.O_WRONLY, 0); err == nil {
			os.Stdout = f
		}
	}
	if !redirected(errh) {
		if f, err := os.OpenFile("CONOUT$", os.O_WRONLY, 0); err == nil {
			os.Stderr = f
		}
	}
	if !redirected(in) {
		if f, err := os.OpenFile("CONIN$", os.O_RDONLY, 0); err == nil {
			os.Stdin = f
		}
	}
}
