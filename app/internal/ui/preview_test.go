package ui

import (
	"strings"
	"testing"

	"github.com/fgdesk/fgdesk/app/internal/contribution"
)

func TestPreviewChunks(t *testing.T) {
	body := "# A\n\ntext\n\n```\n# not a heading\n\n```\n\n## B\n\n| Criterion | Weight |\n|:--|--:|\n| Market impact | 3 |\n| Effort | 1 |\n\nafter\n"
	chunks := previewChunks(body)
	if len(chunks) != 2 {
		t.Fatalf("%d chunks: %q", len(chunks), chunks)
	}
	if !strings.Contains(chunks[0], "# not a heading") {
		t.Errorf("a fenced block was cut: %q", chunks[0])
	}
	want := "```\nCriterion     | Weight\n------------- | ------\nMarket impact | 3\nEffort        | 1\n```"
	if !strings.Contains(chunks[1], want) {
		t.Errorf("table not aligned:\n%s", chunks[1])
	}
	wide := previewChunks("| Criterion | Question asked | Weight |\n|---|---|---|\n| Market impact | How many users or operators are affected? | 3 |\n")
	if want := "- **Market impact** — Question asked: How many users or operators are affected?; Weight: 3"; !strings.Contains(wide[0], want) {
		t.Errorf("wide table:\n%s", wide[0])
	}
	// Nothing is lost: every line of the body is in some chunk.
	long := longBody(2000)
	cs := previewChunks(long)
	if len(cs) < 40 {
		t.Errorf("a 2,000-line body in %d chunks", len(cs))
	}
	if got := strings.Join(cs, "\n"); strings.Count(got, "\n") < strings.Count(long, "\n")-2 {
		t.Errorf("chunks hold %d lines of %d", strings.Count(got, "\n"), strings.Count(long, "\n"))
	}
	// A long section without headings is cut at paragraph breaks.
	para := strings.Repeat("A paragraph line.\n\n", 400)
	if n := len(previewChunks(para)); n < 5 {
		t.Errorf("long section in %d chunks", n)
	}
}

func TestComposePreviewLongBody(t *testing.T) {
	f := newFixture(t)
	c := f.win.compose
	c.setModel(&contribution.Model{Body: longBody(2000)})
	c.bodyTabs.SelectIndex(1)
	if n := c.preview.list.Length(); n < 40 {
		t.Fatalf("preview list has %d sections", n)
	}
}

// FuzzPreviewChunks: any body splits and aligns without a panic, and
// every line without a table pipe is kept.
func FuzzPreviewChunks(f *testing.F) {
	f.Add("# A\n\n| a | b |\n|---|:-:|\n| 1 | 2 |\n\n```\n# x\n```\n")
	f.Add("|\n-\n|")
	f.Add(strings.Repeat("p\n\n", 100))
	f.Fuzz(func(t *testing.T, body string) {
		got := strings.Join(previewChunks(body), "\n")
		for _, l := range strings.Split(body, "\n") {
			if !strings.Contains(l, "|") && !strings.Contains(l, "-") && strings.TrimSpace(l) != "" && !strings.Contains(got, l) {
				t.Fatalf("line %q lost", l)
			}
		}
	})
}
