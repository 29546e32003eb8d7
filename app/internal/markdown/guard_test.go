package markdown

import (
	"errors"
	"strings"
	"testing"
)

func TestComplexityGuard(t *testing.T) {
	const n = 240_000
	refused := []struct {
		name, src, msg string
	}{
		{"nested quotes", "intro\n\n" + strings.Repeat("> ", n/2), "body line 3: lists and quotes nested"},
		{"nested ordered", strings.Repeat("1. ", n/3), "nested 80000 deep"},
		{"nested bullets over lines", "- a\n" + strings.Repeat("- ", 40) + "x\n", "body line 2"},
		{"unclosed links", strings.Repeat("[a](", n/4), "body line 1: a paragraph of"},
		{"unclosed images", "x\n\n" + strings.Repeat("![a](", n/5), "body line 3"},
		{"nested brackets", strings.Repeat("[", n/2) + strings.Repeat("]", n/2), "split it into shorter paragraphs"},
	}
	for _, tt := range refused {
		t.Run(tt.name, func(t *testing.T) {
			if err := Check(tt.src); !errors.Is(err, ErrTooComplex) {
				t.Errorf("Check = %v", err)
			}
			_, err := Render(tt.src, Options{NoImages: true})
			if !errors.Is(err, ErrTooComplex) || !strings.Contains(err.Error(), tt.msg) {
				t.Fatalf("err = %v, want ErrTooComplex with %q", err, tt.msg)
			}
		})
	}
	var links strings.Builder
	links.WriteString("| No. | Link |\n|---|---|\n")
	for i := range 10000 {
		links.WriteString("| " + strings.Repeat("x", i%7) + " | [ITU](https://www.itu.int/) |\n")
	}
	accepted := []struct{ name, src string }{
		{"long rule", strings.Repeat("* ", 200) + "\n"},
		{"code fence", "```\n" + strings.Repeat("> ", 100) + "\n[[[[[[\n```\n"},
		{"deep but allowed", strings.Repeat("> ", MaxNesting) + "x"},
		{"table of links", links.String()},
		{"paragraph with links", strings.Repeat("See [a](https://a.example/) and [b](https://b.example/). ", 200)},
	}
	for _, tt := range accepted {
		t.Run(tt.name, func(t *testing.T) {
			if err := checkComplexity([]byte(tt.src)); err != nil {
				t.Fatal(err)
			}
			if _, err := Render(tt.src, Options{NoImages: true}); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestRenderTimeout(t *testing.T) {
	_, err := Render(bigTable(2000), Options{Timeout: 1}) // 1 ns: always too late
	if !errors.Is(err, ErrTooComplex) || !strings.Contains(err.Error(), "rendering took more than") {
		t.Fatalf("err = %v", err)
	}
	if _, err := Render("# ok", Options{Timeout: -1}); err != nil {
		t.Fatalf("no timeout: %v", err)
	}
}

func TestNesting(t *testing.T) {
	for in, want := range map[string]int{
		"":              0,
		"text":          0,
		"> a":           1,
		">>> a":         3,
		"> > - 1. x":    4,
		"  - * + a":     3,
		"1) 2. 3":       2,
		"-a":            0,
		"1234567890. x": 0, // not a list marker: too many digits
		"> 12. - > -":   4,
		"\t- \t- x":     2,
	} {
		if got := nesting([]byte(in)); got != want {
			t.Errorf("nesting(%q) = %d, want %d", in, got, want)
		}
	}
}
