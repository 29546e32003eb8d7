package main

import (
	"net"
	"os"
	"runtime"
	"strconv"
	"strings"
	"time"
)

// noDisplay says why the desktop app cannot open a window, in one line, or
// returns "". On X11 and Wayland systems a window needs WAYLAND_DISPLAY or
// a DISPLAY whose X server answers (GLFW would otherwise panic with a
// stack trace); macOS and Windows always have a display.
func noDisplay() string {
	switch runtime.GOOS {
	case "windows", "darwin", "android", "ios", "js":
		return ""
	}
	if os.Getenv("WAYLAND_DISPLAY") != "" {
		return ""
	}
	d := os.Getenv("DISPLAY")
	if d == "" {
		return "no display for the desktop app (DISPLAY and WAYLAND_DISPLAY are not set); run fgdesk help for the command line"
	}
	if !xServerAnswers(d) {
		return "no display for the desktop app: cannot connect to the X server at DISPLAY=" + d + "; run fgdesk help for the command line"
	}
	return ""
}

// xServerAnswers reports whether the X server of display d
// ("[host]:N[.screen]") accepts a connection: the Unix socket
// /tmp/.X11-unix/XN (or its abstract twin) for a local display, TCP port
// 6000+N for a remote one. An address it cannot parse is left to GLFW.
func xServerAnswers(d string) bool {
	host, num, ok := strings.Cut(d, ":")
	if !ok {
		return true
	}
	num, _, _ = strings.Cut(num, ".")
	n, err := strconv.Atoi(num)
	if err != nil || n < 0 {
		return true
	}
	dial := func(network, addr string) bool {
		c, err := net.DialTimeout(network, addr, 2*time.Second)
		if err == nil {
			c.Close()
		}
		return err == nil
	}
	if host == "" || host == "unix" || strings.HasPrefix(host, "/") {
		sock := "/tmp/.X11-unix/X" + num
		if strings.HasPrefix(host, "/") { // macOS-style launchd path
			return true
		}
		return dial("unix", sock) || dial("unix", "@"+sock) || dial("tcp", net.JoinHostPort("localhost", strconv.Itoa(6000+n)))
	}
	return dial("tcp", net.JoinHostPort(host, strconv.Itoa(6000+n)))
}
