package main

import (
	"net"
	"runtime"
	"testing"
)

func TestXServerAnswers(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("abstract Unix sockets are Linux only")
	}
	l, err := net.Listen("unix", "@/tmp/.X11-unix/X9876")
	if err != nil {
		t.Skipf("cannot listen on an abstract socket: %v", err)
	}
	defer l.Close()
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			c.Close()
		}
	}()
	for _, tt := range []struct {
		display string
		want    bool
	}{
		{":9876", true},
		{":9876.0", true},
		{"unix:9876", true},
		{":9877", false},
		{"garbage", true}, // left to GLFW
	} {
		if got := xServerAnswers(tt.display); got != tt.want {
			t.Errorf("xServerAnswers(%q) = %v, want %v", tt.display, got, tt.want)
		}
	}
	t.Setenv("WAYLAND_DISPLAY", "")
	t.Setenv("DISPLAY", ":9877")
	if msg := noDisplay(); msg == "" {
		t.Error("noDisplay() is empty for a display with no server")
	}
	t.Setenv("DISPLAY", "")
	if msg := noDisplay(); msg == "" {
		t.Error("noDisplay() is empty without DISPLAY")
	}
}
